// verify_model (modelseal/verify_model.hpp), called as a registry embedding the library would:
// the verdict records every signature tried, every policy rule and the revocation lookup, and
// refuses a wrong key, a failed policy rule and a revoked content digest.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

#include "lifecycle/disposal_record.hpp"
#include "lifecycle_test_support.hpp"
#include "modelseal/verify_model.hpp"
#include "signing/statement_signing.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using test_support::TempDir;
namespace stdfs = std::filesystem;

namespace {

// The example bundle, signed by `a` (model.mbundle.sig); a.pub, b.pub and op.pub beside it.
struct SignedBundle {
  TempDir dir;
  keys::PrivateKey a = signing_test::new_key();
  keys::PrivateKey b = signing_test::new_key(keys::KeyType::kEd25519);
  keys::PrivateKey op = signing_test::new_key(keys::KeyType::kEd25519);
  stdfs::path bundle = dir / "model.mbundle";
  Sha256Digest content;

  SignedBundle() {
    lifecycle_test::build_example_bundle(bundle);
    content = sign(a, bundle.string() + ".sig");
    for (auto [key, name] : {std::pair{&a, "a"}, {&b, "b"}, {&op, "op"}})
      REQUIRE(keys::write_key_pair(*key, dir / (std::string(name) + ".key"),
                                   dir / (std::string(name) + ".pub"), nullptr, false)
                  .ok());
  }

  Sha256Digest sign(const keys::PrivateKey& key, const stdfs::path& signature) const {
    SignOptions o;
    o.target = bundle;
    o.signature = signature;
    o.signer = &key;
    auto signed_model = sign_model(o);
    REQUIRE_MESSAGE(signed_model.ok(), signed_model.error().detail);
    return signed_model->content_digest;
  }

  VerifyRequest request(const std::string& key) const {
    VerifyRequest r;
    r.target = bundle;
    r.trust.key_files = {dir / (key + ".pub")};
    return r;
  }

  ModelVerdict verify(const VerifyRequest& r) const {
    auto verdict = verify_model(r);
    REQUIRE_MESSAGE(verdict.ok(), verdict.error().detail);
    return *verdict;
  }

  // A revocation list holding one record, signed by `op`, that disposes of `digest`.
  stdfs::path revocation_list(const std::string& name, const Sha256Digest& digest) const {
    keys::ShredEvidence e;
    e.keystore_id = "ks-00000000000000000000000000000000";
    e.key_id = "dk-00000000000000000000000000000000";
    e.bundle = {"tiny-sentiment", "1.2.0", digest.prefixed()};
    e.reason = "retired in a unit test";
    e.effective_at = e.requested_at = "2026-01-01T00:00:00Z";
    auto record = signing::sign_statement(lifecycle::disposal_statement(e, std::nullopt), op, {});
    REQUIRE_MESSAGE(record.ok(), record.error().detail);
    test_support::write_bytes(dir / name / "record.json", *record);
    return dir / name;
  }
};

const PolicyRuleResult& model_rule(const ModelVerdict& v, const std::string& name) {
  REQUIRE(v.policy.has_value());
  auto it = std::find_if(v.policy->verdict.rules.begin(), v.policy->verdict.rules.end(),
                         [&](const PolicyRuleResult& r) { return r.rule == name; });
  REQUIRE(it != v.policy->verdict.rules.end());
  return *it;
}

}  // namespace

TEST_CASE("verify_model: a signature by a trusted key is accepted, each field in the verdict") {
  SignedBundle s;
  ModelVerdict v = s.verify(s.request("a"));
  CHECK(v.accepted);
  CHECK_FALSE(v.failure.has_value());
  CHECK_FALSE(v.integrity_only);
  CHECK(v.target == s.bundle);
  REQUIRE(v.signatures.size() == 1);
  const SignatureCheck& check = v.signatures[0];
  CHECK(check.file == s.dir / "model.mbundle.sig");
  CHECK_FALSE(check.error.has_value());
  REQUIRE(check.verified.has_value());
  CHECK(check.verified->method == "key");
  CHECK(check.verified->signer == "key " + s.a.public_key().key_id());
  CHECK(check.verified->key_id == s.a.public_key().key_id());
  CHECK(check.verified->key_type == keys::KeyType::kEcdsaP256);
  CHECK(check.verified->signed_at.has_value());
  CHECK(check.verified->model_name == "tiny-sentiment");
  CHECK(check.verified->content_digest.hex() == s.content.hex());
  CHECK_FALSE(v.policy.has_value());
  CHECK_FALSE(v.revocations.has_value());
  CHECK_FALSE(v.content.has_value());
}

TEST_CASE("verify_model: a signature checked with another key is refused, the error kept") {
  SignedBundle s;
  ModelVerdict v = s.verify(s.request("b"));
  CHECK_FALSE(v.accepted);
  REQUIRE(v.failure.has_value());
  CHECK(is_rejection(v.failure->code));
  REQUIRE(v.signatures.size() == 1);
  CHECK_FALSE(v.signatures[0].verified.has_value());
  REQUIRE(v.signatures[0].error.has_value());
  CHECK(v.signatures[0].error->detail == v.failure->detail);
  CHECK(v.failure->detail.find("model.mbundle.sig") != std::string::npos);

  // Without a policy the first signature that fails ends the verification.
  VerifyRequest two = s.request("b");
  two.signatures = {s.dir / "model.mbundle.sig", s.dir / "model.mbundle.sig"};
  CHECK(s.verify(two).signatures.size() == 1);
}

TEST_CASE("verify_model: a policy rule that fails rejects, every signature tried and every rule listed") {
  SignedBundle s;
  s.sign(s.op, s.dir / "stranger.sig");  // op is not trusted by the policy
  test_support::write_bytes(s.dir / "policy.toml",
                            "schema = \"modelseal.policy/v1\"\n\n[trust]\nkeys = [\"a.pub\", \"b.pub\"]\n\n"
                            "[require]\nmin_signatures = 2\n");
  VerifyRequest r;
  r.target = s.bundle;
  r.policy = s.dir / "policy.toml";
  r.signatures = {s.dir / "stranger.sig", s.dir / "model.mbundle.sig"};
  ModelVerdict v = s.verify(r);
  CHECK_FALSE(v.accepted);
  CHECK_FALSE(v.failure.has_value());  // the policy verdict says why
  REQUIRE(v.signatures.size() == 2);
  CHECK(v.signatures[0].error.has_value());
  CHECK(v.signatures[1].verified.has_value());
  REQUIRE(v.policy.has_value());
  CHECK(v.policy->source == s.dir / "policy.toml");
  CHECK_FALSE(v.policy->verdict.accepted);
  CHECK(model_rule(v, "trusted signatures").passed);
  const PolicyRuleResult& min = model_rule(v, "min_signatures = 2");
  CHECK_FALSE(min.passed);
  CHECK(min.evidence.find("1 distinct signer, 2 needed") != std::string::npos);
  CHECK_FALSE(v.revocations.has_value());  // not consulted once the policy rejected

  // The same policy with b's countersignature accepts.
  s.sign(s.b, s.dir / "counter.sig");
  r.signatures = {s.dir / "model.mbundle.sig", s.dir / "counter.sig"};
  ModelVerdict both = s.verify(r);
  CHECK(both.accepted);
  CHECK(model_rule(both, "min_signatures = 2").passed);
}

TEST_CASE("verify_model: a revoked content digest is refused, naming the record") {
  SignedBundle s;
  VerifyRequest r = s.request("a");
  r.revocations = s.revocation_list("revoked", s.content);
  r.revocation_keys = {s.dir / "op.pub"};
  ModelVerdict v = s.verify(r);
  CHECK_FALSE(v.accepted);
  REQUIRE(v.failure.has_value());
  CHECK(v.failure->code == ErrorCode::kRevoked);
  CHECK(v.failure->detail.find("record.json") != std::string::npos);
  CHECK(v.signatures[0].verified.has_value());  // the signature itself verified
  REQUIRE(v.revocations.has_value());
  CHECK(v.revocations->folder == s.dir / "revoked");
  CHECK(std::any_of(v.revocations->digests.begin(), v.revocations->digests.end(),
                    [&](const Sha256Digest& d) { return d.hex() == s.content.hex(); }));
  REQUIRE(v.revocations->revocation.has_value());
  CHECK(v.revocations->revocation->signature_problem.empty());
  CHECK(v.revocations->revocation->record.signer == "key " + s.op.public_key().key_id());

  // Without the operator's key the record still revokes, its signature reported unchecked.
  r.revocation_keys.clear();
  ModelVerdict unchecked = s.verify(r);
  CHECK(unchecked.failure->code == ErrorCode::kRevoked);
  CHECK_FALSE(unchecked.revocations->revocation->signature_problem.empty());

  // A list naming other content lets the model through, the lookup recorded.
  r.revocations = s.revocation_list("other", *Sha256Digest::from_hex(std::string(64, 'd')));
  ModelVerdict clean = s.verify(r);
  CHECK(clean.accepted);
  REQUIRE(clean.revocations.has_value());
  CHECK_FALSE(clean.revocations->revocation.has_value());

  // An integrity-only check consults the list too.
  r.integrity_only = true;
  r.revocations = s.dir / "revoked";
  ModelVerdict integrity = s.verify(r);
  CHECK(integrity.failure->code == ErrorCode::kRevoked);
  REQUIRE(integrity.content.has_value());
  CHECK(integrity.content->content_digest.hex() == s.content.hex());
}

TEST_CASE("verify_model: integrity only needs no trust and refuses a changed bundle") {
  SignedBundle s;
  VerifyRequest r;
  r.target = s.bundle;
  r.integrity_only = true;
  ModelVerdict v = s.verify(r);
  CHECK(v.accepted);
  CHECK(v.integrity_only);
  REQUIRE(v.content.has_value());
  CHECK(v.content->name == "tiny-sentiment");
  CHECK(v.signatures.empty());

  std::string bytes = test_support::read_bytes(s.bundle);
  bytes[bytes.size() / 2] ^= 0x01;
  test_support::write_bytes(s.bundle, bytes);
  ModelVerdict flipped = s.verify(r);
  CHECK_FALSE(flipped.accepted);
  REQUIRE(flipped.failure.has_value());
  CHECK(is_rejection(flipped.failure->code));
  CHECK_FALSE(flipped.content.has_value());
}

TEST_CASE("verify_model: a request without trust, or with a policy beside other trust, is refused") {
  SignedBundle s;
  VerifyRequest none;
  none.target = s.bundle;
  auto refused = verify_model(none);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kInvalidArgument);
  CHECK(refused.error().detail.find("say whom to trust") != std::string::npos);

  VerifyRequest both = s.request("a");
  both.policy = s.dir / "missing-policy.toml";  // refused before the policy is read
  auto conflict = verify_model(both);
  REQUIRE_FALSE(conflict.ok());
  CHECK(conflict.error().code == ErrorCode::kInvalidArgument);
  CHECK(conflict.error().detail.find("only source of trust") != std::string::npos);

  VerifyRequest half = s.request("a");
  half.trust.certificate_identity = "someone@example.com";
  CHECK(verify_model(half).error().code == ErrorCode::kInvalidArgument);
}
