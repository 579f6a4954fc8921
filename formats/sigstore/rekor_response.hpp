// Rekor v1 API log entries (the response of POST /api/v1/log/entries and of
// GET /api/v1/log/entries/{uuid}, as the API returns them; not `rekor-cli
// get`'s own format), turned into a Sigstore bundle's tlogEntries[] element.
//
//   response = {UUID: entry}                               ; exactly one member
//   entry    = {"body": b64, "integratedTime": INT, "logID": HEX64, "logIndex": INT,
//               ["attestation": object,]
//               "verification": {"inclusionProof": proof, "signedEntryTimestamp": b64}}
//   proof    = {"checkpoint": str, "hashes": [HEX64...], "logIndex": INT,
//               "rootHash": HEX64, "treeSize": INT}
//   INT      = JSON integer 0..2^63-1;  HEX64 = 64 lower-case hex digits
//
// becomes {"logIndex": "N", "logId": {"keyId": b64}, "kindVersion": {kind, version
// from the body}, "integratedTime": "N", "inclusionPromise": {"signedEntryTimestamp"},
// "inclusionProof": {"logIndex", "rootHash" b64, "treeSize", "hashes" b64,
// "checkpoint": {"envelope"}}, "canonicalizedBody": b64}, checked with
// parse_tlog_entry. No cryptography here.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal::formats {

// Errors: kCorrupt "<source>: invalid Rekor API log entry: <path>: <what>",
// kLimitExceeded, kUnsupported (a body kind or version not known).
Result<nlohmann::json> tlog_entry_from_rekor_response(std::string_view json, std::string_view source);

}  // namespace modelseal::formats
