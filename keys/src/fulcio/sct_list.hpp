// RFC 6962 s3.3 SignedCertificateTimestampList, as embedded in X.509
// certificates (the TLS-encoded bytes inside the extension's OCTET STRING).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::keys {

inline constexpr size_t kCtLogIdBytes = 32;
inline constexpr uint8_t kSctVersionV1 = 0;
// Later than any SCT a log could have issued and within system_clock's range
// (milliseconds since the epoch, about the year 2255).
inline constexpr uint64_t kMaxSctTimestampMs = 9'000'000'000'000;

struct EmbeddedSct {
  uint8_t version = kSctVersionV1;  // SCTs of other versions are kept with nothing else read
  std::array<uint8_t, kCtLogIdBytes> log_id{};
  uint64_t timestamp_ms = 0;
  std::vector<uint8_t> extensions;
  uint8_t hash_algorithm = 0;       // TLS HashAlgorithm: 4 sha256, 5 sha384, 6 sha512
  uint8_t signature_algorithm = 0;  // TLS SignatureAlgorithm: 1 rsa, 3 ecdsa
  std::vector<uint8_t> signature;
};

// kCorrupt when the list or one of its v1 SCTs is malformed, has trailing
// bytes or is empty; kLimitExceeded beyond kMaxEmbeddedScts.
Result<std::vector<EmbeddedSct>> parse_sct_list(std::span<const uint8_t> tls_bytes);

}  // namespace modelseal::keys
