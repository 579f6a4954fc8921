// Trust policies (docs/policy.md): policy.toml loads keys, key folders and CA
// roots relative to its folder; every schema mistake names file:line:column;
// evaluate_policy reports one result per rule and accepts only when all pass.
#include <doctest/doctest.h>

#include <chrono>

#include "keys_test_support.hpp"
#include "modelseal/policy.hpp"
#include "signing/policy_pattern.hpp"
#include "test_support.hpp"

using namespace modelseal;
using test_support::TempDir;
using test_support::write_bytes;

namespace {

constexpr char kHead[] =
    "schema = \"modelseal.policy/v1\"\n"
    "\n"
    "[trust]\n"
    "keys = [\"keys/a.pub\"]\n";  // lines 1-4; what a test appends starts at line 5

std::string make_key(const std::filesystem::path& dir, const std::string& name, keys::KeyType type) {
  auto key = keys::PrivateKey::generate(type);
  REQUIRE(key.ok());
  std::filesystem::create_directories(dir);
  REQUIRE(keys::write_key_pair(*key, dir / (name + ".key"), dir / (name + ".pub"), nullptr, false)
              .ok());
  return key->public_key().key_id();
}

// A folder with keys/a.pub (P-256) and more/b.pub (Ed25519) beside policy.toml.
struct TrustPolicyDir {
  TempDir dir;
  std::string a = make_key(dir / "keys", "a", keys::KeyType::kEcdsaP256);
  std::string b = make_key(dir / "more", "b", keys::KeyType::kEd25519);

  Result<TrustPolicy> load(const std::string& text) const {
    write_bytes(dir / "policy.toml", text);
    return load_policy(dir / "policy.toml");
  }
};

// A PEM root certificate: the OMS test root (tests/vectors/oms).
std::optional<std::string> root_certificate(const std::filesystem::path&) {
  return test_support::read_bytes(std::filesystem::path(MODELSEAL_SOURCE_DIR) /
                                  "tests/vectors/oms/keys/ca-cert.pem");
}

void check_error(const Result<TrustPolicy>& result, ErrorCode code, const std::string& expected) {
  REQUIRE_FALSE(result.ok());
  INFO(result.error().detail);
  CHECK(result.error().code == code);
  CHECK(result.error().detail.find(expected) != std::string::npos);
}

VerifiedSignature key_signature(const std::string& key_id, keys::KeyType type) {
  VerifiedSignature sig;
  sig.method = "key";
  sig.signer = "key " + key_id;
  sig.key_id = key_id;
  sig.key_type = type;
  return sig;
}

VerifiedSignature cert_signature(const std::string& subject, const std::string& issuer) {
  VerifiedSignature sig = key_signature(std::string(64, 'c'), keys::KeyType::kEcdsaP384);
  sig.method = "certificate";
  sig.signer = subject;
  sig.issuer = issuer;
  return sig;
}

const std::string kKeyA(64, 'a'), kKeyB(64, 'b');
const auto kNow = std::chrono::sys_days(std::chrono::year(2026) / 6 / 1) + std::chrono::hours(12);

TrustPolicy two_signer_policy() {
  TrustPolicy p;
  p.signers = {PolicySigner{"publisher", kKeyA, std::nullopt, std::nullopt},
               PolicySigner{"registry", std::nullopt, "CN=registry.example.org,O=*",
                            "CN=Example Intermediate*"}};
  return p;
}

const PolicyRuleResult& policy_rule(const PolicyVerdict& v, const std::string& name) {
  for (const PolicyRuleResult& r : v.rules)
    if (r.rule == name) return r;
  FAIL("no rule " << name);
  return v.rules.front();
}

}  // namespace

TEST_CASE("Policy pattern matching") {
  using policy_internal::pattern_matches;
  CHECK(pattern_matches("CN=a", "CN=a"));
  CHECK_FALSE(pattern_matches("CN=a", "CN=ab"));
  CHECK(pattern_matches("CN=*,O=Example", "CN=x.y,O=Example"));
  CHECK(pattern_matches("*", ""));
  CHECK(pattern_matches("a*b*c", "aXbYbZc"));
  CHECK_FALSE(pattern_matches("a*b*c", "aXbYbZ"));
  CHECK_FALSE(pattern_matches("CN=?", "CN=x"));
  CHECK(pattern_matches(std::string(40, '*') + "b", std::string(5000, 'a') + "b"));
}

TEST_CASE("Policy loads a full policy") {
  TrustPolicyDir d;
  const std::string c = make_key(d.dir / "more", "c", keys::KeyType::kEcdsaP384);
  std::string cas;
  if (auto pem = root_certificate(d.dir.path())) {
    write_bytes(d.dir / "pki/root.pem", *pem);
    cas = "cas = [\"pki/root.pem\"]\n";
  } else {
    MESSAGE("no OMS vectors and no openssl command: the cas entry is not tested");
  }
  auto p = d.load("schema = \"modelseal.policy/v1\"\n[trust]\nkeys = [\"keys/a.pub\"]\n"
                  "key_dirs = [\"more\", \"keys\"]\n" + cas +
                  "[[signer]]\nname = \"publisher\"\nkey_id = \"" + d.a + "\"\n"
                  "[[signer]]\nname = \"registry\"\nsubject = \"CN=registry*\"\n"
                  "issuer = \"CN=Example*\"\n"
                  "[require]\nmin_signatures = 2\nsigners = [\"publisher\", \"registry\"]\n"
                  "algorithms = [\"ecdsa-p256\", \"ed25519\"]\nallow_unsigned_files = true\n"
                  "max_signature_age_days = 30\n");
  REQUIRE_MESSAGE(p.ok(), p.error().detail);
  CHECK(p->source == d.dir / "policy.toml");
  REQUIRE(p->trusted_keys.size() == 3);  // a.pub once, though keys/ is also a key_dir
  CHECK(p->trusted_keys[0].key_id() == d.a);
  CHECK(p->trusted_keys[1].key_id() == d.b);
  CHECK(p->trusted_keys[2].key_id() == c);
  CHECK(p->trusted_roots.size() == (cas.empty() ? 0u : 1u));
  REQUIRE(p->signers.size() == 2);
  CHECK(p->signers[0].key_id == d.a);
  CHECK(p->signers[1].subject == "CN=registry*");
  CHECK(p->signers[1].issuer == "CN=Example*");
  CHECK(p->required_signers == std::vector<std::string>{"publisher", "registry"});
  CHECK(p->min_signatures == 2);
  CHECK(p->allowed_algorithms ==
        std::vector<keys::KeyType>{keys::KeyType::kEcdsaP256, keys::KeyType::kEd25519});
  CHECK(p->allow_unsigned_files);
  CHECK(p->max_signature_age == std::chrono::seconds(30 * 86400));

  auto minimal = d.load(kHead);
  REQUIRE(minimal.ok());
  CHECK(minimal->min_signatures == 1);
  CHECK(minimal->allowed_algorithms.empty());
  CHECK_FALSE(minimal->allow_unsigned_files);
  CHECK_FALSE(minimal->max_signature_age);
}

TEST_CASE("Policy schema errors name file line and column") {
  TrustPolicyDir d;
  const std::string h = kHead;
  const std::string key_signer = "[[signer]]\nname = \"publisher\"\nkey_id = \"" + d.a + "\"\n";
  struct Case {
    std::string text;
    ErrorCode code;
    std::string expected;
  };
  const Case cases[] = {
      {"[trust]\nkeys = [\"keys/a.pub\"]\n", ErrorCode::kInvalidConfig,
       "policy.toml:1:1: missing required field 'schema'"},
      {"schema = \"modelseal.policy/v2\"\n", ErrorCode::kInvalidConfig,
       "policy.toml:1:10: unsupported schema \"modelseal.policy/v2\""},
      {"schema = \"modelseal.policy/v1\"\n", ErrorCode::kInvalidConfig,
       "missing required table '[trust]'"},
      {"schema = \"modelseal.policy/v1\"\n[trust]\n", ErrorCode::kInvalidConfig,
       "policy.toml:2:1: [trust] names no trusted key or certificate"},
      {h + "[requre]\n", ErrorCode::kInvalidConfig,
       "policy.toml:5:2: unknown key 'requre' (did you mean 'require'?)"},
      {h + "[require]\nmin_signature = 1\n", ErrorCode::kInvalidConfig,
       "policy.toml:6:1: unknown key 'require.min_signature' (did you mean 'min_signatures'?)"},
      {h + "min_signatures = 1\n", ErrorCode::kInvalidConfig,
       "policy.toml:5:1: unknown key 'trust.min_signatures' (hint: 'min_signatures' belongs in "
       "[require]"},
      {h + "[require]\nmin_signatures = \"2\"\n", ErrorCode::kInvalidConfig,
       "policy.toml:6:18: wrong type for 'require.min_signatures': expected an integer, found a "
       "string"},
      {h + "[require]\nallow_unsigned_files = 1\n", ErrorCode::kInvalidConfig,
       "wrong type for 'require.allow_unsigned_files': expected a boolean"},
      {h + "[require]\nalgorithms = [\"ecdsa-p256\", \"rsa-2048\"]\n", ErrorCode::kInvalidConfig,
       "policy.toml:6:29: invalid value for 'require.algorithms[1]': \"rsa-2048\" is not a "
       "supported algorithm"},
      {h + "[require]\nalgorithms = [\"ed25519\", \"ed25519\"]\n", ErrorCode::kInvalidConfig,
       "'require.algorithms[1]': \"ed25519\" is already listed as algorithms[0]"},
      {h + "[[signer]]\nname = \"x\"\nkey_id = \"" + d.a + "\"\nsubject = \"CN=x\"\n",
       ErrorCode::kInvalidConfig, "policy.toml:8:1: 'signer[0]' has both key_id and subject"},
      {h + "[[signer]]\nname = \"x\"\n", ErrorCode::kInvalidConfig,
       "policy.toml:5:1: 'signer[0]' has neither key_id nor subject"},
      {h + "[[signer]]\nname = \"x\"\nkey_id = \"" + d.a + "\"\nissuer = \"CN=x\"\n",
       ErrorCode::kInvalidConfig, "'signer[0].issuer' applies only to a certificate signer"},
      {h + "[[signer]]\nname = \"x\"\nkey_id = \"ABC\"\n", ErrorCode::kInvalidConfig,
       "policy.toml:7:10: invalid value for 'signer[0].key_id': \"ABC\" is not 64 lower-case hex"},
      {h + "[[signer]]\nname = \"a b\"\nsubject = \"CN=x\"\n", ErrorCode::kInvalidConfig,
       "'signer[0].name': \"a b\" may contain only letters"},
      {h + key_signer + "[[signer]]\nname = \"again\"\nkey_id = \"" + d.a + "\"\n",
       ErrorCode::kInvalidConfig,
       "invalid value for 'signer[1].key_id': signer[0] has this key id too"},
      {h + key_signer + "[[signer]]\nname = \"publisher\"\nsubject = \"CN=x\"\n",
       ErrorCode::kInvalidConfig,
       "policy.toml:9:8: invalid value for 'signer[1].name': \"publisher\" is already the name "
       "of signer[0]"},
      {h + key_signer + "[require]\nsigners = [\"publsher\"]\n", ErrorCode::kInvalidConfig,
       "policy.toml:9:12: invalid value for 'require.signers[0]': \"publsher\" is not the name of "
       "a [[signer]] (did you mean 'publisher'?)"},
      {h + "[require]\nsigners = [\"registry\"]\n", ErrorCode::kInvalidConfig,
       "(hint: no [[signer]] is defined"},
      {h + "[require]\nmin_signatures = 0\n", ErrorCode::kInvalidConfig,
       "policy.toml:6:18: invalid value for 'require.min_signatures': 0 is not between 1 and 100"},
      {h + "[require]\nmin_signatures = 101\n", ErrorCode::kInvalidConfig,
       "101 is not between 1 and 100"},
      {h + "[require]\nmax_signature_age_days = 0\n", ErrorCode::kInvalidConfig,
       "policy.toml:6:26: invalid value for 'require.max_signature_age_days': 0 is not between 1"},
      {h + "[require]\nmax_signature_age_days = -5\n", ErrorCode::kInvalidConfig,
       "-5 is not between 1 and 36500"},
      {h + "[require]\nmin_signatures = 2\n", ErrorCode::kInvalidConfig,
       "policy.toml:6:18: invalid value for 'require.min_signatures': 2 distinct signers are "
       "impossible with 1 trusted key and no cas"},
      {h + "[[signer]]\nname = \"b\"\nkey_id = \"" + d.b + "\"\n", ErrorCode::kInvalidConfig,
       "policy.toml:7:10: invalid value for 'signer[0].key_id': no [trust] key has this id"},
      {h + "keys = [\"x\"]\n", ErrorCode::kInvalidConfig, "TOML syntax error"},
      {"schema = \"modelseal.policy/v1\"\n[trust]\nkeys = [\"keys/a.pub\", \"keys/missing.pub\"]\n",
       ErrorCode::kNotFound,
       "policy.toml:3:23: cannot load 'trust.keys[1]' \"keys/missing.pub\": " +
           (d.dir / "keys/missing.pub").string() + ": cannot open"},
      {"schema = \"modelseal.policy/v1\"\n[trust]\nkey_dirs = [\"nowhere\"]\n", ErrorCode::kNotFound,
       "policy.toml:3:13: cannot load 'trust.key_dirs[0]' \"nowhere\": " +
           (d.dir / "nowhere").string() + ": no such folder"},
      {h + "cas = [\"pki/none.pem\"]\n", ErrorCode::kNotFound,
       "policy.toml:5:8: cannot load 'trust.cas[0]' \"pki/none.pem\": " +
           (d.dir / "pki/none.pem").string()},
      {"schema = \"modelseal.policy/v1\"\n[trust]\nkeys = [\"keys\"]\n",
       ErrorCode::kInvalidArgument, "keys: is a folder, not a file"},
      {"schema = \"modelseal.policy/v1\"\n[trust]\nkeys = []\n", ErrorCode::kInvalidConfig,
       "policy.toml:3:8: invalid value for 'trust.keys': the array is empty"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    check_error(d.load(c.text), c.code, c.expected);
  }
}

TEST_CASE("Policy limits file size and array lengths") {
  TrustPolicyDir d;
  check_error(d.load(std::string(kHead) + "#" + std::string(70000, 'x') + "\n"),
              ErrorCode::kInvalidConfig, "larger than the limit of 65536 bytes");
  std::string many = "schema = \"modelseal.policy/v1\"\n[trust]\nkeys = [";
  for (int i = 0; i < 257; ++i) many += "\"keys/a.pub\",";
  check_error(d.load(many + "]\n"), ErrorCode::kInvalidConfig,
              "policy.toml:3:8: 'trust.keys' has 257 entries, more than the limit of 256");
  check_error(load_policy(d.dir / "absent.toml"), ErrorCode::kNotFound, "absent.toml");
}

TEST_CASE("Policy minimum distinct signatures") {
  TrustPolicy p = two_signer_policy();
  p.min_signatures = 2;
  const auto a = key_signature(kKeyA, keys::KeyType::kEcdsaP256);
  PolicyVerdict same_key = evaluate_policy(p, {a, a}, kNow);
  CHECK_FALSE(same_key.accepted);
  CHECK(policy_rule(same_key, "min_signatures = 2").evidence.starts_with("1 distinct signer, 2 needed"));
  PolicyVerdict two = evaluate_policy(p, {a, key_signature(kKeyB, keys::KeyType::kEd25519)}, kNow);
  CHECK(two.accepted);
  CHECK(policy_rule(two, "min_signatures = 2").passed);
  PolicyVerdict none = evaluate_policy(p, {}, kNow);
  CHECK_FALSE(none.accepted);
  CHECK_FALSE(policy_rule(none, "trusted signatures").passed);
}

TEST_CASE("Policy required signers by key and by certificate subject") {
  TrustPolicy p = two_signer_policy();
  p.required_signers = {"publisher", "registry"};
  const auto a = key_signature(kKeyA, keys::KeyType::kEcdsaP256);
  const auto reg = cert_signature("CN=registry.example.org,O=Example", "CN=Example Intermediate 2");
  PolicyVerdict both = evaluate_policy(p, {a, reg}, kNow);
  CHECK(both.accepted);
  CHECK(policy_rule(both, "signer publisher").evidence == "signed: key aaaaaaaaaaaaaaaa (publisher)");
  CHECK(policy_rule(both, "signer registry").evidence ==
        "signed: certificate \"CN=registry.example.org,O=Example\" (registry)");
  PolicyVerdict no_key = evaluate_policy(p, {reg}, kNow);
  CHECK_FALSE(no_key.accepted);
  CHECK(policy_rule(no_key, "signer publisher").evidence == "no valid signature by key " + kKeyA);
  const auto wrong_issuer = cert_signature("CN=registry.example.org,O=Example", "CN=Other CA");
  PolicyVerdict no_cert = evaluate_policy(p, {a, wrong_issuer}, kNow);
  CHECK_FALSE(no_cert.accepted);
  CHECK(policy_rule(no_cert, "signer registry").evidence.starts_with(
      "no valid certificate signature with subject matching \"CN=registry.example.org,O=*\" and "
      "issuer matching"));
  // A key signature is never a certificate signer, whatever its signer text.
  auto pretend = key_signature(kKeyB, keys::KeyType::kEcdsaP256);
  pretend.signer = "CN=registry.example.org,O=Example";
  CHECK_FALSE(policy_rule(evaluate_policy(p, {a, pretend}, kNow), "signer registry").passed);
}

TEST_CASE("Policy algorithms and unsigned files") {
  TrustPolicy p = two_signer_policy();
  p.allowed_algorithms = {keys::KeyType::kEcdsaP256, keys::KeyType::kEcdsaP384};
  const auto a = key_signature(kKeyA, keys::KeyType::kEcdsaP256);
  PolicyVerdict ed = evaluate_policy(p, {a, key_signature(kKeyB, keys::KeyType::kEd25519)}, kNow);
  CHECK_FALSE(ed.accepted);
  CHECK(policy_rule(ed, "algorithms = ecdsa-p256, ecdsa-p384").evidence ==
        "key bbbbbbbbbbbbbbbb uses ed25519, which is not allowed");
  CHECK(evaluate_policy(p, {a}, kNow).accepted);

  auto extra = a;
  extra.unsigned_files = {"notes.txt", "extra/weights.bin"};
  PolicyVerdict rejected = evaluate_policy(p, {extra}, kNow);
  CHECK_FALSE(rejected.accepted);
  const std::string listed =
      "key aaaaaaaaaaaaaaaa (publisher) leaves 2 files unsigned: \"notes.txt\", "
      "\"extra/weights.bin\"";
  CHECK(policy_rule(rejected, "allow_unsigned_files = false").evidence == listed);
  p.allow_unsigned_files = true;
  PolicyVerdict tolerated = evaluate_policy(p, {extra}, kNow);
  CHECK(tolerated.accepted);
  CHECK(policy_rule(tolerated, "allow_unsigned_files = true").evidence == "tolerated: " + listed);
}

TEST_CASE("Policy maximum signature age") {
  TrustPolicy p = two_signer_policy();
  p.max_signature_age = std::chrono::seconds(30 * 86400);
  auto recent = key_signature(kKeyA, keys::KeyType::kEcdsaP256);
  recent.signed_at = kNow - std::chrono::days(3);
  auto old = key_signature(kKeyB, keys::KeyType::kEcdsaP256);
  old.signed_at = kNow - std::chrono::days(31);
  PolicyVerdict within = evaluate_policy(p, {recent}, kNow);
  CHECK(within.accepted);
  CHECK(policy_rule(within, "max_signature_age_days = 30").evidence ==
        "oldest: key aaaaaaaaaaaaaaaa (publisher) signed 2026-05-29T12:00:00Z (3 days ago, limit "
        "30 days)");
  PolicyVerdict over = evaluate_policy(p, {recent, old}, kNow);
  CHECK_FALSE(over.accepted);
  CHECK(policy_rule(over, "max_signature_age_days = 30").evidence.find("31 days ago") !=
        std::string::npos);
  PolicyVerdict unknown = evaluate_policy(p, {key_signature(kKeyA, keys::KeyType::kEcdsaP256)},
                                          kNow);
  CHECK_FALSE(unknown.accepted);
  CHECK(policy_rule(unknown, "max_signature_age_days = 30").evidence ==
        "key aaaaaaaaaaaaaaaa (publisher): no signing time (OMS signatures carry none)");
}

TEST_CASE("Policy verdict lists every rule in order") {
  TrustPolicy p = two_signer_policy();
  p.min_signatures = 1;
  p.required_signers = {"registry", "publisher"};
  p.max_signature_age = std::chrono::seconds(86400);
  PolicyVerdict v = evaluate_policy(p, {key_signature(kKeyA, keys::KeyType::kEcdsaP256)}, kNow);
  std::vector<std::string> names;
  for (const PolicyRuleResult& r : v.rules) names.push_back(r.rule);
  CHECK(names == std::vector<std::string>{
                     "trusted signatures", "min_signatures = 1", "signer registry",
                     "signer publisher",
                     "algorithms = ecdsa-p256, ecdsa-p384, ecdsa-p521, ed25519",
                     "allow_unsigned_files = false", "max_signature_age_days = 1"});
  CHECK_FALSE(v.accepted);
  for (const PolicyRuleResult& r : v.rules) CHECK_FALSE(r.evidence.empty());
}

TEST_CASE("Policy: one key fulfils at most one required signer") {
  TrustPolicy p;
  p.signers = {PolicySigner{"publisher", kKeyA, std::nullopt, std::nullopt},
               PolicySigner{"also-publisher", kKeyA, std::nullopt, std::nullopt}};
  p.required_signers = {"publisher", "also-publisher"};
  const auto a = key_signature(kKeyA, keys::KeyType::kEcdsaP256);
  // Two entries with one key_id, two signatures by that key: still one key.
  PolicyVerdict same_key = evaluate_policy(p, {a, a}, kNow);
  CHECK_FALSE(same_key.accepted);
  CHECK(policy_rule(same_key, "signer publisher").passed);
  CHECK_FALSE(policy_rule(same_key, "signer also-publisher").passed);
  CHECK(policy_rule(same_key, "signer also-publisher").evidence ==
        "no signature by a key of its own (each required signer needs a distinct key): key "
        "aaaaaaaaaaaaaaaa (publisher, also-publisher) is counted for signer publisher");

  // Two certificate signers whose patterns both match one certificate.
  TrustPolicy certs;
  certs.signers = {PolicySigner{"registry", std::nullopt, "CN=registry*", std::nullopt},
                   PolicySigner{"mirror", std::nullopt, "CN=*", std::nullopt}};
  certs.required_signers = {"registry", "mirror"};
  auto reg = cert_signature("CN=registry.example.org", "CN=CA");
  PolicyVerdict one_cert = evaluate_policy(certs, {reg}, kNow);
  CHECK_FALSE(one_cert.accepted);
  CHECK_FALSE(policy_rule(one_cert, "signer mirror").passed);
  auto mirror = cert_signature("CN=mirror.example.org", "CN=CA");
  mirror.key_id = std::string(64, 'd');
  CHECK(evaluate_policy(certs, {reg, mirror}, kNow).accepted);
  // Another certificate for the same key is the same signer.
  auto reissued = reg;
  reissued.signer = "CN=registry2.example.org";
  CHECK_FALSE(evaluate_policy(certs, {reg, reissued}, kNow).accepted);
}

TEST_CASE("Policy: required signers are matched, not taken first come first served") {
  // "any" matches both keys, "publisher" only key A: taking A for "any"
  // first would leave "publisher" unsigned though an assignment exists.
  TrustPolicy p;
  p.signers = {PolicySigner{"any", std::nullopt, "*", std::nullopt},
               PolicySigner{"publisher", kKeyA, std::nullopt, std::nullopt}};
  p.required_signers = {"any", "publisher"};
  auto a = cert_signature("CN=a", "CN=CA");
  a.key_id = kKeyA;
  auto b = cert_signature("CN=b", "CN=CA");
  b.key_id = kKeyB;
  PolicyVerdict v = evaluate_policy(p, {a, b}, kNow);
  CHECK(v.accepted);
  CHECK(policy_rule(v, "signer any").evidence == "signed: certificate \"CN=b\" (any)");
  CHECK(policy_rule(v, "signer publisher").evidence == "signed: certificate \"CN=a\" (any, publisher)");
  CHECK_FALSE(evaluate_policy(p, {a}, kNow).accepted);
}

TEST_CASE("Policy: a signing time in the future fails the age rule beyond 5 minutes") {
  TrustPolicy p = two_signer_policy();
  p.max_signature_age = std::chrono::seconds(30 * 86400);
  auto ahead = key_signature(kKeyA, keys::KeyType::kEcdsaP256);
  ahead.signed_at = kNow + std::chrono::hours(24 * 365);
  PolicyVerdict future = evaluate_policy(p, {ahead}, kNow);
  CHECK_FALSE(future.accepted);
  CHECK(policy_rule(future, "max_signature_age_days = 30").evidence.starts_with(
      "key aaaaaaaaaaaaaaaa (publisher) signed 2027-06-01T12:00:00Z: in the future (more than 5 "
      "minutes after the evaluation time 2026-06-01T12:00:00Z)"));
  ahead.signed_at = kNow + std::chrono::minutes(5) + std::chrono::seconds(1);
  CHECK_FALSE(evaluate_policy(p, {ahead}, kNow).accepted);
  ahead.signed_at = kNow + std::chrono::minutes(5);
  CHECK(evaluate_policy(p, {ahead}, kNow).accepted);
  // One future signature among good ones still fails.
  auto recent = key_signature(kKeyB, keys::KeyType::kEcdsaP256);
  recent.signed_at = kNow - std::chrono::days(1);
  ahead.signed_at = kNow + std::chrono::days(2);
  CHECK_FALSE(evaluate_policy(p, {recent, ahead}, kNow).accepted);
}
