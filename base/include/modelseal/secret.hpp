// SecretBytes: key material and passphrases. Move-only, wiped with
// OPENSSL_cleanse on destruction, never printable; the bytes are reachable
// only through the searchable reveal() accessor.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace modelseal {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::span<const uint8_t> bytes);
  explicit SecretBytes(size_t size);
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();

  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  // Access is explicit so every use of secret bytes can be found by searching.
  std::span<const uint8_t> reveal() const { return bytes_; }
  std::span<uint8_t> reveal_mutable() { return bytes_; }
  std::string_view reveal_as_text() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

 private:
  void wipe();
  std::vector<uint8_t> bytes_;
};

}  // namespace modelseal
