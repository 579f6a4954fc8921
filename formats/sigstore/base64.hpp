// Strict base64 (RFC 4648 section 4: standard alphabet, '=' padding) for the
// Sigstore bundle's byte fields (specs/signature-v1.md).
//
//   base64   = *quantum [ final ]
//   quantum  = 4 alphabet characters           ; 3 bytes
//   final    = 2 char "==" / 3 char "="         ; 1 or 2 bytes, unused bits zero
//   alphabet = A-Z a-z 0-9 "+" "/"
//
// Decoding accepts exactly the text that base64_encode produces for some
// bytes: no whitespace, no URL-safe alphabet, no missing or extra padding, and
// no non-zero bits after the last byte, so every accepted text re-encodes to
// itself (no malleability).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::formats {

// Longest base64 text accepted (checked before allocating); a whole bundle is
// bounded by kMaxSigstoreBundleBytes anyway.
inline constexpr size_t kMaxBase64TextBytes = size_t{16} << 20;

std::string base64_encode(std::span<const uint8_t> bytes);

// Errors: kCorrupt ("<what is wrong> at offset N"), kLimitExceeded (too long).
Result<std::vector<uint8_t>> base64_decode(std::string_view text);

}  // namespace modelseal::formats
