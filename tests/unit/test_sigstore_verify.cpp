// verify_bundle_signature end to end on real bundles: a keyless GitHub Actions
// release (tests/vectors/sigstore, always present) and conformance bundles
// (../shared, skipped when absent); each check fails on a mutated input.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/sigstore_verify.hpp"
#include "test_support.hpp"
#include "transparency_test_support.hpp"
#include "test_skip.hpp"

namespace {

using namespace modelseal;
using test_support::read_bytes;
namespace sig = modelseal::sigstore;
using namespace std::chrono_literals;

const std::filesystem::path kVectors = std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/sigstore";
const char* kGithubIdentity =
    "https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2";
const char* kGithubIssuer = "https://token.actions.githubusercontent.com";

formats::SigstoreBundle read_bundle(const std::filesystem::path& file) {
  auto parsed = formats::parse_sigstore_bundle(read_bytes(file), file.string());
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().detail);
  return std::move(parsed).value();
}

formats::TrustedRoot production_root() {
  auto root = sig::load_trusted_root(std::nullopt);
  REQUIRE_MESSAGE(root.ok(), root.error().detail);
  return std::move(root).value();
}

Sha256Digest github_digest() {
  std::string text = read_bytes(kVectors / "bundle_v3_github.whl.digest");
  auto d = Sha256Digest::from_hex(std::string_view(text).substr(7, 64));
  REQUIRE(d.has_value());
  return *d;
}

sig::Signer github_signer(bool wildcards = false) {
  return sig::KeylessIdentity{kGithubIdentity, kGithubIssuer, wildcards};
}

// Runs the verification and returns the error text ("" when it verified).
std::string failure(const formats::SigstoreBundle& b, const formats::TrustedRoot& root,
                    const sig::Signer& signer, std::optional<Sha256Digest> artifact,
                    std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
  sig::BundleCheck check{root, signer, artifact, now};
  auto verified = sig::verify_bundle_signature(b, check);
  return verified.ok() ? "" : verified.error().detail;
}

// Flips one bit of a base64 field's bytes, at `at` (default: the middle).
void flip_base64_field(nlohmann::json& object, const char* key, std::optional<size_t> at = {}) {
  auto raw = formats::base64_decode(object[key].get<std::string>());
  REQUIRE(raw.ok());
  REQUIRE(at.value_or(0) < raw->size());
  (*raw)[at.value_or(raw->size() / 2)] ^= 0x01;
  object[key] = formats::base64_encode(*raw);
}

}  // namespace

TEST_CASE("sigstore verify: a keyless GitHub Actions bundle verifies against the built-in root") {
  auto bundle = read_bundle(kVectors / "bundle_v3_github.whl.sigstore");
  auto root = production_root();
  sig::BundleCheck check{root, github_signer(), github_digest()};
  auto verified = sig::verify_bundle_signature(bundle, check);
  REQUIRE_MESSAGE(verified.ok(), verified.error().detail);
  CHECK(verified->method == "keyless");
  CHECK(verified->identity == kGithubIdentity);
  CHECK(verified->oidc_issuer == kGithubIssuer);
  CHECK(verified->verified_times.size() == 1);
  CHECK(verified->evidence.size() >= 5);
}

TEST_CASE("sigstore verify: identity and issuer match exactly, or as policy patterns") {
  auto bundle = read_bundle(kVectors / "bundle_v3_github.whl.sigstore");
  auto root = production_root();
  const auto digest = github_digest();
  CHECK(failure(bundle, root, sig::KeylessIdentity{std::string(kGithubIdentity) + "x", kGithubIssuer},
                digest).find("certificate identity is") != std::string::npos);
  CHECK(failure(bundle, root, sig::KeylessIdentity{kGithubIdentity, "https://accounts.google.com"},
                digest).find("OIDC issuer is") != std::string::npos);
  sig::KeylessIdentity pattern{"https://github.com/trailofbits/*@refs/tags/v*", kGithubIssuer, false};
  CHECK_FALSE(failure(bundle, root, pattern, digest).empty());
  pattern.wildcards = true;
  CHECK(failure(bundle, root, pattern, digest).empty());
  pattern.identity = "https://github.com/other/*";
  CHECK_FALSE(failure(bundle, root, pattern, digest).empty());
}

TEST_CASE("sigstore verify: the artifact, the signature and the message digest must match") {
  auto bundle = read_bundle(kVectors / "bundle_v3_github.whl.sigstore");
  auto root = production_root();
  auto other = github_digest();
  other.bytes[0] ^= 1;
  CHECK_FALSE(failure(bundle, root, github_signer(), other).empty());
  sig::BundleCheck no_artifact{root, github_signer(), std::nullopt};
  auto missing = sig::verify_bundle_signature(bundle, no_artifact);
  REQUIRE_FALSE(missing.ok());

  auto flipped = bundle;
  auto& message = std::get<formats::MessageSignature>(flipped.content);
  message.signature[message.signature.size() / 2] ^= 1;
  CHECK_FALSE(failure(flipped, root, github_signer(), github_digest()).empty());

  auto wrong_digest = bundle;
  auto& md = std::get<formats::MessageSignature>(wrong_digest.content).message_digest;
  REQUIRE(md.has_value());
  md->digest[0] ^= 1;
  CHECK(failure(wrong_digest, root, github_signer(), github_digest()).find("messageDigest") !=
        std::string::npos);
}

TEST_CASE("sigstore verify: structure rules") {
  auto bundle = read_bundle(kVectors / "bundle_v3_github.whl.sigstore");
  auto root = production_root();
  const auto digest = github_digest();

  auto empty_chain = bundle;
  empty_chain.verification_material.certificates.clear();
  CHECK(failure(empty_chain, root, github_signer(), digest).find("empty") != std::string::npos);

  auto with_root = bundle;
  REQUIRE_FALSE(root.certificate_authorities.empty());
  with_root.verification_material.certificates.push_back(
      root.certificate_authorities.back().cert_chain.back());
  CHECK(failure(with_root, root, github_signer(), digest).find("root") != std::string::npos);

  auto v03_chain = bundle;
  v03_chain.version = formats::BundleVersion::kV0_3;
  CHECK(failure(v03_chain, root, github_signer(), digest).find("v0.3") != std::string::npos);

  auto no_entries = bundle;
  no_entries.verification_material.tlog_entries = nlohmann::json::array();
  CHECK(failure(no_entries, root, github_signer(), digest).find("no transparency-log entry") !=
        std::string::npos);
}

TEST_CASE("sigstore verify: log entries need a proof, a verified time, and a trusted log") {
  auto bundle = read_bundle(kVectors / "bundle_v3_github.whl.sigstore");
  auto root = production_root();
  const auto digest = github_digest();
  nlohmann::json& entry = (*bundle.verification_material.tlog_entries)[0];

  auto no_proof = bundle;
  (*no_proof.verification_material.tlog_entries)[0].erase("inclusionProof");
  CHECK(failure(no_proof, root, github_signer(), digest).find("no inclusion proof") != std::string::npos);

  auto no_set = bundle;
  (*no_set.verification_material.tlog_entries)[0].erase("inclusionPromise");
  CHECK(failure(no_set, root, github_signer(), digest).find("no verified time") != std::string::npos);

  auto bad_set = bundle;
  flip_base64_field((*bad_set.verification_material.tlog_entries)[0]["inclusionPromise"],
                    "signedEntryTimestamp");
  CHECK_FALSE(failure(bad_set, root, github_signer(), digest).empty());

  auto bad_body = bundle;
  flip_base64_field((*bad_body.verification_material.tlog_entries)[0], "canonicalizedBody");
  CHECK_FALSE(failure(bad_body, root, github_signer(), digest).empty());

  // Signed "in the future": the verifier's clock is before the integrated time.
  auto integrated = std::chrono::system_clock::time_point(
      std::chrono::seconds(std::stoll(entry["integratedTime"].get<std::string>())));
  CHECK(failure(bundle, root, github_signer(), digest, integrated - 1s).find("in the future") !=
        std::string::npos);
  CHECK(failure(bundle, root, github_signer(), digest, integrated).empty());

  auto twice = bundle;
  twice.verification_material.tlog_entries->push_back(entry);
  CHECK(failure(twice, root, github_signer(), digest).find("appears twice") != std::string::npos);

  auto no_logs = root;
  no_logs.tlogs.clear();
  CHECK_FALSE(failure(bundle, no_logs, github_signer(), digest).empty());
}

TEST_CASE("sigstore verify: the certificate needs a Fulcio CA and a CT log valid at the time") {
  auto bundle = read_bundle(kVectors / "bundle_v3_github.whl.sigstore");
  auto root = production_root();
  const auto digest = github_digest();

  auto no_cas = root;
  no_cas.certificate_authorities.clear();
  CHECK(failure(bundle, no_cas, github_signer(), digest).find("certificate at") != std::string::npos);

  auto ca_expired = root;
  for (auto& ca : ca_expired.certificate_authorities)
    ca.valid_for.end = std::chrono::system_clock::time_point(std::chrono::seconds(1600000000));
  CHECK_FALSE(failure(bundle, ca_expired, github_signer(), digest).empty());

  auto no_ctlogs = root;
  no_ctlogs.ctlogs.clear();
  CHECK(failure(bundle, no_ctlogs, github_signer(), digest).find("certificate transparency") !=
        std::string::npos);
}

TEST_CASE("sigstore verify: a key signer does not fit a keyless bundle, nor the reverse") {
  auto bundle = read_bundle(kVectors / "bundle_v3_github.whl.sigstore");
  auto root = production_root();
  auto key = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256);
  REQUIRE(key.ok());
  sig::BundleCheck check{root, key->public_key(), github_digest()};
  auto verified = sig::verify_bundle_signature(bundle, check);
  REQUIRE_FALSE(verified.ok());
  CHECK(verified.error().code == ErrorCode::kInvalidArgument);

  auto dir = transparency_test::shared_dir("vectors/sigstore/conformance/bundle-verify");
  if (dir.empty()) return test_skip::skip_without_shared();
  auto keyed = read_bundle(dir / "managed-key-happy-path/bundle.sigstore.json");
  auto a_txt = sha256_of(transparency_test::bytes_of(read_bytes(dir / "a.txt")));
  REQUIRE(a_txt.ok());
  auto as_keyless = sig::verify_bundle_signature(keyed, sig::BundleCheck{root, github_signer(), *a_txt});
  REQUIRE_FALSE(as_keyless.ok());
  CHECK(as_keyless.error().code == ErrorCode::kInvalidArgument);

  auto signer_key = keys::load_public_key(dir / "managed-key-happy-path/key.pub");
  REQUIRE(signer_key.ok());
  auto good = sig::verify_bundle_signature(keyed, sig::BundleCheck{root, *signer_key, *a_txt});
  REQUIRE_MESSAGE(good.ok(), good.error().detail);
  CHECK(good->method == "key");
  CHECK_FALSE(sig::verify_bundle_signature(keyed, sig::BundleCheck{root, key->public_key(), *a_txt}).ok());
}

TEST_CASE("sigstore verify: DSSE bundles, and the artifact among the statement's subjects") {
  auto dir = transparency_test::shared_dir("vectors/sigstore/conformance/bundle-verify");
  if (dir.empty()) return test_skip::skip_without_shared();
  auto bundle = read_bundle(dir / "happy-path-intoto-in-dsse-v3/bundle.sigstore.json");
  auto root = production_root();
  std::string ident =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
      "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  sig::Signer signer = sig::KeylessIdentity{ident, kGithubIssuer};
  auto a_txt = sha256_of(transparency_test::bytes_of(read_bytes(dir / "a.txt")));
  REQUIRE(a_txt.ok());
  CHECK(failure(bundle, root, signer, *a_txt).empty());
  CHECK(sig::verify_statement_subject(*bundle.dsse(), *a_txt).ok());
  auto other = *a_txt;
  other.bytes[5] ^= 1;
  CHECK_FALSE(sig::verify_statement_subject(*bundle.dsse(), other).ok());

  auto payload = bundle;
  std::get<formats::DsseEnvelope>(payload.content).payload[10] ^= 1;
  CHECK_FALSE(failure(payload, root, signer, *a_txt).empty());

  auto two_sigs = bundle;
  auto& env = std::get<formats::DsseEnvelope>(two_sigs.content);
  env.signatures.push_back(env.signatures.front());
  CHECK(failure(two_sigs, root, signer, *a_txt).find("exactly one signature") != std::string::npos);
}

TEST_CASE("sigstore verify: Rekor v2 bundles need their RFC 3161 timestamp") {
  auto dir = transparency_test::shared_dir("vectors/sigstore/conformance/bundle-verify/rekor2-happy-path");
  if (dir.empty()) return test_skip::skip_without_shared();
  auto bundle = read_bundle(dir / "bundle.sigstore.json");
  auto root_text = read_bytes(dir / "trusted_root.json");
  auto root = formats::parse_trusted_root(root_text, "trusted_root.json");
  REQUIRE(root.ok());
  std::string ident =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
      "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  sig::Signer signer = sig::KeylessIdentity{ident, kGithubIssuer};
  auto a_txt = sha256_of(transparency_test::bytes_of(read_bytes(dir / "../a.txt")));
  REQUIRE(a_txt.ok());
  CHECK(failure(bundle, *root, signer, *a_txt).empty());

  auto no_timestamp = bundle;
  no_timestamp.verification_material.timestamp_verification_data.reset();
  CHECK(failure(no_timestamp, *root, signer, *a_txt).find("no verified time") != std::string::npos);

  auto bad_timestamp = bundle;
  // Byte 150 lies in the signed TSTInfo (the middle is the embedded certificate).
  flip_base64_field((*bad_timestamp.verification_material.timestamp_verification_data)["rfc3161Timestamps"][0],
                    "signedTimestamp", 150);
  auto why = failure(bad_timestamp, *root, signer, *a_txt);
  CHECK_MESSAGE(why.find("rfc3161Timestamps[0]") != std::string::npos, why);

  auto twice = bundle;
  auto& stamps = (*twice.verification_material.timestamp_verification_data)["rfc3161Timestamps"];
  stamps.push_back(stamps[0]);
  CHECK(failure(twice, *root, signer, *a_txt).find("appears twice") != std::string::npos);

  auto no_tsa = *root;
  no_tsa.timestamp_authorities.clear();
  CHECK_FALSE(failure(bundle, no_tsa, signer, *a_txt).empty());
}

TEST_CASE("sigstore verify: statement subjects of any JSON shape never throw") {
  formats::DsseEnvelope env;
  env.payload_type = "application/vnd.in-toto+json";
  Sha256Digest d;
  d.bytes.fill(0xab);
  auto with = [&](const std::string& json) {
    env.payload.assign(json.begin(), json.end());
    return sig::verify_statement_subject(env, d).ok();
  };
  const std::string type = R"("_type":"https://in-toto.io/Statement/v1")";
  CHECK(with("{" + type + R"(,"subject":[{"digest":{"sha256":")" + d.hex() + R"("}}]})"));
  CHECK_FALSE(with("{" + type + R"(,"subject":[{"digest":{"sha256":7}}]})"));
  CHECK_FALSE(with("{" + type + R"(,"subject":[{"digest":[]}, 3, null]})"));
  CHECK_FALSE(with("{" + type + R"(,"subject":{}})"));
  CHECK_FALSE(with(R"({"_type":"https://in-toto.io/Statement/v0.1","subject":[{"digest":{"sha256":")" +
                   d.hex() + R"("}}]})"));
  CHECK_FALSE(with(R"({"_type":7})"));
  CHECK_FALSE(with("[]"));
  CHECK_FALSE(with("not json"));
  env.payload_type = "text/plain";
  CHECK_FALSE(with("{" + type + R"(,"subject":[{"digest":{"sha256":")" + d.hex() + R"("}}]})"));
}
