// The in-toto Statement inside an OMS signature's DSSE envelope, with the OMS
// predicate (specs/signature-v1.md). Parsing and writing only: the root
// digest is checked by the verifier (it needs SHA-256).
//
//   statement   = {"_type": TYPE, "subject": [subject...], "predicateType": PT,
//                  "predicate": object}
//   TYPE        = "https://in-toto.io/Statement/v1" / "https://in-toto.io/Statement/v0.1"
//   subject     = {"name": str, "digest": {"sha256": hex64}
//                  [, "uri" / "annotations" / "mediaType" / "downloadLocation" / "content"]}
//
// PT = "https://model_signing/signature/v1.0": exactly one subject (name =
// model base name, digest = root digest) and
//   predicate     = {"serialization": serialization, "resources": [resource...], *extra}
//   serialization = {"method": "files" / "shards", "hash_type": token,
//                    "allow_symlinks": bool [, "ignore_paths": [str...]]
//                    [, "shard_size": positive integer, written 8 or 8.0]}  ; shards only, required
//   resource      = {"name": NAME, "algorithm": token, "digest": hex}
//   NAME (files)  = relative POSIX path: no leading or trailing "/", no empty, "." or ".."
//                   component; or "." alone for a single-file model (then the only resource)
//   NAME (shards) = PATH ":" start ":" end  (PATH without ":", decimal start < end)
//   hex           = lowercase, even length, 64 digits for sha256 / sha256-sharded-N
// Other predicate members are ignored by OMS verifiers: they are kept in
// `extra` (modelseal carries model-card facts there).
//
// PT = "https://model_signing/Digests/v0.1" (model_signing v0.2.0): one
// subject per file, name = relative path, no root digest; the predicate is
// not used (kept in `extra`). The parser fills serialization (files, sha256)
// and resources from the subjects, as OMS does, so verifiers see one shape.
//
// Object keys may come in any order (Python's output is not stable), so the
// statement is always parsed, never compared as text. serialize_oms_statement
// writes compact JSON with OMS's source order:
//   {"_type":..,"subject":[{"name":..,"digest":{"sha256":..}}],"predicateType":..,
//    "predicate":{"serialization":{"method":..,"hash_type":..,"allow_symlinks":..,
//    ["shard_size":..,]["ignore_paths":[..]]},"resources":[{"name":..,"algorithm":..,
//    "digest":..},..], <extra members, sorted>}}
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::formats {

inline constexpr std::string_view kInTotoStatementV1 = "https://in-toto.io/Statement/v1";
inline constexpr std::string_view kInTotoStatementV01 = "https://in-toto.io/Statement/v0.1";
inline constexpr std::string_view kOmsPredicateV1 = "https://model_signing/signature/v1.0";
inline constexpr std::string_view kOmsPredicateDigestsV01 = "https://model_signing/Digests/v0.1";

// Limits on untrusted statements, checked before allocating.
inline constexpr size_t kMaxStatementBytes = size_t{16} << 20;
inline constexpr size_t kMaxStatementDepth = 32;
inline constexpr size_t kMaxOmsResources = size_t{1} << 20;
inline constexpr size_t kMaxOmsIgnorePaths = size_t{1} << 16;
inline constexpr size_t kMaxOmsNameBytes = 4096;
inline constexpr size_t kMaxOmsTokenBytes = 64;  // hash_type, algorithm
inline constexpr size_t kMaxOmsDigestHexChars = 128;
inline constexpr uint64_t kMaxOmsShardSize = uint64_t{1} << 53;  // exact as a JSON double

enum class PredicateKind {
  kSignatureV1,      // https://model_signing/signature/v1.0
  kLegacyDigestsV01  // https://model_signing/Digests/v0.1 (model_signing v0.2.0)
};

struct StatementSubject {
  std::string name;        // v1.0: the model's name (informative); legacy: a file path
  std::string sha256_hex;  // v1.0: the root digest; legacy: the file's digest
};

struct OmsSerialization {
  std::string method = "files";  // "files" or "shards"
  std::string hash_type = "sha256";
  bool allow_symlinks = false;
  std::optional<std::vector<std::string>> ignore_paths;  // absent before model_signing 1.1
  std::optional<uint64_t> shard_size;                    // shards only
};

struct OmsResource {
  std::string name;        // see NAME above
  std::string algorithm;   // "sha256", "sha256-sharded-<N>", ...
  std::string digest_hex;  // lowercase
};

struct OmsStatement {
  std::string statement_type = std::string(kInTotoStatementV1);
  PredicateKind predicate_kind = PredicateKind::kSignatureV1;
  std::vector<StatementSubject> subjects;  // v1.0: exactly one
  OmsSerialization serialization;          // legacy: filled in (files, sha256)
  std::vector<OmsResource> resources;      // legacy: one per subject
  // v1.0: predicate members other than serialization and resources (an
  // object); legacy: the whole predicate.
  nlohmann::json extra = nlohmann::json::object();

  std::string_view predicate_type() const {
    return predicate_kind == PredicateKind::kSignatureV1 ? kOmsPredicateV1
                                                         : kOmsPredicateDigestsV01;
  }
};

// `payload` is the DSSE payload; `source` names it in errors. Errors:
// kCorrupt "<source>: invalid in-toto statement: <json path>: <what>",
// kLimitExceeded for a bound, kUnsupported for another _type or predicateType.
Result<OmsStatement> parse_oms_statement(std::span<const uint8_t> payload, std::string_view source);

// Compact JSON (see above). Members of `extra` named serialization or
// resources are skipped; a legacy statement is written with its predicate.
std::string serialize_oms_statement(const OmsStatement& statement);

// The name checks above, for verifiers that build names: kCorrupt with a
// detail saying what is wrong.
Status validate_oms_path(std::string_view name);

// `path` views into the name passed to parse_oms_shard_name.
struct OmsShardName {
  std::string_view path;
  uint64_t start = 0;
  uint64_t end = 0;
};
Result<OmsShardName> parse_oms_shard_name(std::string_view name);

}  // namespace modelseal::formats
