// Loading the shared Sigstore conformance cases for the Rekor log-entry tests:
// the bundle, its trusted root, its first tlog entry and the LoggedContent the
// bundle itself claims (signature, verifier, artifact digest or envelope).
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "formats/sigstore/sigstore_bundle.hpp"
#include "formats/sigstore/tlog_entry.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "modelseal/digest.hpp"
#include "sigstore/tlog_verify.hpp"
#include "transparency_test_support.hpp"

namespace tlog_test {

namespace fs = std::filesystem;
namespace formats = modelseal::formats;
namespace sigstore = modelseal::sigstore;

inline fs::path conformance_dir() {
  return transparency_test::shared_dir("vectors/sigstore/conformance/bundle-verify");
}

inline fs::path production_root() {
  return fs::path(MODELSEAL_SHARED_DIR) / "vectors/sigstore/trust/trusted_root.production.json";
}

// One conformance case, loaded as far as it goes.
struct Case {
  std::string name;
  std::optional<formats::SigstoreBundle> bundle;  // nullopt: the bundle is rejected
  std::optional<formats::TrustedRoot> root;       // nullopt: the root is rejected
  std::vector<formats::TlogEntry> entries;
  fs::path dir;
};

inline std::optional<formats::TrustedRoot> load_root(const fs::path& dir) {
  const fs::path path =
      fs::exists(dir / "trusted_root.json") ? dir / "trusted_root.json" : production_root();
  auto root = formats::parse_trusted_root(test_support::read_bytes(path), path.string());
  if (!root.ok()) return std::nullopt;
  return std::move(root).value();
}

inline std::optional<std::vector<uint8_t>> verifier_of(const formats::SigstoreBundle& bundle,
                                                       const fs::path& dir, bool& is_cert) {
  const auto& vm = bundle.verification_material;
  is_cert = vm.kind != formats::MaterialKind::kPublicKey;
  if (is_cert) return vm.certificates.front();
  if (!fs::exists(dir / "key.pub")) return std::nullopt;
  auto key = modelseal::keys::PublicKey::from_pem(test_support::read_bytes(dir / "key.pub"));
  if (!key.ok()) return std::nullopt;  // a broken key.pub: rejected before any entry check
  return transparency_test::spki_der(*key);
}

// The content as a verifier sees it: the artifact is hashed from the file.
// nullopt when the bundle names no verifier and the case gives no key. The
// result points into `kase`, which must outlive it.
inline std::optional<sigstore::LoggedContent> content_of(const Case& kase) {
  REQUIRE(kase.bundle.has_value());
  const formats::SigstoreBundle& bundle = *kase.bundle;
  const fs::path& dir = kase.dir;
  sigstore::LoggedContent c;
  auto verifier = verifier_of(bundle, dir, c.verifier_is_certificate);
  if (!verifier) return std::nullopt;
  c.verifier_der = std::move(*verifier);
  if (const auto* dsse = bundle.dsse()) {
    c.dsse = dsse;
    c.signature = dsse->signatures.front().sig;
  } else {
    c.signature = bundle.message_signature()->signature;
    const fs::path artifact =
        fs::exists(dir / "artifact") ? dir / "artifact" : dir.parent_path() / "a.txt";
    const std::string bytes = test_support::read_bytes(artifact);
    auto digest = modelseal::sha256_of(transparency_test::bytes_of(bytes));
    REQUIRE(digest.ok());
    c.artifact_sha256 = digest->bytes;
  }
  return c;
}

inline Case load_case(const fs::path& dir) {
  Case c;
  c.name = dir.filename().string();
  c.dir = dir;
  c.root = load_root(dir);
  auto bundle = formats::parse_sigstore_bundle(
      test_support::read_bytes(dir / "bundle.sigstore.json"), c.name);
  if (!bundle.ok()) return c;
  c.bundle = std::move(bundle).value();
  const auto& entries = c.bundle->verification_material.tlog_entries;
  if (entries) {
    for (const auto& e : *entries) {
      auto entry = formats::parse_tlog_entry(e, c.name);
      REQUIRE_MESSAGE(entry.ok(), entry.error().detail);
      c.entries.push_back(std::move(entry).value());
    }
  }
  return c;
}

}  // namespace tlog_test
