#include "formats/archive/tar_walk.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "formats/archive/entry_names.hpp"
#include "formats/archive/tar_header.hpp"
#include "formats/names/names.hpp"

namespace modelseal::formats::archive_detail {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

uint64_t padding_after(uint64_t size) { return (kBlockSize - size % kBlockSize) % kBlockSize; }

// Headers that describe the entry after them.
struct Pending {
  std::optional<uint64_t> start;
  std::optional<PaxValues> pax;
  std::optional<std::string> long_name;
  std::optional<std::string> long_link;
  bool any() const { return start.has_value(); }
};

class TarWalker {
 public:
  TarWalker(ByteStream& stream, const ArchiveAuditOptions& options, ArchiveAudit& audit,
            AuditOut& out)
      : stream_(stream),
        options_(options),
        limits_(options.limits),
        audit_(audit),
        out_(out),
        names_(options.limits, out),
        chunk_(kChunkBytes) {}

  bool run() {
    for (bool first = true; !out_.stopped(); first = false) {
      const uint64_t at = audit_.tar_bytes;
      Block block;
      const size_t got = read(block);
      if (got < block.size()) {
        if (stream_.failure()) return false;
        if (first) return not_an_archive(std::to_string(got) + " bytes, less than one tar block");
        out_.fatal("archive.truncated", at, "no end-of-archive marker (two zero blocks)");
        return false;
      }
      if (is_zero_block(block)) return finish(at);
      if (!has_ustar_magic(block) || !checksum_matches(block))
        return refuse_block(block, at, first);
      TarHeader header;
      if (auto problem = parse_header(block, header)) {
        out_.fatal(problem->id, at, std::move(problem->message));
        return false;
      }
      if (!pending_.start) pending_.start = at;
      if (!dispatch(header, at)) return false;
    }
    return false;
  }

 private:
  size_t read(std::span<uint8_t> out) {
    const size_t n = stream_.read(out);
    if (n > 0 && options_.on_tar_bytes) options_.on_tar_bytes(out.first(n));
    audit_.tar_bytes += n;
    return n;
  }

  bool read_exact(std::span<uint8_t> out, std::string_view what) {
    const uint64_t at = audit_.tar_bytes;
    if (read(out) == out.size()) return true;
    if (!stream_.failure())
      out_.fatal("archive.truncated", at, "the archive ends inside " + std::string(what));
    return false;
  }

  bool not_an_archive(std::string why) {
    out_.fatal("archive.not_an_archive", 0, "not a tar archive: " + why);
    return false;
  }

  bool refuse_block(const Block& block, uint64_t at, bool first) {
    if (first)
      return not_an_archive(has_ustar_magic(block) ? "bad header checksum" : "no ustar header");
    if (has_ustar_magic(block))
      out_.fatal("archive.bad_checksum", at, "the header checksum does not match");
    else
      out_.fatal("archive.malformed_header", at, "a header without the ustar magic");
    return false;
  }

  bool dispatch(const TarHeader& header, uint64_t at) {
    switch (header.type) {
      case 'x':
        return pax_header(header, at);
      case 'g':
        return global_header(header, at);
      case 'L':
        return long_name(header, at, pending_.long_name);
      case 'K':
        return long_name(header, at, pending_.long_link);
      default:
        return entry(header);
    }
  }

  // Reads the data of a metadata header, at most `limit` bytes.
  std::optional<std::string> read_meta(const TarHeader& header, uint64_t at, uint64_t limit,
                                       std::string_view id) {
    if (header.size > limit) {
      out_.fatal(id, at,
                 "a '" + std::string(1, header.type) + "' header of " +
                     std::to_string(header.size) + " bytes (limit " + std::to_string(limit) + ")");
      return std::nullopt;
    }
    std::string data(static_cast<size_t>(header.size), '\0');
    if (!read_exact({reinterpret_cast<uint8_t*>(data.data()), data.size()}, "an extended header") ||
        !skip(padding_after(header.size), false))
      return std::nullopt;
    return data;
  }

  bool pax_header(const TarHeader& header, uint64_t at) {
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

  // Readers disagree on whether global records apply, so those that would move
  // names or sizes are refused; the others are checked and ignored.
  bool global_header(const TarHeader& header, uint64_t at) {
    const auto data = read_meta(header, at, limits_.max_pax_bytes, "archive.malformed_pax");
    if (!data) return false;
    PaxValues values;
    auto problem = parse_pax(*data, limits_.max_path_bytes, values);
    if (!problem && (values.path || values.linkpath || values.size || values.sparse))
      problem = HeaderProblem{"archive.malformed_pax",
                              "a global header sets path, linkpath, size or sparse"};
    if (problem) {
      out_.fatal(problem->id, at, std::move(problem->message));
      return false;
    }
    if (pending_.start == at) pending_.start.reset();
    return true;
  }

  bool long_name(const TarHeader& header, uint64_t at, std::optional<std::string>& slot) {
    if (slot) {
      out_.fatal("archive.malformed_header", at, "two GNU long-name headers for one entry");
      return false;
    }
    auto data = read_meta(header, at, limits_.max_path_bytes + 1, "archive.malformed_header");
    if (!data) return false;
    while (!data->empty() && data->back() == '\0') data->pop_back();
    if (data->empty() || data->find('\0') != std::string::npos) {
      out_.fatal("archive.malformed_header", at,
                 "a GNU long name that is empty or holds a NUL byte");
      return false;
    }
    slot = std::move(*data);
    return true;
  }

  bool entry(const TarHeader& header) {
    const uint64_t start = *pending_.start;
    const PaxValues pax = pending_.pax.value_or(PaxValues{});
    if (pax.path && pending_.long_name) {
      out_.fatal("archive.malformed_header", start, "both a pax path and a GNU long name");
      return false;
    }
    const std::string path = pax.path             ? *pax.path
                             : pending_.long_name ? *pending_.long_name
                                                  : header.name;
    const std::string link = pax.linkpath         ? *pax.linkpath
                             : pending_.long_link ? *pending_.long_link
                                                  : header.linkname;
    const uint64_t size = pax.size.value_or(header.size);
    pending_ = {};
    if (pax.sparse) {
      out_.fatal("archive.sparse_entry", start,
                 "'" + printable_name(path) + "' is a sparse file (GNU.sparse records)");
      return false;
    }
    if (!check_entry(header.type, path, link, size, start)) return false;
    audit_.entries.push_back({path, header.type, size, start, pax.mtime.value_or(header.mtime)});
    return skip(size, audit_.entries.size() == 1) && skip(padding_after(size), false);
  }

  // Findings about one entry; false when the audit must stop.
  bool check_entry(char type, const std::string& path, const std::string& link, uint64_t size,
                   uint64_t at) {
    const std::string shown = "'" + printable_name(path) + "'";
    if (type == 'S') {
      out_.fatal("archive.sparse_entry", at, shown + " is a sparse file (GNU 'S')");
      return false;
    }
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
      out_.fatal(
          "archive.total_too_large", at,
          "the entries exceed " + std::to_string(limits_.max_total_bytes) + " bytes together");
      return false;
    }
    check_type(type, shown, link, at);
    return names_.add(path, type, at) && !out_.stopped();
  }

  void check_type(char type, const std::string& shown, const std::string& link, uint64_t at) {
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
        out_.error(
            "archive.unknown_type", at,
            shown + " has the typeflag '" + printable_name(std::string_view(&type, 1)) + "'");
    }
  }

  // Passes over `size` bytes, keeping the first entry's head when asked.
  bool skip(uint64_t size, bool capture) {
    while (size > 0) {
      const auto n = static_cast<size_t>(std::min<uint64_t>(size, chunk_.size()));
      if (!read_exact({chunk_.data(), n}, "an entry's data")) return false;
      if (capture && audit_.first_entry_data.size() < options_.capture_first_entry) {
        const size_t keep =
            std::min(n, options_.capture_first_entry - audit_.first_entry_data.size());
        audit_.first_entry_data.append(reinterpret_cast<const char*>(chunk_.data()), keep);
      }
      size -= n;
    }
    return true;
  }

  // After the first zero block: a second one, then nothing but zeros.
  bool finish(uint64_t at) {
    if (pending_.any()) {
      out_.fatal("archive.malformed_header", *pending_.start,
                 "an extended header without an entry");
      return false;
    }
    Block second;
    if (!read_exact(second, "the end-of-archive marker")) return false;
    if (!is_zero_block(second)) {
      out_.fatal("archive.malformed_header", at, "a lone zero block inside the archive");
      return false;
    }
    for (;;) {
      const uint64_t chunk_at = audit_.tar_bytes;
      const size_t n = read(chunk_);
      const auto it = std::find_if(chunk_.begin(), chunk_.begin() + static_cast<std::ptrdiff_t>(n),
                                   [](uint8_t b) { return b != 0; });
      if (it != chunk_.begin() + static_cast<std::ptrdiff_t>(n)) {
        out_.fatal("archive.trailing_data", chunk_at + static_cast<uint64_t>(it - chunk_.begin()),
                   "non-zero bytes after the end-of-archive marker");
        return false;
      }
      if (n < chunk_.size()) break;
    }
    if (stream_.failure()) return false;
    names_.report_collisions(audit_.entries);
    return !out_.stopped();
  }

  ByteStream& stream_;
  const ArchiveAuditOptions& options_;
  const ArchiveAuditLimits& limits_;
  ArchiveAudit& audit_;
  AuditOut& out_;
  EntryNames names_;
  std::vector<uint8_t> chunk_;
  Pending pending_;
  uint64_t total_ = 0;
};

}  // namespace

bool walk_tar(ByteStream& stream, const ArchiveAuditOptions& options, ArchiveAudit& audit,
              AuditOut& out) {
  return TarWalker(stream, options, audit, out).run();
}

}  // namespace modelseal::formats::archive_detail
