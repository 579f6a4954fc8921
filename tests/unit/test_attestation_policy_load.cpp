// load_attestation_policy (docs/attestations.md): every mistake in the policy
// names the file, the line and the column, keeps its error code, and says what
// is wrong in the words the policy loader has always used.
#include <doctest/doctest.h>

#include <string>

#include "modelseal/attest.hpp"
#include "test_support.hpp"

using namespace modelseal;
using test_support::TempDir;
using test_support::write_bytes;

namespace {

constexpr char kHead[] =
    "schema = \"modelseal.attestation-policy/v1\"\n"
    "[[require]]\n";  // lines 1-2; what a test appends starts at line 3

// A folder with keys/release.pub beside policy.toml.
struct AttestationPolicyDir {
  TempDir dir;
  AttestationPolicyDir() {
    auto key = keys::PrivateKey::generate(keys::KeyType::kEd25519);
    REQUIRE(key.ok());
    write_bytes(dir / "keys/release.pub", key->public_key().pem());
  }
  std::string file() const { return (dir / "policy.toml").string(); }
  Result<AttestationPolicy> load(const std::string& text) const {
    write_bytes(dir / "policy.toml", text);
    return load_attestation_policy(dir / "policy.toml");
  }
};

void check_error(const Result<AttestationPolicy>& result, ErrorCode code,
                 const std::string& expected) {
  REQUIRE_FALSE(result.ok());
  INFO(result.error().detail);
  CHECK(result.error().code == code);
  CHECK(result.error().detail == expected);
}

}  // namespace

TEST_CASE("attestation policy: a valid policy loads") {
  AttestationPolicyDir d;
  auto policy = d.load(std::string(kHead) +
                       "predicate_type = \"https://slsa.dev/provenance/v1\"\n"
                       "keys = [\"keys/release.pub\"]\n"
                       "max_age_days = 90\n");
  REQUIRE_MESSAGE(policy.ok(), policy.error().detail);
  CHECK(policy->rules.size() == 1);
  CHECK(policy->rules[0].keys.size() == 1);
  CHECK(policy->rules[0].max_age_days == 90);
}

TEST_CASE("attestation policy: schema mistakes name the line and column") {
  AttestationPolicyDir d;
  const std::string f = d.file();
  check_error(d.load(std::string(kHead) +
                     "predicate_type = \"x\"\n"
                     "keys = [\"keys/release.pub\"]\n"),
              ErrorCode::kInvalidConfig,
              f + ":3:18: [[require]] #1: predicate_type must be a URI, e.g. "
                  "\"https://slsa.dev/provenance/v1\"");
  check_error(d.load(std::string(kHead) +
                     "predicate_type = \"https://slsa.dev/provenance/v1\"\n"
                     "predicat_typ = \"x\"\n"),
              ErrorCode::kInvalidConfig,
              f + ":4:1: [[require]] #1: unknown key 'predicat_typ' (did you mean "
                  "'predicate_type'? allowed: predicate_type, keys, cas, identities, builder_id, "
                  "max_age_days)");
  check_error(d.load(std::string(kHead) +
                     "predicate_type = \"https://slsa.dev/provenance/v1\"\n"
                     "keys = [\"keys/release.pub\"]\n"
                     "max_age_days = 0\n"),
              ErrorCode::kInvalidConfig,
              f + ":5:16: [[require]] #1: max_age_days must be an integer from 1 to 36500");
  check_error(d.load(std::string(kHead) +
                     "predicate_type = \"https://slsa.dev/provenance/v1\"\n"
                     "identities = [{ identity = \"a\" }]\n"),
              ErrorCode::kInvalidConfig,
              f + ":4:15: [[require]] #1: identities: 'issuer' is required");
  check_error(d.load(std::string(kHead) +
                     "predicate_type = \"https://slsa.dev/provenance/v1\"\n"
                     "keys = []\n"),
              ErrorCode::kInvalidConfig,
              f + ":4:8: [[require]] #1: 'keys' must list 1 to 64 public key files, relative to "
                  "the policy");
  check_error(d.load("schema = \"modelseal.attestation-policy/v1\"\n\n[[require]]\n"
                     "predicate_type = \"https://slsa.dev/provenance/v1\"\n"),
              ErrorCode::kInvalidConfig,
              f + ":3:1: [[require]] #1: say who must sign: 'keys' (public key files), 'cas' "
                  "(root certificates of certificate signers) and/or 'identities' (keyless "
                  "certificate identity and issuer)");
  check_error(d.load("schema = \"modelseal.attestation-policy/v2\"\n"), ErrorCode::kInvalidConfig,
              f + ":1:10: schema must be \"modelseal.attestation-policy/v1\"");
  check_error(d.load("schema = \"modelseal.attestation-policy/v1\"\nrequire = 1\n"),
              ErrorCode::kInvalidConfig, f + ":2:11: give 1 to 64 [[require]] rules");
  check_error(d.load("schema = \"modelseal.attestation-policy/v1\"\nrequired = 1\n"),
              ErrorCode::kInvalidConfig,
              f + ":2:1: unknown key 'required' (did you mean 'require'? allowed: schema, "
                  "trusted_root, require)");
}

TEST_CASE("attestation policy: a file that does not load is named where it is written") {
  AttestationPolicyDir d;
  const std::string f = d.file();
  auto missing = keys::load_public_key(d.dir / "keys/missing.pub");
  REQUIRE_FALSE(missing.ok());
  auto policy = d.load(std::string(kHead) +
                       "predicate_type = \"https://slsa.dev/provenance/v1\"\n"
                       "keys = [\"keys/release.pub\",\n"
                       "        \"keys/missing.pub\"]\n");
  REQUIRE_FALSE(policy.ok());
  INFO(policy.error().detail);
  CHECK(policy.error().code == missing.error().code);  // the loader's code, so the exit code
  CHECK(policy.error().detail.starts_with(f + ":5:9: [[require]] #1: key 'keys/missing.pub': "));
  check_error(d.load(std::string(kHead) +
                     "predicate_type = \"https://slsa.dev/provenance/v1\"\n"
                     "keys = [\"keys/release.pub\"]\n"
                     "cas = [3]\n"),
              ErrorCode::kInvalidConfig, f + ":5:8: [[require]] #1: 'cas' must hold file names");
}

TEST_CASE("attestation policy: syntax and depth errors name the line and column") {
  AttestationPolicyDir d;
  const std::string f = d.file();
  auto syntax = d.load(std::string(kHead) + "predicate_type = = 1\n");
  REQUIRE_FALSE(syntax.ok());
  CHECK(syntax.error().code == ErrorCode::kInvalidConfig);
  CHECK(syntax.error().detail.starts_with(f + ":3:18: TOML syntax error: "));
  auto deep = d.load(std::string(kHead) + "x = " + std::string(40, '[') + "\n");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().code == ErrorCode::kInvalidConfig);
  CHECK(deep.error().detail.starts_with(f + ":3:37: "));
}

TEST_CASE("attestation policy: wrong types and unknown keys anywhere name the line and column") {
  AttestationPolicyDir d;
  const std::string f = d.file();
  const std::string rule = std::string(kHead) + "predicate_type = \"https://slsa.dev/provenance/v1\"\n";
  struct Case {
    std::string text;
    std::string position;  // "<line>:<column>" of the offending key or value
  };
  const Case cases[] = {
      {std::string(kHead) + "predicate_type = 1\nkeys = [\"keys/release.pub\"]\n", "3:18"},
      {rule + "keys = [\"keys/release.pub\"]\nbuilder_id = true\n", "5:14"},
      {rule + "keys = [\"keys/release.pub\"]\nmax_age_days = \"90\"\n", "5:16"},
      {rule + "keys = \"keys/release.pub\"\n", "4:8"},
      {rule + "identities = \"someone\"\n", "4:14"},
      {rule + "identities = [1]\n", "4:15"},
      {rule + "identities = [{ identity = 1, issuer = \"https://i\" }]\n", "4:28"},
      {rule + "identities = [{ identity = \"a\", issuer = \"https://i\", isuer = \"x\" }]\n",
       "4:55"},
      {rule + "keys = [\"keys/release.pub\"]\n[[require.x]]\n", "5:11"},
      {"schema = 1\n", "1:10"},
      {"schema = \"modelseal.attestation-policy/v1\"\nrequire = [1]\n", "2:12"},
      {"schema = \"modelseal.attestation-policy/v1\"\ntrusted_root = 5\n" + rule.substr(43) +
           "keys = [\"keys/release.pub\"]\n",
       "2:16"},
      {std::string(kHead) + "predicate_type = \"https://slsa.dev/provenance/v1\"\nkeys = [\"a\"\n",
       "4:13"},  // TOML syntax error: the array is not closed at the end of the file
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    auto policy = d.load(c.text);
    REQUIRE_FALSE(policy.ok());
    INFO(policy.error().detail);
    CHECK(policy.error().code == ErrorCode::kInvalidConfig);
    CHECK(policy.error().detail.starts_with(f + ":" + c.position));
  }
}
