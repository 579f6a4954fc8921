// The manifest digest: SHA-256 of a bundle's .modelseal/manifest.json, which
// binds the files' names as well as their contents (the content digest binds
// the contents only). Attestations and disposal records name it beside the
// content digest (specs/attestations-v1.md §2, specs/sealed-bundle-v1.md §3).
#pragma once

#include <string_view>

#include "modelseal/bundle.hpp"

namespace modelseal::bundle {

// Of a verified bundle: its manifest is canonical, so writing it again gives its exact bytes.
Result<Sha256Digest> manifest_digest(const VerifiedContent& content);

// Of the manifest's text (e.g. a sealed header's manifest_json, with its final "\n").
Result<Sha256Digest> manifest_digest(std::string_view manifest_json);

}  // namespace modelseal::bundle
