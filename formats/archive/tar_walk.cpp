#include "formats/archive/tar_walk.hpp"

#include <algorithm>

#include "formats/names/names.hpp"

namespace modelseal::formats::archive_detail {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;
constexpr int64_t kPermissionBits = 0777;

uint64_t padding_after(uint64_t size) { return (kBlockSize - size % kBlockSize) % kBlockSize; }

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= ' ' && c <= '~'; });
}

}  // namespace

TarWalker::TarWalker(ByteStream& stream, const ArchiveAuditOptions& options, ArchiveAudit& audit,
                     AuditOut& out)
    : stream_(stream),
      options_(options),
      limits_(options.limits),
      audit_(audit),
      out_(out),
      names_(options.limits, out),
      chunk_(kChunkBytes) {}

bool TarWalker::next_entry() {
  if (out_.stopped() || ended_) return false;
  if (!skip(data_left_) || !skip_padding()) return false;
  while (!out_.stopped()) {
    const uint64_t at = audit_.tar_bytes;
    const bool first = first_block_;
    first_block_ = false;
    Block block;
    const size_t got = read(block);
    if (got < block.size()) {
      if (stream_.failure()) return false;
      if (first) return not_an_archive(std::to_string(got) + " bytes, less than one tar block");
      out_.fatal("archive.truncated", at, "no end-of-archive marker (two zero blocks)");
      return false;
    }
    if (is_zero_block(block)) return finish(at);
    if (!has_ustar_magic(block) || !checksum_matches(block)) return refuse_block(block, at, first);
    TarHeader header;
    if (auto problem = parse_header(block, header)) {
      out_.fatal(problem->id, at, std::move(problem->message));
      return false;
    }
    if (!pending_.start) pending_.start = at;
    if (header.type != 'x') return dispatch(header, at);
    if (!pax_header(header, at)) return false;
  }
  return false;
}

size_t TarWalker::read_data(std::span<uint8_t> out) {
  if (out_.stopped()) return 0;
  const auto want = static_cast<size_t>(std::min<uint64_t>(out.size(), data_left_));
  if (want == 0) return 0;
  const uint64_t at = audit_.tar_bytes;
  const size_t got = read(out.first(want));
  data_left_ -= got;
  if (got < want && !stream_.failure())
    out_.fatal("archive.truncated", at, "the archive ends inside an entry's data");
  return out_.stopped() || stream_.failure() ? 0 : got;
}

bool TarWalker::skip_data() {
  if (out_.stopped() || options_.on_tar_bytes) return false;
  if (data_left_ == 0) return true;
  if (!stream_.skip(data_left_)) return false;
  audit_.tar_bytes += data_left_;
  data_left_ = 0;
  return true;
}

size_t TarWalker::read(std::span<uint8_t> out) {
  const size_t n = stream_.read(out);
  if (n > 0 && options_.on_tar_bytes) options_.on_tar_bytes(out.first(n));
  audit_.tar_bytes += n;
  return n;
}

bool TarWalker::read_exact(std::span<uint8_t> out, std::string_view what) {
  const uint64_t at = audit_.tar_bytes;
  if (read(out) == out.size()) return true;
  if (!stream_.failure())
    out_.fatal("archive.truncated", at, "the archive ends inside " + std::string(what));
  return false;
}

bool TarWalker::not_an_archive(std::string why) {
  out_.fatal("archive.not_an_archive", 0, "not a tar archive: " + why);
  return false;
}

bool TarWalker::refuse_block(const Block& block, uint64_t at, bool first) {
  if (first)
    return not_an_archive(has_ustar_magic(block) ? "bad header checksum" : "no ustar header");
  if (has_ustar_magic(block))
    out_.fatal("archive.bad_checksum", at, "the header checksum does not match");
  else
    out_.fatal("archive.malformed_header", at, "a header without the ustar magic");
  return false;
}

// Headers other tar readers apply to the entries around them, each in its own
// way: nothing after one can be read the same way by all of them.
bool TarWalker::dispatch(const TarHeader& header, uint64_t at) {
  switch (header.type) {
    case 'g':
      out_.fatal("archive.global_header", at,
                 "a pax global header ('g'): readers disagree on what it changes");
      return false;
    case 'L':
    case 'K':
      out_.fatal("archive.gnu_long_name", at,
                 std::string("a GNU long ") + (header.type == 'L' ? "name" : "link name") +
                     " header ('" + header.type + "'): bundles name files with pax 'path' records");
      return false;
    default:
      return entry(header, at);
  }
}

// Reads the data of a metadata header, at most `limit` bytes.
std::optional<std::string> TarWalker::read_meta(const TarHeader& header, uint64_t at,
                                                uint64_t limit, std::string_view id) {
  if (header.size > limit) {
    out_.fatal(id, at,
               "a '" + std::string(1, header.type) + "' header of " + std::to_string(header.size) +
                   " bytes (limit " + std::to_string(limit) + ")");
    return std::nullopt;
  }
  std::string data(static_cast<size_t>(header.size), '\0');
  if (!read_exact({reinterpret_cast<uint8_t*>(data.data()), data.size()}, "an extended header"))
    return std::nullopt;
  padding_left_ = padding_after(header.size);
  if (!skip_padding()) return std::nullopt;
  return data;
}

bool TarWalker::pax_header(const TarHeader& header, uint64_t at) {
  check_fields(header, "a pax header", true, at);
  if (pending_.pax) {
    out_.fatal("archive.malformed_pax", at, "two pax headers for one entry");
    return false;
  }
  const auto data = read_meta(header, at, limits_.max_pax_bytes, "archive.malformed_pax");
  if (!data) return false;
  PaxValues values;
  if (auto problem = parse_pax(*data, limits_.max_path_bytes, values)) {
    out_.fatal(problem->id, at, std::move(problem->message));
    return false;
  }
  pending_.pax = std::move(values);
  return true;
}

bool TarWalker::entry(const TarHeader& header, uint64_t at) {
  const uint64_t start = *pending_.start;
  const PaxValues pax = pending_.pax.value_or(PaxValues{});
  pending_ = {};
  const std::string path = pax.path              ? *pax.path
                           : header.prefix.empty() ? header.name
                                                   : header.prefix + "/" + header.name;
  const uint64_t size = pax.size.value_or(header.size);
  const std::string shown = "'" + printable_name(path) + "'";
  if (header.type == 'S') {
    out_.fatal("archive.sparse_entry", start, shown + " is a sparse file (GNU 'S')");
    return false;
  }
  check_fields(header, shown, pax.path.has_value(), at);
  if (!check_entry(header.type, path, header.linkname, size, start)) return false;
  audit_.entries.push_back({path, header.type, size, start, header.mtime});
  data_left_ = size;
  padding_left_ = padding_after(size);
  return !out_.stopped();
}

// Header fields a bundle leaves empty or plain, which some readers would act on
// (in entry and pax headers alike).
void TarWalker::check_fields(const TarHeader& header, const std::string& shown, bool has_pax_path,
                             uint64_t at) {
  if (header.gnu_magic)
    out_.error("archive.malformed_header", at,
               shown + " has a GNU tar header (magic 'ustar  '); bundles use POSIX ustar headers");
  if (!header.prefix.empty())
    out_.error("archive.malformed_header", at,
               shown + " uses the ustar prefix field; long names go in a pax 'path' record");
  if ((header.type == '0' || header.type == 'x') && !header.linkname.empty())
    out_.error("archive.malformed_header", at, shown + " has a link name");
  if (header.mode & ~kPermissionBits)
    out_.error("archive.malformed_header", at,
               shown + " has setuid, setgid, sticky or type bits in its mode");
  if (!has_pax_path && !printable_ascii(header.name))
    out_.error("archive.malformed_header", at,
               shown + ": a name field that is not printable ASCII needs a pax 'path' record");
}

// Findings about one entry; false when the walk must stop.
bool TarWalker::check_entry(char type, const std::string& path, const std::string& link,
                            uint64_t size, uint64_t at) {
  const std::string shown = "'" + printable_name(path) + "'";
  if (audit_.entries.size() >= limits_.max_entries) {
    out_.fatal("archive.too_many_entries", at,
               "more than " + std::to_string(limits_.max_entries) + " entries");
    return false;
  }
  if (size > limits_.max_entry_bytes) {
    out_.fatal("archive.entry_too_large", at,
               shown + " is " + std::to_string(size) + " bytes (limit " +
                   std::to_string(limits_.max_entry_bytes) + ")");
    return false;
  }
  if (__builtin_add_overflow(total_, size, &total_) || total_ > limits_.max_total_bytes) {
    out_.fatal("archive.total_too_large", at,
               "the entries exceed " + std::to_string(limits_.max_total_bytes) + " bytes together");
    return false;
  }
  check_type(type, shown, link, at);
  return names_.add(path, type, at) && !out_.stopped();
}

void TarWalker::check_type(char type, const std::string& shown, const std::string& link,
                           uint64_t at) {
  const std::string target = "'" + printable_name(link) + "'";
  switch (type) {
    case '0':
      return;
    case '1':
      return out_.error("archive.hardlink", at, shown + " is a hard link to " + target);
    case '2':
      return out_.error("archive.symlink", at, shown + " is a symbolic link to " + target);
    case '3':
      return out_.error("archive.special_file", at, shown + " is a character device");
    case '4':
      return out_.error("archive.special_file", at, shown + " is a block device");
    case '6':
      return out_.error("archive.special_file", at, shown + " is a fifo");
    case '5':
      return out_.error("archive.directory_entry", at, shown + " is a directory entry");
    default:
      out_.error("archive.unknown_type", at,
                 shown + " has the typeflag '" + printable_name(std::string_view(&type, 1)) +
                     "' (a file is '0')");
  }
}

bool TarWalker::skip(uint64_t size) {
  while (size > 0) {
    const auto n = static_cast<size_t>(std::min<uint64_t>(size, chunk_.size()));
    if (!read_exact({chunk_.data(), n}, "an entry's data")) return false;
    size -= n;
  }
  data_left_ = 0;
  return true;
}

// Padding after data is zeros: other bytes there would be data no reader shows.
bool TarWalker::skip_padding() {
  const uint64_t at = audit_.tar_bytes;
  const auto n = static_cast<size_t>(padding_left_);
  padding_left_ = 0;
  if (n == 0) return true;
  if (!read_exact({chunk_.data(), n}, "the padding after an entry")) return false;
  if (std::any_of(chunk_.begin(), chunk_.begin() + static_cast<std::ptrdiff_t>(n),
                  [](uint8_t b) { return b != 0; }))
    out_.error("archive.nonzero_padding", at, "the padding after an entry holds non-zero bytes");
  return !out_.stopped();
}

// After the first zero block: the second one, then the end of the stream.
bool TarWalker::finish(uint64_t at) {
  if (pending_.start) {
    out_.fatal("archive.malformed_header", *pending_.start, "an extended header without an entry");
    return false;
  }
  Block second;
  if (!read_exact(second, "the end-of-archive marker")) return false;
  if (!is_zero_block(second)) {
    out_.fatal("archive.malformed_header", at, "a lone zero block inside the archive");
    return false;
  }
  uint8_t extra = 0;
  const uint64_t after = audit_.tar_bytes;
  if (read({&extra, 1}) != 0) {
    out_.fatal("archive.trailing_data", after, "bytes after the end-of-archive marker");
    return false;
  }
  if (stream_.failure()) return false;
  names_.report_collisions(audit_.entries);
  ended_ = !out_.stopped();
  return false;
}

}  // namespace modelseal::formats::archive_detail
