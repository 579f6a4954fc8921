// The canonical check of an uploaded bundle as its tar bytes stream by: the
// archive must be byte for byte what 'modelseal build' writes for the same
// files (archive/tar_writer: each entry's headers, its data, zero padding, the
// end blocks, nothing after). Data bytes are not compared (the digests check
// them); everything else is, against TarWriter's own header bytes, so nothing
// is rebuilt on disk.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>

namespace modelseal::validate {

class CanonicalStream {
 public:
  // Every tar byte, in order (ArchiveAuditOptions::on_tar_bytes). Bytes may come before the
  // entry they belong to is announced: they wait, up to a bound.
  void tar_bytes(std::span<const uint8_t> bytes);
  // The next entry, once the reader has read its headers. The first one's mtime is the
  // build's timestamp, which every entry carries. With `data`, the entry's data must be
  // those bytes (the manifest as the writer serialises it); without, `size` bytes of data
  // pass uncompared.
  void entry(std::string_view path, uint64_t size, int64_t mtime,
             const std::string* data = nullptr);
  // After the end of the archive was read: true when every byte was as the writer's.
  bool finish();
  bool canonical() const { return canonical_; }

 private:
  struct Segment {
    std::string bytes;  // expected exactly
    size_t matched = 0;  // of them so far
    uint64_t skip = 0;  // then this many data bytes, not compared
  };
  void match(std::span<const uint8_t> bytes);
  void drain_waiting();

  std::deque<Segment> expected_;
  std::string waiting_;  // bytes come before their entry was announced
  bool canonical_ = true;
  bool started_ = false;
  int64_t mtime_ = 0;
  uint64_t previous_size_ = 0;
};

}  // namespace modelseal::validate
