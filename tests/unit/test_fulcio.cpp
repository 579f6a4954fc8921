// Fulcio certificate checks (keys/src/fulcio) on the real Sigstore leaves in
// ../shared (skipped with a MESSAGE when absent), each mutated to fail.
// Synthetic certificates: test_fulcio_synthetic.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "fulcio/fulcio.hpp"
#include "test_support.hpp"
#include "test_skip.hpp"

namespace {

namespace fs = std::filesystem;
namespace keys = modelseal::keys;
namespace formats = modelseal::formats;
using modelseal::ErrorCode;
using std::chrono::seconds;

fs::path shared(const char* sub) {
  const fs::path path = fs::path(MODELSEAL_SHARED_DIR) / sub;
  if (!fs::exists(path)) MESSAGE("skipped: ", path.string(), " is absent");
  return fs::exists(path) ? path : fs::path();
}

keys::Certificate cert_of(const nlohmann::json& raw) {
  auto der = formats::base64_decode(raw.get<std::string>());
  REQUIRE(der.ok());
  auto cert = keys::Certificate::from_der(*der);
  REQUIRE(cert.ok());
  return *cert;
}

// The bundle's certificates, leaf first (v0.3 certificate or v0.1/0.2 chain).
std::vector<keys::Certificate> bundle_certs(const nlohmann::json& doc) {
  std::vector<keys::Certificate> out;
  if (!doc.is_object() || !doc.contains("verificationMaterial")) return out;
  const auto& material = doc["verificationMaterial"];
  if (material.contains("certificate")) out.push_back(cert_of(material["certificate"]["rawBytes"]));
  if (material.contains("x509CertificateChain"))
    for (const auto& c : material["x509CertificateChain"]["certificates"])
      out.push_back(cert_of(c["rawBytes"]));
  return out;
}

std::vector<keys::Certificate> bundle_certs(const fs::path& path) {
  return bundle_certs(nlohmann::json::parse(test_support::read_bytes(path)));
}

formats::TrustedRoot root_of(const fs::path& path) {
  auto root = formats::parse_trusted_root(test_support::read_bytes(path), path.string());
  REQUIRE(root.ok());
  return *root;
}

const char* kProduction = "vectors/sigstore/trust/trusted_root.production.json";
const char* kStaging = "vectors/sigstore/trust/trusted_root.staging.json";
const char* kBeaconIdentity =
    "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
    "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

struct RealCase {
  std::vector<keys::Certificate> certs;  // leaf first
  formats::TrustedRoot root;
  const keys::Certificate& leaf() const { return certs.front(); }
  std::vector<keys::Certificate> intermediates() const { return {certs.begin() + 1, certs.end()}; }
  std::chrono::system_clock::time_point at() const { return leaf().not_before() + seconds(1); }
};

std::optional<RealCase> load(const char* bundle, const char* root) {
  const fs::path b = shared(bundle), r = shared(root);
  if (b.empty() || r.empty()) return std::nullopt;
  RealCase c{bundle_certs(b), root_of(r)};
  REQUIRE_FALSE(c.certs.empty());
  return c;
}

const char* kHappyV03 =
    "vectors/sigstore/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json";

}  // namespace

TEST_CASE("fulcio identity: real GitHub Actions leaf and OMS leaves") {
  if (auto c = load(kHappyV03, kProduction)) {
    auto id = keys::fulcio_identity(c->leaf());
    REQUIRE(id.ok());
    CHECK(id->identities == std::vector<std::string>{kBeaconIdentity});
    CHECK(id->oidc_issuer == "https://token.actions.githubusercontent.com");
  }
  const fs::path oms = shared("vectors/oms/model-transparency/signed-models");
  if (oms.empty()) return test_skip::skip_without_shared();
  size_t seen = 0;
  for (const char* version : {"v0.3.1", "v1.0.0", "v1.0.1", "v1.1.0"}) {
    const fs::path sig = oms / (std::string(version) + "-sigstore") / "model.sig";
    CAPTURE(sig.string());
    auto id = keys::fulcio_identity(bundle_certs(sig).front());
    REQUIRE(id.ok());
    CHECK(id->identities == std::vector<std::string>{"stefanb@us.ibm.com"});
    CHECK(id->oidc_issuer == "https://sigstore.verify.ibm.com/oauth2");
    ++seen;
  }
  CHECK(seen == 4);
}

TEST_CASE("fulcio chain and SCT: real leaves verify against their Fulcio and CT logs") {
  struct Vector {
    const char* bundle;
    const char* root;
    size_t path_size;
  };
  const Vector vectors[] = {
      {kHappyV03, kProduction, 2},
      {"vectors/sigstore/conformance/bundle-verify/happy-path-v0.1/bundle.sigstore.json",
       kProduction, 2},
      {"vectors/oms/model-transparency/signed-models/v1.0.0-sigstore/model.sig", kProduction, 2},
      {"vectors/sigstore/sigstore-python/bundle_v3_github.whl.sigstore", kProduction, 2},
      {"vectors/sigstore/sigstore-python/Python-3.12.5.tgz.sigstore", kProduction, 2},
      {"vectors/sigstore/sigstore-python/a.dsse.staging-rekor-v2.txt.sigstore.json", kStaging, 2},
  };
  if (!fs::is_directory(fs::path(MODELSEAL_SHARED_DIR) / "vectors"))
    return test_skip::skip_without_shared();
  for (const Vector& v : vectors) {
    CAPTURE(v.bundle);
    auto c = load(v.bundle, v.root);
    if (!c) continue;
    auto path = keys::verify_fulcio_chain(c->leaf(), c->intermediates(),
                                          c->root.certificate_authorities, c->at());
    REQUIRE_MESSAGE(path.ok(), path.error().detail);
    CHECK(path->size() == v.path_size);
    CHECK(path->front().der() == c->leaf().der());
    auto sct = keys::verify_embedded_sct(c->leaf(), (*path)[1], c->root.ctlogs);
    CHECK_MESSAGE(sct.ok(), (sct.ok() ? "" : sct.error().detail));
  }
}

TEST_CASE("fulcio chain: real leaf rejected outside its validity which is inclusive") {
  auto c = load(kHappyV03, kProduction);
  if (!c) return test_skip::skip_without_shared();
  const auto& cas = c->root.certificate_authorities;
  CHECK(keys::verify_fulcio_chain(c->leaf(), {}, cas, c->leaf().not_before()).ok());
  CHECK(keys::verify_fulcio_chain(c->leaf(), {}, cas, c->leaf().not_after()).ok());
  auto late = keys::verify_fulcio_chain(c->leaf(), {}, cas, c->leaf().not_after() + seconds(1));
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == ErrorCode::kTampered);
  CHECK(late.error().detail.find("expired at 2024-03-19T17:36:27Z") != std::string::npos);
  auto early = keys::verify_fulcio_chain(c->leaf(), {}, cas, c->leaf().not_before() - seconds(1));
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().code == ErrorCode::kTampered);
  CHECK(early.error().detail.find("not yet valid") != std::string::npos);
}

TEST_CASE("fulcio chain: real leaf rejected without an authority valid at the time") {
  auto c = load(kHappyV03, kProduction);
  if (!c) return test_skip::skip_without_shared();
  std::vector<formats::CertificateAuthority> cas = c->root.certificate_authorities;
  for (auto& ca : cas) ca.valid_for.end = c->leaf().not_before();
  auto r = keys::verify_fulcio_chain(c->leaf(), {}, cas, c->at());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTampered);
  CHECK(r.error().detail.find("no Fulcio certificate authority is valid at 2024-03-19T17:26:27Z") !=
        std::string::npos);
  for (auto& ca : cas) ca.valid_for = {c->at() + seconds(1), std::nullopt};
  CHECK_FALSE(keys::verify_fulcio_chain(c->leaf(), {}, cas, c->at()).ok());
  auto none = keys::verify_fulcio_chain(c->leaf(), {}, {}, c->at());
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == ErrorCode::kTampered);
}

TEST_CASE("fulcio chain: real production leaf is untrusted by the staging Fulcio") {
  auto c = load(kHappyV03, kStaging);
  if (!c) return test_skip::skip_without_shared();
  auto r = keys::verify_fulcio_chain(c->leaf(), {}, c->root.certificate_authorities, c->at());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTampered);
  CHECK(r.error().detail.find("untrusted certificate chain") != std::string::npos);
}

TEST_CASE("fulcio SCT: real leaf rejected with a wrong CT log key or validity or id or issuer") {
  auto c = load(kHappyV03, kProduction);
  if (!c) return test_skip::skip_without_shared();
  auto path = keys::verify_fulcio_chain(c->leaf(), {}, c->root.certificate_authorities, c->at());
  REQUIRE(path.ok());
  const keys::Certificate& issuer = (*path)[1];
  const std::vector<formats::TransparencyLogInstance> logs = c->root.ctlogs;
  REQUIRE(logs.size() == 2);
  REQUIRE(keys::verify_embedded_sct(c->leaf(), issuer, logs).ok());

  auto expect_rejected = [&](const std::vector<formats::TransparencyLogInstance>& edited,
                             const keys::Certificate& by, const char* reason) {
    CAPTURE(reason);
    auto r = keys::verify_embedded_sct(c->leaf(), by, edited);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kTampered);
    CHECK(r.error().detail.find(reason) != std::string::npos);
  };
  auto wrong_key = logs;  // each log gets the other's key
  std::swap(wrong_key[0].public_key_der, wrong_key[1].public_key_der);
  expect_rejected(wrong_key, issuer, "does not verify");
  auto ended = logs;
  for (auto& log : ended) log.valid_for.end = log.valid_for.start;
  expect_rejected(ended, issuer, "no trusted CT log with this id is valid");
  auto other_id = logs;
  for (auto& log : other_id) log.log_id[0] ^= 1;
  expect_rejected(other_id, issuer, "no trusted CT log with this id");
  expect_rejected({}, issuer, "no trusted CT log with this id");
  expect_rejected(logs, c->leaf(), "does not verify");  // issuer key hash of the wrong key
}

TEST_CASE("fulcio chain and SCT: every real conformance leaf") {
  const fs::path dir = shared("vectors/sigstore/conformance/bundle-verify");
  const fs::path production = shared(kProduction);
  if (dir.empty() || production.empty()) return test_skip::skip_without_shared();
  // Leaves that must not chain at notBefore + 1 s; every other leaf chains and its SCT verifies.
  const std::set<std::string> untrusted = {
      "bundle-from-wrong-instance_fail",  // staging leaf, production root
      "intoto-expired-certificate_fail",  // the mock CA expired before the leaf's notBefore
  };
  const formats::TrustedRoot production_root = root_of(production);
  size_t leaves = 0, chains = 0, scts = 0;
  for (const auto& item : fs::directory_iterator(dir)) {
    const fs::path bundle = item.path() / "bundle.sigstore.json";
    if (!fs::exists(bundle)) continue;
    const auto doc = nlohmann::json::parse(test_support::read_bytes(bundle), nullptr, false);
    const std::vector<keys::Certificate> certs = bundle_certs(doc);
    if (certs.empty()) continue;
    CAPTURE(item.path().filename().string());
    const fs::path own_root = item.path() / "trusted_root.json";
    auto parsed = fs::exists(own_root)
                      ? formats::parse_trusted_root(test_support::read_bytes(own_root), "root")
                      : modelseal::Result<formats::TrustedRoot>(production_root);
    if (!parsed.ok()) continue;  // the broken root of a _fail case
    const formats::TrustedRoot* root = &*parsed;
    ++leaves;
    const keys::Certificate& leaf = certs.front();
    auto path =
        keys::verify_fulcio_chain(leaf, {certs.begin() + 1, certs.end()},
                                  root->certificate_authorities, leaf.not_before() + seconds(1));
    CHECK(path.ok() == !untrusted.contains(item.path().filename().string()));
    if (!path.ok()) {
      CHECK(path.error().code == ErrorCode::kTampered);
      continue;
    }
    ++chains;
    auto sct = keys::verify_embedded_sct(leaf, (*path)[1], root->ctlogs);
    CHECK_MESSAGE(sct.ok(), (sct.ok() ? "" : sct.error().detail));
    scts += sct.ok();
  }
  // The vectors as shared on 2026-11-24: 49 bundles with a readable leaf and trusted root.
  CHECK(leaves == 49);
  CHECK(chains == leaves - untrusted.size());
  CHECK(scts == chains);
}
