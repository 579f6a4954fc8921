// SHA-256 digests: the unit of identity throughout modelseal.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal {

struct Sha256Digest {
  std::array<uint8_t, 32> bytes{};

  std::string hex() const;
  // "sha256:<hex>", the form printed by `modelseal digest`.
  std::string prefixed() const { return "sha256:" + hex(); }
  static std::optional<Sha256Digest> from_hex(std::string_view hex);
};

// Constant-time comparison.
bool digests_equal(const Sha256Digest& a, const Sha256Digest& b);
// Constant time in the contents (the sizes are compared first): for digests,
// signatures and MACs of any length.
bool bytes_equal(std::span<const uint8_t> a, std::span<const uint8_t> b);

// Streaming SHA-256 over OpenSSL's EVP interface.
class Sha256 {
 public:
  static Result<Sha256> create();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();

  Status update(std::span<const uint8_t> data);
  Result<Sha256Digest> finish();

 private:
  struct Impl;
  explicit Sha256(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One-shot helper for in-memory data.
Result<Sha256Digest> sha256_of(std::span<const uint8_t> data);

}  // namespace modelseal
