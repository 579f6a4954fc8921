// DSSE pre-authentication encoding (PAE): the bytes a DSSE signature covers
// (https://github.com/secure-systems-lab/dsse/blob/v1.0.0/protocol.md).
//
//   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
//   LEN(s)          = ASCII decimal byte length of s, no leading zeros
//
// model_signing v0.2.0 signed a different, buggy encoding, which OMS verifiers
// still accept as a fallback for those old signatures:
//
//   LEGACY(type, body) = "DSSEV1" SP LEN(type) SP type SP LEN(body) SP repr(body)
//
// where repr(body) is Python's repr() of the bytes object: b'...' (or b"..."
// when the bytes contain ' and no "), with \\ \' \t \n \r escaped, other bytes
// outside 0x20..0x7e written \xNN (lowercase hex), the rest as themselves.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace modelseal::formats {

// The DSSE payload type of in-toto statements.
inline constexpr std::string_view kInTotoPayloadType = "application/vnd.in-toto+json";

std::vector<uint8_t> dsse_pae(std::string_view payload_type, std::span<const uint8_t> payload);

// model_signing v0.2.0's encoding (see above); only ever used to verify.
std::vector<uint8_t> dsse_pae_legacy_v020(std::string_view payload_type,
                                          std::span<const uint8_t> payload);

// Python's repr() of a bytes object, e.g. b'a\n' -> "b'a\\n'".
std::string python_bytes_repr(std::span<const uint8_t> bytes);

}  // namespace modelseal::formats
