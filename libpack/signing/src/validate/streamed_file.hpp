// One file of a bundle as it streams by, for the weight-file scanners, which
// read through a ByteSource (formats/scan/scan.hpp): the bytes a scanner of a
// large file looks at are kept in memory as they pass (its first kPrefixBytes,
// its last kTailBytes, and the 8 bytes at each place an HDF5 superblock may
// start), never the whole file. A read anywhere else is a miss: the scan that
// made it does not count, and the file is scanned from a private copy instead
// (validate_bundle.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::validate {

class StreamedFile final : public formats::ByteSource {
 public:
  static constexpr uint64_t kPrefixBytes = 16u << 20;
  static constexpr uint64_t kTailBytes = 128u << 10;

  explicit StreamedFile(uint64_t size);

  // The next bytes of the file, in order.
  void add(std::span<const uint8_t> bytes);
  bool complete() const { return received_ >= size_; }
  uint64_t received() const { return received_; }
  // Every byte fits in memory: no read can miss once complete.
  bool held_whole() const { return size_ <= kPrefixBytes; }
  bool prefix_done() const { return received_ >= windows_.front().bytes.size(); }

  uint64_t size() const override { return size_; }
  // Bytes of a window not yet received read as zeros (a trial scan before they came).
  Result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override;

  bool missed() const { return missed_; }
  void clear_missed() { missed_ = false; }

 private:
  struct Window {
    uint64_t offset;
    std::string bytes;
  };
  uint64_t size_;
  uint64_t received_ = 0;
  std::vector<Window> windows_;  // the prefix first, then by offset
  mutable bool missed_ = false;
};

}  // namespace modelseal::validate
