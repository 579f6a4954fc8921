// The manifest: first entry of every bundle, listing every other file with
// its size and SHA-256 (specs/bundle-v1.md, "Manifest"). Canonical JSON:
// nlohmann's compact dump with sorted keys and a final newline; any other
// byte sequence is rejected, so one manifest has exactly one encoding.
//
//   {"content_digest":"sha256:<hex>",
//    "files":[{"path":P,"sha256":"<hex>","size":N},...],   (OMS order, unique)
//    "format":"modelseal.bundle/v1",
//    "model":{"name":S,"version":S},
//    "payload_encoding":"none"}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modelseal/bundle.hpp"

namespace modelseal::bundle {

struct Manifest {
  std::string name;
  std::string version;
  Sha256Digest content_digest;
  std::vector<FileRecord> files;
};

std::string serialize_manifest(const Manifest& manifest);

// Strict parse of untrusted bytes: schema, path rules, order, limits,
// canonical encoding, paths that can be extracted side by side
// (tree::check_bundle_paths), and the content digest recomputed from the entries.
// Errors name `source`.
Result<Manifest> parse_manifest(std::string_view text, std::string_view source,
                                const ReadLimits& limits);

}  // namespace modelseal::bundle
