// Adding a transparency-log entry to a Sigstore bundle modelseal signed
// offline (`modelseal attest`): after the signer submitted the envelope to
// Rekor (e.g. `rekor-cli upload --type dsse`), the log entry the API returns makes
// the bundle verifiable by Sigstore verifiers (docs/attestations.md).
#pragma once

#include <filesystem>
#include <optional>

#include "modelseal/result.hpp"

namespace modelseal::sigstore {

struct AttachLogEntry {
  std::filesystem::path bundle;  // a Sigstore bundle (e.g. from `modelseal attest`)
  std::filesystem::path entry;   // Rekor v1 API log entry JSON (formats/sigstore/rekor_response.hpp)
  std::optional<std::filesystem::path> output;  // default: replace `bundle` atomically
  bool overwrite = false;  // may `output` replace an existing regular file (--force)
};

// The entry must record this bundle's signature (kTampered otherwise); it
// replaces an entry with the same log id and body or is added. Nothing is
// verified cryptographically here: `sigstore verify-bundle` does that.
// Returns the file written.
Result<std::filesystem::path> attach_log_entry(const AttachLogEntry& request);

}  // namespace modelseal::sigstore
