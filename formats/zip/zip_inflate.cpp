#include "formats/zip/zip_inflate.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "formats/zip/crc32.hpp"
#include "formats/zip/zip_records.hpp"

namespace modelseal::formats::zip {
namespace {

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};

void put_le(std::vector<uint8_t>& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// A ZIP64 local header for `entry` named "m", without data descriptor.
std::vector<uint8_t> synthetic_local_header(const Entry& entry) {
  std::vector<uint8_t> h;
  put_le(h, kLocalHeaderSig, 4);
  put_le(h, 45, 2);  // version needed: ZIP64
  put_le(h, 0, 2);   // flags
  put_le(h, kMethodDeflate, 2);
  put_le(h, 0, 4);   // time, date
  put_le(h, entry.crc32, 4);
  put_le(h, 0xffffffffu, 4);
  put_le(h, 0xffffffffu, 4);
  put_le(h, 1, 2);   // name length
  put_le(h, 20, 2);  // extra length
  h.push_back('m');
  put_le(h, kZip64ExtraId, 2);
  put_le(h, 16, 2);
  put_le(h, entry.uncompressed_size, 8);
  put_le(h, entry.compressed_size, 8);
  return h;
}

// Serves the synthetic header, then the entry's compressed bytes, then EOF.
struct Feed {
  Feed(const ByteSource& source, std::vector<uint8_t> local_header, uint64_t from, uint64_t to)
      : src(source), header(std::move(local_header)), pos(from), end(to) {}
  const ByteSource& src;
  std::vector<uint8_t> header;
  uint64_t pos;
  uint64_t end;
  bool header_sent = false;
  std::string io_error;
  std::vector<uint8_t> buffer = std::vector<uint8_t>(kInflateChunkBytes);
};

la_ssize_t feed_read(archive* a, void* client, const void** out) {
  auto* feed = static_cast<Feed*>(client);
  if (!feed->header_sent) {
    feed->header_sent = true;
    *out = feed->header.data();
    return static_cast<la_ssize_t>(feed->header.size());
  }
  const uint64_t n = std::min<uint64_t>(feed->buffer.size(), feed->end - feed->pos);
  if (n == 0) return 0;
  auto got = feed->src.read_at(feed->pos, std::span<uint8_t>(feed->buffer).first(static_cast<size_t>(n)));
  if (!got.ok() || *got != n) {
    feed->io_error = got.ok() ? "short read" : got.error().detail;
    archive_set_error(a, EIO, "%s", feed->io_error.c_str());
    return -1;
  }
  feed->pos += n;
  *out = feed->buffer.data();
  return static_cast<la_ssize_t>(n);
}

std::string archive_message(archive* a, std::string_view fallback) {
  const char* s = archive_error_string(a);
  return s != nullptr ? s : std::string(fallback);
}

}  // namespace

InflateOutcome inflate_entry(const ByteSource& src, const Entry& entry, uint64_t max_output,
                             const std::function<void(std::span<const uint8_t>)>& sink) {
  InflateOutcome out;
  Feed feed(src, synthetic_local_header(entry), entry.data_offset,
            entry.data_offset + entry.compressed_size);
  std::unique_ptr<archive, ArchiveFree> a(archive_read_new());
  if (!a || archive_read_support_format_zip_streamable(a.get()) != ARCHIVE_OK) {
    out.error = "libarchive cannot start";
    return out;
  }
  // Our CRC check is the one that counts; libarchive's would only warn.
  (void)archive_read_set_options(a.get(), "zip:ignorecrc32");
  if (archive_read_open(a.get(), &feed, nullptr, feed_read, nullptr) != ARCHIVE_OK) {
    out.error = archive_message(a.get(), "libarchive cannot start");
    return out;
  }
  archive_entry* header = nullptr;
  if (archive_read_next_header(a.get(), &header) < ARCHIVE_WARN) {
    out.error = archive_message(a.get(), "libarchive refused the entry");
    return out;
  }
  for (;;) {
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    const int r = archive_read_data_block(a.get(), &block, &size, &offset);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) {
      out.error = archive_message(a.get(), "inflate failed");
      break;
    }
    if (size > max_output - out.produced) {
      out.over_limit = true;
      break;
    }
    const std::span<const uint8_t> bytes(static_cast<const uint8_t*>(block), size);
    out.crc32 = crc32_update(out.crc32, bytes);
    out.produced += size;
    if (size > 0) sink(bytes);
    if (r == ARCHIVE_WARN && size == 0) break;  // a warning without progress ends the entry
  }
  return out;
}

}  // namespace modelseal::formats::zip
