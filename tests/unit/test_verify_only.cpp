// verify_model with `only` (`verify --only`): a model folder signed in place, partly fetched, is
// checked against the whole signature; the verdict lists what was checked and what was absent.
#include <doctest/doctest.h>

#include "lifecycle_test_support.hpp"
#include "modelseal/verify_model.hpp"
#include "signing/signed_content.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using test_support::TempDir;
namespace stdfs = std::filesystem;

namespace {

// A copy of the example folder signed in place (model.sig) by `key`; key.pub beside it.
struct SignedFolder {
  TempDir dir;
  keys::PrivateKey key = signing_test::new_key();
  stdfs::path model = signing_test::copy_model(test_support::example_model(), dir / "model");

  SignedFolder() {
    SignOptions o;
    o.target = model;
    o.signer = &key;
    auto signed_model = sign_model(o);
    REQUIRE_MESSAGE(signed_model.ok(), signed_model.error().detail);
    REQUIRE(keys::write_key_pair(key, dir / "key.pem", dir / "key.pub", nullptr, false).ok());
  }

  VerifyRequest request(std::vector<std::string> only) const {
    VerifyRequest r;
    r.target = model;
    r.trust.key_files = {dir / "key.pub"};
    r.only = std::move(only);
    return r;
  }
};

void check_refused(const Result<ModelVerdict>& v, std::string_view names) {
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  CHECK_FALSE(v->accepted);
  REQUIRE(v->failure.has_value());
  CHECK(v->failure->code == ErrorCode::kTampered);
  CHECK_MESSAGE(v->failure->detail.find(names) != std::string::npos, v->failure->detail);
  CHECK_FALSE(v->selection.has_value());
}

}  // namespace

TEST_CASE("verify --only: signed files the globs exclude may be absent, the verdict lists them") {
  SignedFolder s;
  stdfs::remove(s.model / "README.md");
  stdfs::remove(s.model / "tokenizer.json");
  CHECK_FALSE(verify_model(s.request({}))->accepted);  // without --only: missing files

  auto v = verify_model(s.request({"*.safetensors", "config.json"}));
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  REQUIRE_MESSAGE(v->accepted, v->failure->detail);
  REQUIRE(v->selection.has_value());
  CHECK(v->selection->globs == std::vector<std::string>{"*.safetensors", "config.json"});
  // Every present signed file is checked, bundle.toml too, though no glob names it.
  CHECK(v->selection->checked ==
        std::vector<std::string>{"bundle.toml", "config.json", "model.safetensors"});
  CHECK(v->selection->absent == std::vector<std::string>{"README.md", "tokenizer.json"});
  const VerifiedSignature& sig = *v->signatures.at(0).verified;
  CHECK(sig.absent_files == v->selection->absent);
  CHECK(sig.file_count == 3);
  // The signature still vouches for the whole model, as signed.
  CHECK_FALSE(digests_equal(sig.content_digest, sig.signed_digest));
}

TEST_CASE("verify --only: a selected file missing or any present file changed is refused") {
  SignedFolder s;
  stdfs::remove(s.model / "tokenizer.json");
  check_refused(verify_model(s.request({"*.json"})),
                "'tokenizer.json' is signed but missing (--only selects it)");

  test_support::write_bytes(s.model / "README.md", "changed\n");  // excluded, present
  check_refused(verify_model(s.request({"config.json"})), "'README.md' changed since it was signed");
  stdfs::remove(s.model / "README.md");
  signing_test::append_byte(s.model / "config.json");  // included
  check_refused(verify_model(s.request({"config.json"})), "'config.json' changed since it was signed");
}

TEST_CASE("verify --only: an unsigned file, a glob matching nothing, a wrong key are refused") {
  SignedFolder s;
  stdfs::remove(s.model / "README.md");
  test_support::write_bytes(s.model / "extra.bin", "x");
  check_refused(verify_model(s.request({"*.safetensors"})), "'extra.bin' is not covered");
  stdfs::remove(s.model / "extra.bin");

  check_refused(verify_model(s.request({"*.safetensors", "*.bin"})),
                "--only '*.bin' matches no file the signature lists");
  // '*' stays within one component: a top-level glob does not reach sub/.
  check_refused(verify_model(s.request({"sub/*.safetensors"})), "matches no file");

  VerifyRequest other = s.request({"*.safetensors"});
  const keys::PrivateKey stranger = signing_test::new_key();
  REQUIRE(keys::write_key_pair(stranger, s.dir / "o.pem", s.dir / "o.pub", nullptr, false).ok());
  other.trust.key_files = {s.dir / "o.pub"};
  auto v = verify_model(other);
  REQUIRE(v.ok());
  CHECK_FALSE(v->accepted);
  CHECK(is_rejection(v->failure->code));
}

TEST_CASE("verify --only on a plain bundle: every file is present and checked, globs must match") {
  TempDir dir;
  const stdfs::path bundle = dir / "m.mbundle";
  lifecycle_test::build_example_bundle(bundle);
  const keys::PrivateKey key = signing_test::new_key();
  SignOptions o;
  o.target = bundle;
  o.signer = &key;
  REQUIRE(sign_model(o).ok());
  REQUIRE(keys::write_key_pair(key, dir / "k.pem", dir / "k.pub", nullptr, false).ok());
  VerifyRequest r;
  r.target = bundle;
  r.trust.key_files = {dir / "k.pub"};
  r.only = {"*.safetensors"};
  auto v = verify_model(r);
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  REQUIRE_MESSAGE(v->accepted, v->failure->detail);
  REQUIRE(v->selection.has_value());
  CHECK(v->selection->absent.empty());
  CHECK(v->selection->checked.size() == v->signatures.at(0).verified->file_count);

  r.integrity_only = true;
  v = verify_model(r);
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  REQUIRE_MESSAGE(v->accepted, v->failure->detail);
  CHECK(v->selection->absent.empty());
  CHECK(v->selection->checked.size() == v->content->file_count);

  for (bool integrity : {false, true}) {
    r.integrity_only = integrity;
    r.only = {"*.safetensors", "*.gguf"};
    check_refused(verify_model(r), "--only '*.gguf' matches no file the");
  }
}

TEST_CASE("verify --only: malformed globs and targets other than folders are usage errors") {
  SignedFolder s;
  auto bad = verify_model(s.request({"[ab].bin"}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kInvalidArgument);

  VerifyRequest file = s.request({"*"});
  file.target = s.model / "config.json";
  auto refused = verify_model(file);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kInvalidArgument);
  CHECK(refused.error().detail.find("--only applies to folders") != std::string::npos);
  file.integrity_only = true;
  CHECK(verify_model(file).error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("compare_content with a selection: absent and checked files, both ways") {
  using signing::SignedFile;
  const std::string d0(64, '0'), d1(64, '1');
  const std::vector<SignedFile> signed_files = {{"a.bin", d0}, {"b.json", d1}, {"c.json", d0}};
  std::vector<FileRecord> present = {{"b.json", 1, *Sha256Digest::from_hex(d1)}};
  auto only = tree::FileSelection::parse({"*.json"}, "--only");
  REQUIRE(only.ok());
  auto missing = signing::compare_content(signed_files, present, "m", false, *only);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().detail.find("'c.json' is signed but missing") != std::string::npos);

  only = tree::FileSelection::parse({"b.*"}, "--only");
  auto r = signing::compare_content(signed_files, present, "m", false, *only);
  REQUIRE_MESSAGE(r.ok(), r.error().detail);
  CHECK(r->checked_files == std::vector<std::string>{"b.json"});
  CHECK(r->absent_files == std::vector<std::string>{"a.bin", "c.json"});
  // Without a selection, nothing may be absent.
  CHECK_FALSE(signing::compare_content(signed_files, present, "m", false).ok());
}
