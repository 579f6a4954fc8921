// Parsing half of RFC 3161 verification: a DER TimeStampResp decoded and
// checked for shape (status, token, TSTInfo version, genTime), and the
// message imprint compared with the timestamped data. Signature and TSA
// checks live in rfc3161.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "base/openssl_ptr.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

struct TimestampResponse {
  crypto::TsRespPtr response;
  PKCS7* token = nullptr;           // owned by `response`
  TS_TST_INFO* tst_info = nullptr;  // owned by `response`
  std::chrono::system_clock::time_point gen_time;
  int signature_key_nid = NID_undef;  // key type the SignerInfo's signatureAlgorithm implies
};

// kLimitExceeded over kMaxTimestampBytes; kCorrupt for anything but a DER
// TimeStampResp carrying a version 1 TSTInfo in a version 3 SignedData with
// exactly one version 1 SignerInfo, whose digest is SHA-256/384/512 and whose
// signatureAlgorithm agrees with it (rsaEncryption or <hash>WithRSA/ECDSA),
// without parameters other than NULL (kUnsupported for other algorithms, so
// these unsigned fields cannot be varied); kTampered when the status is not
// granted / grantedWithMods.
Result<TimestampResponse> parse_timestamp_response(std::span<const uint8_t> der);

// messageImprint = hash(`signed_data`) with the token's hash (SHA-256/384/512,
// parameters absent or NULL): kTampered on mismatch, kUnsupported for other
// hashes, kCorrupt for malformed parameters.
Status check_message_imprint(const TimestampResponse& ts, std::span<const uint8_t> signed_data);

// An ASN.1 UTCTime/GeneralizedTime as a time point, whole seconds;
// kCorrupt when unreadable or outside kMinTimestampYear..kMaxTimestampYear.
Result<std::chrono::system_clock::time_point> asn1_time_point(const ASN1_TIME* time);

}  // namespace modelseal::keys
