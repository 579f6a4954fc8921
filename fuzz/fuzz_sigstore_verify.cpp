// Fuzz target for offline Sigstore verification as a whole: the input is read
// as a Sigstore bundle and verified against the built-in production trusted
// root, keyless and with a fixed key, over a fixed digest; and as a DER
// certificate whose Fulcio identity and embedded SCT list are read. Nothing
// may crash, hang or verify. Seeds: fuzz/corpus/sigstore_verify/ (README).
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "formats/sigstore/sigstore_bundle.hpp"
#include "fulcio/fulcio.hpp"
#include "fulcio/sct_list.hpp"
#include "modelseal/sigstore_verify.hpp"

namespace {

using namespace modelseal;

struct Fixed {
  formats::TrustedRoot root;
  keys::PublicKey key;
  Sha256Digest digest;
};

const Fixed& fixed() {
  static const Fixed f = [] {
    auto root = sigstore::load_trusted_root(std::nullopt);
    auto key = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256);
    if (!root.ok() || !key.ok()) std::abort();
    // The digest of the seed bundle's artifact (tests/vectors/sigstore/bundle_v3_github.whl.digest).
    auto digest = Sha256Digest::from_hex("c4e92e9ecc828bef2aa7dba1de8ac983511f7532a0df11c770d39099a25cf201");
    return Fixed{*root, key->public_key(), *digest};
  }();
  return f;
}

void verify_bundle(std::string_view text) {
  auto bundle = formats::parse_sigstore_bundle(text, "fuzz");
  if (!bundle.ok()) return;
  const Fixed& f = fixed();
  sigstore::KeylessIdentity identity{
      "https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2",
      "https://token.actions.githubusercontent.com"};
  (void)sigstore::verify_bundle_signature(*bundle, {f.root, identity, f.digest});
  identity.wildcards = true;
  identity.identity = "*";
  (void)sigstore::verify_bundle_signature(*bundle, {f.root, identity, std::nullopt});
  (void)sigstore::verify_bundle_signature(*bundle, {f.root, f.key, f.digest});
  if (const formats::DsseEnvelope* env = bundle->dsse())
    (void)sigstore::verify_statement_subject(*env, f.digest);
}

void read_certificate(std::span<const uint8_t> der) {
  (void)keys::parse_sct_list(der);
  auto cert = keys::Certificate::from_der(der);
  if (!cert.ok()) return;
  auto identity = keys::fulcio_identity(*cert);
  if (identity.ok() && identity->identities.size() > keys::kMaxFulcioIdentities) std::abort();
  (void)keys::verify_embedded_sct(*cert, *cert, fixed().root.ctlogs);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  verify_bundle(std::string_view(reinterpret_cast<const char*>(data), size));
  read_certificate({data, size});
  return 0;
}
