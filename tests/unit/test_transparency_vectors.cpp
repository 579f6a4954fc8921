// Inclusion proofs and checkpoints of the real Sigstore bundles in
// ../shared/vectors/sigstore, verified with the log keys of the real trusted
// roots. Skipped (with a MESSAGE) when ../shared is absent.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "formats/sigstore/trusted_root.hpp"
#include "transparency_test_support.hpp"
#include "test_skip.hpp"

namespace {

namespace fs = std::filesystem;
using namespace transparency_test;
using modelseal::ErrorCode;

// Conformance cases whose checkpoint must not verify, and whose proof must not
// (the rest verify both, even when the case fails for other reasons).
const std::set<std::string> kBadCheckpoint = {
    "bundle-from-wrong-instance_fail",              // staging log, production root
    "trust-root-tlog-missing-validity-start_fail",  // its root is rejected
    "checkpoint-bad-keyhint_fail",
    "invalid-checkpoint-signature_fail",
    "rekor2-checkpoint-missing-log-signature_fail",
    "rekor2-checkpoint-missing-root-hash_fail",
    "rekor2-checkpoint-missing-size_fail",
    "rekor2-checkpoint-no-matching-signature_fail",
};
const std::set<std::string> kBadProof = {
    "inclusion-proof-corrupted-hash_fail",
    "invalid-inclusion-proof_fail",
    // canonicalizedBody edited after logging
    "incorrect-public-key_fail",
    "bundle-empty-certificate-chain_fail",
    "bundle-invalid-base64-signature_fail",
};

std::vector<uint8_t> b64_field(const nlohmann::json& value) {
  REQUIRE(value.is_string());
  auto bytes = formats::base64_decode(value.get<std::string>());
  REQUIRE(bytes.ok());
  return *bytes;
}

Sha256Digest digest_of(const nlohmann::json& value) {
  const auto bytes = b64_field(value);
  REQUIRE(bytes.size() == 32);
  Sha256Digest d;
  std::copy(bytes.begin(), bytes.end(), d.bytes.begin());
  return d;
}

uint64_t number_of(const nlohmann::json& value) {
  REQUIRE(value.is_string());
  return std::stoull(value.get<std::string>());
}

// Checkpoint keys of every tlog in the given trusted roots.
std::vector<keys::CheckpointKey> log_keys(const std::vector<fs::path>& roots) {
  std::vector<keys::CheckpointKey> out;
  for (const fs::path& path : roots) {
    if (!fs::exists(path)) continue;
    auto root = formats::parse_trusted_root(test_support::read_bytes(path), path.string());
    if (!root.ok()) continue;  // the broken root of a _fail case
    for (const auto& log : root->tlogs) {
      auto key = keys::CheckpointKey::create(keys::checkpoint_name_from_base_url(log.base_url),
                                             log.public_key_der);
      REQUIRE_MESSAGE(key.ok(), path.string(), " ", log.base_url);
      out.push_back(std::move(key).value());
    }
  }
  return out;
}

struct Outcome {
  bool proof_ok = true;
  bool checkpoint_ok = true;
  size_t proofs = 0;
  size_t checkpoints = 0;
};

Outcome check_bundle(const fs::path& bundle_path, const std::vector<keys::CheckpointKey>& keys) {
  Outcome out;
  const auto doc = nlohmann::json::parse(test_support::read_bytes(bundle_path), nullptr, false);
  if (doc.is_discarded() || !doc.contains("verificationMaterial")) return out;
  const auto& material = doc["verificationMaterial"];
  if (!material.contains("tlogEntries")) return out;
  for (const auto& entry : material["tlogEntries"]) {
    if (!entry.contains("inclusionProof")) continue;
    const auto& proof = entry["inclusionProof"];
    const auto body = b64_field(entry["canonicalizedBody"]);
    const Sha256Digest leaf = *keys::merkle_leaf_hash(body);
    std::vector<Sha256Digest> hashes;
    for (const auto& h : proof["hashes"]) hashes.push_back(digest_of(h));
    const uint64_t index = number_of(proof["logIndex"]);
    const uint64_t size = number_of(proof["treeSize"]);
    const Sha256Digest root = digest_of(proof["rootHash"]);
    ++out.proofs;
    const auto status = keys::verify_inclusion(leaf, index, size, hashes, root);
    if (!status.ok()) {
      CHECK(status.error().code == ErrorCode::kTampered);
      out.proof_ok = false;
    }
    if (!proof.contains("checkpoint")) continue;
    ++out.checkpoints;
    auto cp = keys::verify_checkpoint(proof["checkpoint"]["envelope"].get<std::string>(), keys);
    if (!cp.ok()) {
      MESSAGE(bundle_path.parent_path().filename().string(), ": ", cp.error().detail);
      out.checkpoint_ok = false;
    } else if (cp->size != size || !modelseal::digests_equal(cp->root_hash, root)) {
      out.checkpoint_ok = false;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("real conformance bundles: inclusion proofs and checkpoints verify and broken ones do not") {
  const fs::path dir = shared_dir("vectors/sigstore/conformance/bundle-verify");
  if (dir.empty()) return test_skip::skip_without_shared();
  const fs::path trust = fs::path(MODELSEAL_SHARED_DIR) / "vectors/sigstore/trust";
  size_t cases = 0, proofs = 0, checkpoints = 0, rejected = 0;
  for (const auto& item : fs::directory_iterator(dir)) {
    const fs::path bundle = item.path() / "bundle.sigstore.json";
    if (!fs::exists(bundle)) continue;
    const std::string name = item.path().filename().string();
    CAPTURE(name);
    const auto keys = log_keys({item.path() / "trusted_root.json",
                                trust / "trusted_root.production.json"});
    const Outcome out = check_bundle(bundle, keys);
    CHECK(out.proof_ok == !kBadProof.contains(name));
    CHECK(out.checkpoint_ok == !kBadCheckpoint.contains(name));
    rejected += !out.proof_ok || !out.checkpoint_ok;
    ++cases;
    proofs += out.proofs;
    checkpoints += out.checkpoints;
  }
  MESSAGE(cases, " cases, ", proofs, " proofs, ", checkpoints, " checkpoints, ", rejected, " rejected");
  // The vectors as shared on 2026-11-24: 56 bundles (one not JSON), 52 with
  // an inclusion proof, 49 with a checkpoint.
  CHECK(cases == 56);
  CHECK(rejected == kBadProof.size() + kBadCheckpoint.size());
  CHECK(proofs == 52);
  CHECK(checkpoints == 49);
}

TEST_CASE("real sigstore-python bundles: staging and production and Rekor v2 proofs verify") {
  const fs::path dir = shared_dir("vectors/sigstore/sigstore-python");
  if (dir.empty()) return test_skip::skip_without_shared();
  const fs::path trust = fs::path(MODELSEAL_SHARED_DIR) / "vectors/sigstore/trust";
  const auto keys = log_keys({trust / "trusted_root.production.json",
                              trust / "trusted_root.staging.json"});
  const std::vector<std::pair<std::string, size_t>> bundles = {
      {"Python-3.12.5.tgz.sigstore", 0},  // v0.1: a proof without checkpoint
      {"a.dsse.staging-rekor-v2.txt.sigstore.json", 1},
      {"bundle_v3.txt.sigstore", 1},
      {"bundle_v3_github.whl.sigstore", 1},
  };
  for (const auto& [file, checkpoints] : bundles) {
    CAPTURE(file);
    const Outcome out = check_bundle(dir / file, keys);
    CHECK(out.proofs == 1);
    CHECK(out.checkpoints == checkpoints);
    CHECK(out.proof_ok);
    CHECK(out.checkpoint_ok);
  }
}

TEST_CASE("real Rekor v1 checkpoint fails when mutated") {
  const fs::path dir = shared_dir("vectors/sigstore/conformance/bundle-verify/happy-path-v0.3");
  if (dir.empty()) return test_skip::skip_without_shared();
  const auto keys = log_keys({fs::path(MODELSEAL_SHARED_DIR) / "vectors/sigstore/trust/trusted_root.production.json"});
  const auto doc = nlohmann::json::parse(test_support::read_bytes(dir / "bundle.sigstore.json"));
  const std::string note =
      doc["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["checkpoint"]["envelope"];
  REQUIRE(keys::verify_checkpoint(note, keys).ok());
  std::string other_size = note;
  other_size.replace(other_size.find("\n75408393\n"), 10, "\n75408394\n");
  auto r = keys::verify_checkpoint(other_size, keys);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTampered);
}
