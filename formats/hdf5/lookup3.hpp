// Bob Jenkins' lookup3 hash (hashlittle), the checksum of HDF5's version 2
// object headers and version 2/3 superblocks (H5_checksum_lookup3). Streaming:
// the total length is part of the initial state, so it is given up front.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace modelseal::formats::hdf5 {

class Lookup3 {
 public:
  explicit Lookup3(uint64_t total_length, uint32_t initval = 0);
  void update(std::span<const uint8_t> bytes);
  // The hash of the bytes given; call once, after exactly total_length bytes.
  uint32_t finish();

 private:
  void mix_block(const uint8_t* k);

  uint32_t a_, b_, c_;
  uint64_t left_;                    // bytes still to come, pending ones included
  std::array<uint8_t, 12> pending_{};
  size_t pending_len_ = 0;
};

uint32_t lookup3(std::span<const uint8_t> bytes, uint32_t initval = 0);

}  // namespace modelseal::formats::hdf5
