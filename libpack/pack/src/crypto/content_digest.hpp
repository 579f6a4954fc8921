// The digests an OMS signature may list for a file or a shard: SHA-256, or
// BLAKE2b-512 (model_signing's "blake2b", Python's hashlib.blake2b default),
// streamed through OpenSSL's EVP interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::crypto {

enum class ContentHash { kSha256, kBlake2b };

// "sha256" / "blake2b": the names model_signing writes as hash_type.
std::optional<ContentHash> content_hash_from_name(std::string_view name);
std::string_view content_hash_name(ContentHash hash);
size_t content_hash_size(ContentHash hash);  // 32 / 64 bytes

class ContentHasher {
 public:
  static Result<ContentHasher> create(ContentHash hash);
  ContentHasher(ContentHasher&&) noexcept;
  ContentHasher& operator=(ContentHasher&&) noexcept;
  ~ContentHasher();

  Status update(std::span<const uint8_t> data);
  Result<std::vector<uint8_t>> finish();

 private:
  struct Impl;
  explicit ContentHasher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace modelseal::crypto
