#include "formats/hdf5/lookup3.hpp"

#include <algorithm>

namespace modelseal::formats::hdf5 {
namespace {

constexpr uint32_t rot(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

uint32_t word(const uint8_t* k, size_t n) {  // the first n (<= 4) bytes, little-endian
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint32_t{k[i]} << (8 * i);
  return v;
}

}  // namespace

Lookup3::Lookup3(uint64_t total_length, uint32_t initval)
    : a_(0xdeadbeef + static_cast<uint32_t>(total_length) + initval), b_(a_), c_(a_),
      left_(total_length) {}

void Lookup3::mix_block(const uint8_t* k) {
  a_ += word(k, 4);
  b_ += word(k + 4, 4);
  c_ += word(k + 8, 4);
  a_ -= c_; a_ ^= rot(c_, 4);  c_ += b_;
  b_ -= a_; b_ ^= rot(a_, 6);  a_ += c_;
  c_ -= b_; c_ ^= rot(b_, 8);  b_ += a_;
  a_ -= c_; a_ ^= rot(c_, 16); c_ += b_;
  b_ -= a_; b_ ^= rot(a_, 19); a_ += c_;
  c_ -= b_; c_ ^= rot(b_, 4);  b_ += a_;
}

// A 12-byte block is mixed only when more bytes follow it: the last 1..12
// bytes get the final step instead.
void Lookup3::update(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    if (pending_len_ == 12 && left_ > 12) {
      mix_block(pending_.data());
      left_ -= 12;
      pending_len_ = 0;
    }
    const size_t n = std::min(bytes.size(), 12 - pending_len_);
    std::copy_n(bytes.begin(), n, pending_.begin() + pending_len_);
    pending_len_ += n;
    bytes = bytes.subspan(n);
  }
}

uint32_t Lookup3::finish() {
  if (pending_len_ == 0) return c_;
  const uint8_t* k = pending_.data();
  const size_t n = pending_len_;
  a_ += word(k, std::min<size_t>(n, 4));
  if (n > 4) b_ += word(k + 4, std::min<size_t>(n - 4, 4));
  if (n > 8) c_ += word(k + 8, n - 8);
  c_ ^= b_; c_ -= rot(b_, 14);
  a_ ^= c_; a_ -= rot(c_, 11);
  b_ ^= a_; b_ -= rot(a_, 25);
  c_ ^= b_; c_ -= rot(b_, 16);
  a_ ^= c_; a_ -= rot(c_, 4);
  b_ ^= a_; b_ -= rot(a_, 14);
  c_ ^= b_; c_ -= rot(b_, 24);
  return c_;
}

uint32_t lookup3(std::span<const uint8_t> bytes, uint32_t initval) {
  Lookup3 h(bytes.size(), initval);
  h.update(bytes);
  return h.finish();
}

}  // namespace modelseal::formats::hdf5
