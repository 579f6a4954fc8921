// Checkpoints, signed notes, trusted roots and times, valid and hostile,
// checked here and written as the seeds of fuzz/fuzz_checkpoint.cpp:
//   MODELSEAL_WRITE_CHECKPOINT_SEEDS=fuzz/corpus/checkpoint modelseal_keys_tests -tc='checkpoint seeds*'
// Notes are signed with the fixed keys of fuzz/checkpoint_fuzz_keys.hpp
// (Ed25519 signatures are deterministic, so those seeds are reproducible).
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "formats/sigstore/trusted_root.hpp"
#include "checkpoint_fuzz_keys.hpp"  // fuzz/
#include "transparency_test_support.hpp"

namespace {

using namespace transparency_test;

enum class Kind { kNote, kRoot, kTime };

struct CheckpointSeed {
  std::string file;
  std::string bytes;
  Kind kind;
  bool valid;
};

TestLog fixed_log(std::string_view name, std::string_view pem) {
  auto priv = keys::PrivateKey::from_pem(pem, nullptr);
  REQUIRE(priv.ok());
  auto key = keys::CheckpointKey::create(name, spki_der(priv->public_key()));
  REQUIRE(key.ok());
  return TestLog{std::move(priv).value(), std::move(key).value()};
}

std::vector<CheckpointSeed> note_seeds() {
  const TestLog ed = fixed_log(checkpoint_fuzz::kEd25519LogName, checkpoint_fuzz::kEd25519LogKeyPem);
  const TestLog ec = fixed_log(checkpoint_fuzz::kEcdsaLogName, checkpoint_fuzz::kEcdsaLogKeyPem);
  const TestLog witness = TestLog::create(keys::KeyType::kEd25519, "witness.example");
  const Sha256Digest root = leaf_hash("seed root");
  const std::string name(ed.key.name());
  const std::string text = checkpoint_text(name, 736, root);
  const std::string v1_text = checkpoint_text("rekor.example.dev - 2605736670972794746", 23083062, root) +
                              "Timestamp: 1689177396617352539\n";
  const std::string sig = ed.sign_line(text);
  const std::string root_b64 = formats::base64_encode(root.bytes);
  std::string bad_sig = sig;
  bad_sig[bad_sig.size() - 4] = bad_sig[bad_sig.size() - 4] == 'A' ? 'B' : 'A';
  std::string bad_hint = sig;
  const size_t hint_at = sig.rfind(' ') + 1;
  bad_hint[hint_at] = bad_hint[hint_at] == 'A' ? 'B' : 'A';
  std::string many = text + "\n";
  for (size_t i = 0; i < 8; ++i) many += witness.sign_line(text);
  many += sig;
  return {
      {"valid_ed25519.note", text + "\n" + sig, Kind::kNote, true},
      {"valid_ecdsa_timestamp.note", v1_text + "\n" + ec.sign_line(v1_text), Kind::kNote, true},
      {"valid_witness_first.note", text + "\n" + witness.sign_line(text) + sig, Kind::kNote, true},
      {"valid_many_cosignatures.note", many, Kind::kNote, true},
      {"invalid_only_cosignature.note", text + "\n" + witness.sign_line(text), Kind::kNote, false},
      {"invalid_signature.note", text + "\n" + bad_sig, Kind::kNote, false},
      {"invalid_key_hint.note", text + "\n" + bad_hint, Kind::kNote, false},
      {"invalid_body_changed.note", checkpoint_text(name, 737, root) + "\n" + sig, Kind::kNote, false},
      {"invalid_missing_size.note", name + "\n" + root_b64 + "\n\n" + sig, Kind::kNote, false},
      {"invalid_missing_root.note", name + "\n736\n\n" + sig, Kind::kNote, false},
      {"invalid_leading_zero.note", name + "\n0736\n" + root_b64 + "\n\n" + sig, Kind::kNote, false},
      {"invalid_size_overflow.note", name + "\n18446744073709551616\n" + root_b64 + "\n\n" + sig, Kind::kNote, false},
      {"invalid_no_signatures.note", text + "\n", Kind::kNote, false},
      {"invalid_no_blank_line.note", text + sig, Kind::kNote, false},
      {"invalid_control_char.note", "log\t\n736\n" + root_b64 + "\n\n" + sig, Kind::kNote, false},
      {"invalid_hyphen.note", text + "\n- " + sig.substr(4), Kind::kNote, false},
      {"invalid_short_signature.note", text + "\n\xE2\x80\x94 w AAAA\n", Kind::kNote, false},
  };
}

const char* const kCheckpointKey =
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==";

std::string root_seed(const std::string& valid_for) {
  return std::string(R"({"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1",)") +
         R"("tlogs":[{"baseUrl":"https://rekor.example.dev","hashAlgorithm":"SHA2_256","publicKey":{"rawBytes":")" +
         kCheckpointKey + R"(","keyDetails":"PKIX_ECDSA_P256_SHA_256","validFor":)" + valid_for +
         R"(},"logId":{"keyId":"wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="},"operator":null}],)"
         R"("certificateAuthorities":[{"subject":{"organization":"example","commonName":"ca"},)"
         R"("uri":"https://ca.example.dev","certChain":{"certificates":[{"rawBytes":"MIIB"}]},)"
         R"("validFor":{"start":"2022-04-13T20:06:15Z","end":"2031-10-05T13:56:58.000Z"}}],"future":[1]})";
}

std::vector<CheckpointSeed> other_seeds() {
  return {
      {"valid_root.json", root_seed(R"({"start":"2021-01-12T11:53:27Z","end":null})"), Kind::kRoot, true},
      {"valid_root_minimal.json", R"({"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.2"})", Kind::kRoot, true},
      {"invalid_root_missing_start.json", root_seed("{}"), Kind::kRoot, false},
      {"invalid_root_bad_time.json", root_seed(R"({"start":"2021-02-29T00:00:00Z"})"), Kind::kRoot, false},
      {"invalid_root_end_before_start.json", root_seed(R"({"start":"2021-01-12T11:53:27Z","end":"2021-01-12T11:53:26.999Z"})"), Kind::kRoot, false},
      {"invalid_root_media_type.json", R"({"mediaType":"application/json"})", Kind::kRoot, false},
      {"valid_time_fraction.txt", "2022-10-31T23:59:59.999999999+01:30", Kind::kTime, true},
      {"invalid_time_far_future.txt", "9999-12-31T23:59:59Z", Kind::kTime, false},
      {"invalid_time_leap_second.txt", "2016-12-31T23:59:60Z", Kind::kTime, false},
  };
}

bool accepted(const CheckpointSeed& seed, const std::vector<keys::CheckpointKey>& log_keys) {
  switch (seed.kind) {
    case Kind::kNote: return keys::verify_checkpoint(seed.bytes, log_keys).ok();
    case Kind::kRoot: return formats::parse_trusted_root(seed.bytes, "seed").ok();
    case Kind::kTime: return formats::parse_rfc3339(seed.bytes).ok();
  }
  return false;
}

}  // namespace

TEST_CASE("checkpoint seeds have the expected verdicts") {
  const std::vector<keys::CheckpointKey> log_keys = {
      fixed_log(checkpoint_fuzz::kEd25519LogName, checkpoint_fuzz::kEd25519LogKeyPem).key,
      fixed_log(checkpoint_fuzz::kEcdsaLogName, checkpoint_fuzz::kEcdsaLogKeyPem).key};
  std::vector<CheckpointSeed> seeds = note_seeds();
  for (CheckpointSeed& s : other_seeds()) seeds.push_back(std::move(s));
  const char* out_dir = std::getenv("MODELSEAL_WRITE_CHECKPOINT_SEEDS");
  for (const CheckpointSeed& seed : seeds) {
    CAPTURE(seed.file);
    CHECK(accepted(seed, log_keys) == seed.valid);
    CHECK(seed.bytes.size() < 64 * 1024);
    if (out_dir != nullptr) test_support::write_bytes(std::filesystem::path(out_dir) / seed.file, seed.bytes);
  }
}
