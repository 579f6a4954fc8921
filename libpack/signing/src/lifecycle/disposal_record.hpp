// Disposal records (specs/sealed-bundle-v1.md §3): the signed in-toto
// statement that a sealed bundle's data key was destroyed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/keystore.hpp"
#include "modelseal/lifecycle.hpp"

namespace modelseal::lifecycle {

// "sha256:<hex>" -> "<hex>".
std::string hex_of(const std::string& content_digest);

// The statement (canonical JSON) for `evidence`, signed later by the operator.
// `manifest_digest` (SHA-256 of the bundle's .modelseal/manifest.json) binds the file names:
// when given, it is recorded beside the content digest and is the second subject.
std::string disposal_statement(const keys::ShredEvidence& evidence,
                               const std::optional<Sha256Digest>& manifest_digest);

// Where shred writes the record of `evidence` inside the keystore folder.
std::filesystem::path disposal_record_path(const std::filesystem::path& keystore_dir,
                                           const keys::ShredEvidence& evidence);

// Whether a file in a folder of records is named as one: it ends in ".json", in any case
// (specs/sealed-bundle-v1.md §3; revocation lists and keystore audit read folders alike).
bool has_record_name(std::string_view filename);

}  // namespace modelseal::lifecycle
