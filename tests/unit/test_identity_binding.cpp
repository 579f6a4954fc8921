// Issue 14, part 2 and part 5: a bundle's identity binds its names (attestations and disposal
// records name the manifest digest beside the content digest), revocation lists read every
// record one way, and the legacy v0.2 DSSE encoding is accepted only for v0.2 statements
// (ECDSA over SHA-256, as v0.2.0 signed).
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "lifecycle/disposal_record.hpp"
#include "lifecycle/record_folder.hpp"
#include "modelseal/attest.hpp"
#include "modelseal/lifecycle.hpp"
#include "signing/envelope_signer.hpp"
#include "signing/statement_signing.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using test_support::TempDir;
namespace stdfs = std::filesystem;

namespace {

// A model folder whose payload glob takes every file, so a file can be renamed without
// touching bundle.toml.
stdfs::path model_taking_every_file(const TempDir& dir, const std::string& name) {
  stdfs::path model = dir / name;
  stdfs::copy(test_support::example_model(), model, stdfs::copy_options::recursive);
  std::string toml = test_support::read_bytes(model / "bundle.toml");
  const std::string include = "include = [\"config.json\", \"tokenizer.json\", \"model.safetensors\", \"README.md\"]";
  const size_t at = toml.find(include);
  REQUIRE(at != std::string::npos);
  toml.replace(at, include.size(), "include = [\"*\"]");
  test_support::write_bytes(model / "bundle.toml", toml);
  return model;
}

stdfs::path build(const stdfs::path& model, const stdfs::path& out,
                  CompressionKind compression = CompressionKind::kZstd) {
  BuildOptions o;
  o.model_dir = model;
  o.output = out;
  o.compression.kind = compression;
  auto built = build_bundle(o);
  REQUIRE_MESSAGE(built.ok(), built.error().detail);
  return out;
}

AttestationPolicy slsa_policy(const keys::PublicKey& key) {
  AttestationPolicy policy;
  AttestationRule rule;
  rule.predicate_type = kSlsaProvenancePredicateType;
  rule.keys = {key};
  policy.rules.push_back(std::move(rule));
  return policy;
}

AttestationVerdict verdict_with(const stdfs::path& bundle, const AttestationPolicy& policy,
                                const stdfs::path& attestations) {
  auto v = verify_attestations(bundle, policy, attestations, std::chrono::system_clock::now());
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  return *v;
}

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// A key-method Sigstore bundle over `statement` with `signature`, parsed.
formats::SigstoreBundle envelope_bundle(const keys::PublicKey& key, std::string_view statement,
                                        std::span<const uint8_t> signature) {
  const std::string text =
      R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":)"
      R"({"publicKey":{"hint":")" + key.key_id() + R"("},"tlogEntries":[]},"dsseEnvelope":{"payload":")" +
      formats::base64_encode(bytes_of(statement)) +
      R"(","payloadType":"application/vnd.in-toto+json","signatures":[{"sig":")" +
      formats::base64_encode(signature) + R"(","keyid":""}]}})";
  auto parsed = formats::parse_sigstore_bundle(text, "test.sig");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().detail);
  return std::move(parsed).value();
}

bool signer_accepts(const formats::SigstoreBundle& b, const keys::PublicKey& key) {
  static const std::vector<keys::Certificate> kNoRoots;
  const std::vector<keys::PublicKey> trusted{key};
  return signing::check_envelope_signer(b, *b.dsse(), {trusted, kNoRoots, {}}, "test.sig").ok();
}

std::vector<uint8_t> legacy_pae(std::string_view statement) {
  return formats::dsse_pae_legacy_v020(formats::kInTotoPayloadType, bytes_of(statement));
}

const std::string kLegacyStatement =
    R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"model.bin","digest":{"sha256":")"
    R"(2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}],)"
    R"("predicateType":"https://model_signing/Digests/v0.1","predicate":{}})";
const std::string kV1Statement =
    R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"m","digest":{"sha256":")"
    R"(2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}],)"
    R"("predicateType":"https://model_signing/signature/v1.0","predicate":{"serialization":)"
    R"({"method":"files","hash_type":"sha256","allow_symlinks":false},"resources":[{"name":"model.bin",)"
    R"("algorithm":"sha256","digest":"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}]}})";

// An ECDSA P-384 key that signs with SHA-256, as model_signing v0.2.0's certificates did, through OpenSSL.
struct Sha256OnP384 {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_EC_gen("P-384"), &EVP_PKEY_free};

  keys::PublicKey public_key() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    REQUIRE(PEM_write_bio_PUBKEY(bio.get(), key.get()) == 1);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    auto pub = keys::PublicKey::from_pem(std::string_view(data, static_cast<size_t>(len)));
    REQUIRE(pub.ok());
    return *pub;
  }

  std::vector<uint8_t> sign(std::span<const uint8_t> message) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    REQUIRE(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1);
    size_t len = 0;
    REQUIRE(EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()) == 1);
    std::vector<uint8_t> sig(len);
    REQUIRE(EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) == 1);
    sig.resize(len);
    return sig;
  }
};

keys::ShredEvidence evidence_for(const std::string& content_digest) {
  keys::ShredEvidence e;
  e.keystore_id = "ks-00000000000000000000000000000000";
  e.key_id = "dk-00000000000000000000000000000000";
  e.bundle = {"tiny-sentiment", "1.2.0", content_digest};
  e.reason = "test";
  e.effective_at = e.requested_at = "2026-01-01T00:00:00Z";
  return e;
}

void write_signed_record(const stdfs::path& path, const std::string& statement, const keys::Signer& signer) {
  auto signed_text = signing::sign_statement(statement, signer, {});
  REQUIRE_MESSAGE(signed_text.ok(), signed_text.error().detail);
  test_support::write_bytes(path, *signed_text);
}

}  // namespace

TEST_CASE("identity: an attestation about one bundle does not count for the same bytes under other names") {
  TempDir dir;
  const auto key = signing_test::new_key();
  const stdfs::path model = model_taking_every_file(dir, "model");
  const stdfs::path original = build(model, dir / "original.mbundle");
  AttestOptions o;
  o.bundle = original;
  o.predicate_type = "slsa-provenance";
  o.signer = &key;
  o.output = dir / "att/slsa.sigstore.json";
  auto made = attest_bundle(o);
  REQUIRE_MESSAGE(made.ok(), made.error().detail);

  // The same files, uncompressed: another archive, the same names and contents.
  const stdfs::path plain = build(model, dir / "plain.mbundle", CompressionKind::kNone);
  CHECK(verdict_with(original, slsa_policy(key.public_key()), dir / "att").accepted());
  CHECK(verdict_with(plain, slsa_policy(key.public_key()), dir / "att").accepted());

  // config.json renamed, in the same place of the order: the content digest is unchanged.
  stdfs::rename(model / "config.json", model / "configuration.json");
  const stdfs::path renamed = build(model, dir / "renamed.mbundle");
  AttestationVerdict v = verdict_with(renamed, slsa_policy(key.public_key()), dir / "att");
  CHECK(v.content_digest.hex() == made->content_digest.hex());
  CHECK(v.manifest_digest.hex() != made->manifest_digest.hex());
  CHECK_FALSE(v.accepted());
  REQUIRE(v.rules.size() == 1);
  CHECK(v.rules[0].evidence.find("does not bind the files' names") != std::string::npos);
}

TEST_CASE("identity: a disposal record names the manifest digest beside the content digest") {
  TempDir dir;
  const auto op = keys::PrivateKey::generate(keys::KeyType::kEd25519).value();
  const std::string content = "sha256:" + std::string(64, 'a');
  const Sha256Digest manifest = *Sha256Digest::from_hex(std::string(64, 'b'));
  write_signed_record(dir / "new.json", lifecycle::disposal_statement(evidence_for(content), manifest), op);
  write_signed_record(dir / "old.json", lifecycle::disposal_statement(evidence_for(content), std::nullopt), op);
  auto with_names = read_disposal_record(dir / "new.json", {op.public_key()});
  REQUIRE_MESSAGE(with_names.ok(), with_names.error().detail);
  CHECK(with_names->manifest_digest == manifest.prefixed());
  auto without = read_disposal_record(dir / "old.json", {op.public_key()});
  REQUIRE_MESSAGE(without.ok(), without.error().detail);
  CHECK(without->manifest_digest.empty());

  // A record whose second subject is not its manifest digest is refused.
  std::string statement = lifecycle::disposal_statement(evidence_for(content), manifest);
  const size_t second = statement.rfind(std::string(64, 'b'));
  statement.replace(second, 64, std::string(64, 'c'));
  write_signed_record(dir / "mismatch.json", statement, op);
  CHECK(read_disposal_record(dir / "mismatch.json", {}).error().code == ErrorCode::kTampered);
}

TEST_CASE("identity: a disposal record with an uppercase digest is refused by every reader") {
  TempDir dir;
  const auto op = keys::PrivateKey::generate(keys::KeyType::kEd25519).value();
  const std::string hex = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  stdfs::create_directories(dir / "list");
  write_signed_record(dir / "list/r.json",
                      lifecycle::disposal_statement(evidence_for("sha256:" + upper), std::nullopt), op);
  auto read = read_disposal_record(dir / "list/r.json", {op.public_key()});
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == ErrorCode::kTampered);
  CHECK(read.error().detail.find("lowercase") != std::string::npos);
  auto found = find_revocation(dir / "list", *Sha256Digest::from_hex(hex), {op.public_key()});
  CHECK_FALSE(found.ok());
}

TEST_CASE("revocations: every entry of the list is a record; *.JSON counts; other digests match too") {
  TempDir dir;
  const auto op = keys::PrivateKey::generate(keys::KeyType::kEd25519).value();
  const Sha256Digest revoked = *Sha256Digest::from_hex(std::string(64, 'a'));
  const Sha256Digest other = *Sha256Digest::from_hex(std::string(64, 'd'));
  stdfs::create_directories(dir / "caps");
  write_signed_record(dir / "caps/RECORD.JSON",
                      lifecycle::disposal_statement(evidence_for(revoked.prefixed()), std::nullopt), op);
  auto found = find_revocation(dir / "caps", revoked, {op.public_key()});
  REQUIRE_MESSAGE(found.ok(), found.error().detail);
  CHECK(found->has_value());
  // Any of the digests given: the files present or what a signature covers.
  auto either = find_revocation(dir / "caps", std::vector<Sha256Digest>{other, revoked}, {op.public_key()});
  REQUIRE(either.ok());
  CHECK(either->has_value());

  test_support::write_bytes(dir / "caps/notes.txt", "not a record");
  auto stray = find_revocation(dir / "caps", other, {});
  REQUIRE_FALSE(stray.ok());
  CHECK(stray.error().detail.find("notes.txt") != std::string::npos);
  stdfs::remove(dir / "caps/notes.txt");
  stdfs::create_directories(dir / "caps/more");
  CHECK_FALSE(find_revocation(dir / "caps", other, {}).ok());
  stdfs::remove(dir / "caps/more");
  // A record a killed shred left half-written is not a record, here as in the keystore audit.
  test_support::write_bytes(dir / "caps/.RECORD2.JSON.tmp-12345-AbCdEf", "{\"half");
  auto with_temporary = find_revocation(dir / "caps", revoked, {op.public_key()});
  REQUIRE_MESSAGE(with_temporary.ok(), with_temporary.error().detail);
  CHECK(with_temporary->has_value());
}

TEST_CASE("record folders: one listing for revocation lists and the keystore audit") {
  TempDir dir;
  stdfs::create_directories(dir / "f/sub.json");
  test_support::write_bytes(dir / "f/b.json", "{}");
  test_support::write_bytes(dir / "f/A.JSON", "{}");
  test_support::write_bytes(dir / "f/notes.txt", "x");
  test_support::write_bytes(dir / "f/.c.json.tmp-999-XyZ123", "x");
  stdfs::create_symlink(dir / "f/b.json", dir / "f/link.json");
  auto entries = lifecycle::list_record_folder(dir / "f", 10);
  REQUIRE(entries.ok());
  std::vector<std::string> names, records;
  for (const auto& e : *entries) {
    names.push_back(e.name);
    if (e.is_record) records.push_back(e.name);
  }
  // Sorted, the temporary left out; a folder, a link and a non-.json file are entries, not records.
  CHECK(names == std::vector<std::string>{"A.JSON", "b.json", "link.json", "notes.txt", "sub.json"});
  CHECK(records == std::vector<std::string>{"A.JSON", "b.json"});
  auto capped = lifecycle::list_record_folder(dir / "f", 4);
  REQUIRE_FALSE(capped.ok());
  CHECK(capped.error().code == ErrorCode::kLimitExceeded);
  CHECK(lifecycle::list_record_folder(dir / "nowhere", 10).error().code == ErrorCode::kIo);
}

TEST_CASE("legacy DSSE encoding: only for v0.2 statements, ECDSA, key signatures hashed by the curve") {
  // A v1.0 statement (or any other) signed over the legacy encoding does not verify.
  const auto p256 = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256).value();
  auto v1_sig = p256.sign(legacy_pae(kV1Statement));
  REQUIRE(v1_sig.ok());
  CHECK_FALSE(signer_accepts(envelope_bundle(p256.public_key(), kV1Statement, *v1_sig), p256.public_key()));
  // The v0.2 statement over the legacy encoding does, with the curve's hash: P-256/SHA-256,
  // P-384/SHA-384, P-521/SHA-512 (PrivateKey::sign hashes by the curve)...
  for (keys::KeyType type : {keys::KeyType::kEcdsaP256, keys::KeyType::kEcdsaP384, keys::KeyType::kEcdsaP521}) {
    const auto k = keys::PrivateKey::generate(type).value();
    auto sig = k.sign(legacy_pae(kLegacyStatement));
    REQUIRE(sig.ok());
    CHECK(signer_accepts(envelope_bundle(k.public_key(), kLegacyStatement, *sig), k.public_key()));
  }
  // ... and a key's P-384 signature over SHA-256 is refused: the hash is bound to the curve
  // (SHA-256 on P-384 is only v0.2.0's certificate signing: the golden v0.2.0-certificate vector).
  Sha256OnP384 v020;
  const keys::PublicKey v020_pub = v020.public_key();
  CHECK_FALSE(signer_accepts(envelope_bundle(v020_pub, kLegacyStatement, v020.sign(legacy_pae(kLegacyStatement))),
                             v020_pub));
  CHECK_FALSE(signer_accepts(envelope_bundle(v020_pub, kV1Statement, v020.sign(legacy_pae(kV1Statement))),
                             v020_pub));
  const auto p384 = keys::PrivateKey::generate(keys::KeyType::kEcdsaP384).value();
  // Ed25519 never had a legacy encoding.
  const auto ed = keys::PrivateKey::generate(keys::KeyType::kEd25519).value();
  auto ed_sig = ed.sign(legacy_pae(kLegacyStatement));
  REQUIRE(ed_sig.ok());
  CHECK_FALSE(signer_accepts(envelope_bundle(ed.public_key(), kLegacyStatement, *ed_sig), ed.public_key()));
  // The normal DSSE encoding still verifies for both kinds of statement.
  auto normal = p384.sign(formats::dsse_pae(formats::kInTotoPayloadType, bytes_of(kV1Statement)));
  REQUIRE(normal.ok());
  CHECK(signer_accepts(envelope_bundle(p384.public_key(), kV1Statement, *normal), p384.public_key()));
}
