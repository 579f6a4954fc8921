// Attestations through the library (specs/attestations-v1.md): attest_bundle writes signed SLSA
// provenance and evaluation statements about a bundle; verify_attestations accepts a policy's
// rule only for an attestation of that type, about this bundle, signed by a trusted key.
#include <doctest/doctest.h>

#include <chrono>

#include "modelseal/attest.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using test_support::TempDir;

namespace {

AttestResult attest(const std::filesystem::path& bundle, const std::string& type,
                    const keys::Signer& signer) {
  AttestOptions o;
  o.bundle = bundle;
  o.predicate_type = type;
  o.signer = &signer;
  o.provenance.builder_id = "https://ci.example.org/builder";
  auto done = attest_bundle(o);
  REQUIRE_MESSAGE(done.ok(), done.error().detail);
  return *done;
}

AttestationPolicy policy_for(std::string type, const keys::PublicKey& key,
                             std::optional<std::string> builder = std::nullopt) {
  AttestationPolicy policy;
  AttestationRule rule;
  rule.predicate_type = std::move(type);
  rule.keys = {key};
  rule.builder_id = std::move(builder);
  policy.rules.push_back(std::move(rule));
  return policy;
}

AttestationVerdict verdict(const std::filesystem::path& bundle, const AttestationPolicy& policy) {
  auto v = verify_attestations(bundle, policy, std::nullopt, std::chrono::system_clock::now());
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  return *v;
}

}  // namespace

TEST_CASE("attestations: provenance and evaluation about a bundle satisfy a policy with their key") {
  TempDir dir;
  const auto key = signing_test::new_key();
  const auto bundle = signing_test::build_example(dir);
  AttestResult slsa = attest(bundle, "slsa-provenance", key);
  CHECK(slsa.predicate_type == kSlsaProvenancePredicateType);
  CHECK(slsa.path.parent_path() == attestation_dir(bundle));
  AttestResult evaluation = attest(bundle, "evaluation", key);
  CHECK(evaluation.predicate_type == kEvaluationPredicateType);
  CHECK(evaluation.content_digest.hex() == slsa.content_digest.hex());

  AttestationVerdict v =
      verdict(bundle, policy_for(kSlsaProvenancePredicateType, key.public_key(),
                                 "https://ci.example.org/builder"));
  CHECK(v.accepted());
  CHECK(v.attestations_read == 2);
  CHECK(v.content_digest.hex() == slsa.content_digest.hex());
  CHECK(verdict(bundle, policy_for(kEvaluationPredicateType, key.public_key())).accepted());
}

TEST_CASE("attestations: a wrong key, builder or type, a flipped signature, another bundle fail the rule") {
  TempDir dir;
  const auto key = signing_test::new_key();
  const auto bundle = signing_test::build_example(dir);
  AttestResult slsa = attest(bundle, "slsa-provenance", key);

  CHECK_FALSE(verdict(bundle, policy_for(kSlsaProvenancePredicateType,
                                         signing_test::new_key().public_key()))
                  .accepted());
  CHECK_FALSE(verdict(bundle, policy_for(kSlsaProvenancePredicateType, key.public_key(),
                                         "https://other.example.org/builder"))
                  .accepted());
  CHECK_FALSE(verdict(bundle, policy_for(kEvaluationPredicateType, key.public_key())).accepted());

  // The same attestation beside another bundle (other content) says nothing about it.
  std::filesystem::copy(test_support::example_model(), dir / "other-model",
                        std::filesystem::copy_options::recursive);
  test_support::write_bytes(dir / "other-model/config.json", "{\"other\": true}\n");
  BuildOptions build;
  build.model_dir = dir / "other-model";
  build.output = dir / "other.mbundle";
  REQUIRE(build_bundle(build).ok());
  std::filesystem::create_directories(attestation_dir(build.output));
  std::filesystem::copy_file(slsa.path, attestation_dir(build.output) / slsa.path.filename());
  AttestationVerdict other = verdict(build.output, policy_for(kSlsaProvenancePredicateType, key.public_key()));
  CHECK_FALSE(other.accepted());
  CHECK(other.attestations_read == 1);

  signing_test::flip_dsse_signature(slsa.path);
  AttestationVerdict flipped = verdict(bundle, policy_for(kSlsaProvenancePredicateType, key.public_key()));
  CHECK_FALSE(flipped.accepted());
  REQUIRE(flipped.rules.size() == 1);
  CHECK_FALSE(flipped.rules[0].passed);
}

TEST_CASE("attestations: a bundle whose bytes changed is neither attested nor verified") {
  TempDir dir;
  const auto key = signing_test::new_key();
  const auto bundle = signing_test::build_example(dir);
  attest(bundle, "slsa-provenance", key);
  std::string bytes = test_support::read_bytes(bundle);
  bytes[bytes.size() / 2] ^= 0x01;
  test_support::write_bytes(bundle, bytes);

  auto v = verify_attestations(bundle, policy_for(kSlsaProvenancePredicateType, key.public_key()),
                               std::nullopt, std::chrono::system_clock::now());
  REQUIRE_FALSE(v.ok());
  CHECK(is_rejection(v.error().code));
  AttestOptions o;
  o.bundle = bundle;
  o.predicate_type = "slsa-provenance";
  o.signer = &key;
  o.overwrite = true;
  auto refused = attest_bundle(o);
  REQUIRE_FALSE(refused.ok());
  CHECK(is_rejection(refused.error().code));
}

TEST_CASE("attestations: the archive digest is of the bytes verified, even if the path is swapped meanwhile") {
  TempDir dir;
  const auto key = signing_test::new_key();
  const auto bundle = signing_test::build_example(dir);
  const std::string original = test_support::read_bytes(bundle);
  const std::string original_sha = modelseal::sha256_of(test_support::bytes_of(original)).value().hex();
  AttestOptions o;
  o.bundle = bundle;
  o.predicate_type = "slsa-provenance";
  o.signer = &key;
  bool attest_reported = false;
  o.progress = [&](const Progress& p) { attest_reported = attest_reported || p.phase == "verifying"; };
  auto made = attest_bundle(o);
  REQUIRE_MESSAGE(made.ok(), made.error().detail);
  CHECK(attest_reported);
  CHECK(made->archive_digest.hex() == original_sha);

  // Another archive of the same files renamed over the path while verify-attestation reads: the
  // open file is read to its end, and the digests are all of it, never of the newcomer.
  const auto other = signing_test::build_example(dir, "other.mbundle", *parse_compression("none"));
  bool swapped = false;
  auto swap = [&](const Progress&) {
    if (!swapped) std::filesystem::rename(other, bundle);
    swapped = true;
  };
  ReadOptions read;
  read.progress = swap;
  auto v = verify_attestations(bundle, policy_for(kSlsaProvenancePredicateType, key.public_key()),
                               std::nullopt, std::chrono::system_clock::now(), read);
  REQUIRE(swapped);
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  CHECK(v->archive_digest.hex() == original_sha);
  CHECK(v->content_digest.hex() == made->content_digest.hex());
  CHECK(v->accepted());
  // Read again, the path is the other bundle: same files, another archive; its digest is its own.
  AttestationVerdict after = verdict(bundle, policy_for(kSlsaProvenancePredicateType, key.public_key()));
  CHECK(after.archive_digest.hex() != original_sha);
  CHECK(after.archive_digest.hex() ==
        modelseal::sha256_of(test_support::bytes_of(test_support::read_bytes(bundle))).value().hex());
}
