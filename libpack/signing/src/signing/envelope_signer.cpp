#include "signing/envelope_signer.hpp"

#include <optional>

#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/oms_statement.hpp"

namespace modelseal::signing {
namespace {

// Whether the envelope may be checked over model_signing v0.2.0's legacy encoding: only an
// in-toto statement with v0.2.0's own predicate (https://model_signing/Digests/v0.1). Worked
// out once, and only when a signature fails the DSSE encoding.
class LegacyAllowance {
 public:
  explicit LegacyAllowance(const formats::DsseEnvelope& env) : env_(env) {}
  bool allowed() {
    if (!allowed_)
      allowed_ = env_.payload_type == formats::kInTotoPayloadType && [&] {
        auto st = formats::parse_oms_statement(env_.payload, "the envelope");
        return st.ok() && st->predicate_kind == formats::PredicateKind::kLegacyDigestsV01;
      }();
    return *allowed_;
  }

 private:
  const formats::DsseEnvelope& env_;
  std::optional<bool> allowed_;
};

// How model_signing v0.2.0 hashed its legacy encoding: with the curve's hash for keys
// (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512), and with SHA-256 whatever the curve for
// certificates (its golden certificate signature is P-384 over SHA-256).
enum class LegacyHash { kCurve, kSha256 };

// Checks `sig` over the envelope with `key`: the DSSE encoding, then (for model_signing
// v0.2.0 statements only) its legacy encoding, ECDSA only.
bool signature_holds(const keys::PublicKey& key, const formats::DsseEnvelope& env,
                     const std::vector<uint8_t>& sig, LegacyAllowance& legacy, LegacyHash legacy_hash) {
  auto pae = formats::dsse_pae(env.payload_type, env.payload);
  if (key.verify(pae, sig).ok()) return true;
  if (key.type() == keys::KeyType::kEd25519 || !legacy.allowed()) return false;
  auto legacy_pae = formats::dsse_pae_legacy_v020(env.payload_type, env.payload);
  if (legacy_hash == LegacyHash::kCurve) return key.verify(legacy_pae, sig).ok();
  return key.verify_with_hash(legacy_pae, sig, "sha256").ok();
}

Result<EnvelopeSigner> check_key_signer(const formats::SigstoreBundle& b,
                                        const formats::DsseEnvelope& env, const SignerTrust& trust,
                                        const std::filesystem::path& sig) {
  if (trust.keys.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      sig.string() + ": signed with a key: give the trusted public key (--key or --trusted-keys)");
  const auto& hint = b.verification_material.public_key.hint;
  LegacyAllowance legacy(env);
  bool hinted_key_trusted = false;
  for (const keys::PublicKey& key : trust.keys) {
    if (hint && !hint->empty() && *hint != key.key_id()) continue;
    hinted_key_trusted = true;
    for (const formats::DsseSignature& s : env.signatures)
      if (signature_holds(key, env, s.sig, legacy, LegacyHash::kCurve)) return EnvelopeSigner{"key", "key " + key.key_id(), key, ""};
  }
  if (!hinted_key_trusted) return signature_rejected(sig, "signed by key " + *hint + ", which is not a trusted key");
  return signature_rejected(sig, "the signature does not verify with the trusted key (wrong key or altered signature)");
}

Result<EnvelopeSigner> check_certificate_signer(const formats::SigstoreBundle& b,
                                                const formats::DsseEnvelope& env,
                                                const SignerTrust& trust,
                                                const std::filesystem::path& sig) {
  if (trust.roots.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      sig.string() + ": signed with a certificate: give the trusted root (--ca)");
  std::vector<keys::Certificate> chain;
  for (const auto& der : b.verification_material.certificates) {
    auto cert = keys::Certificate::from_der(der);
    if (!cert.ok()) return signature_rejected(sig, "undecodable certificate: " + cert.error().detail);
    chain.push_back(std::move(*cert));
  }
  if (chain.empty()) return signature_rejected(sig, "no certificate");
  std::vector<keys::Certificate> intermediates(chain.begin() + 1, chain.end());
  keys::ChainCheck check;
  if (trust.at) check.at = *trust.at;
  if (auto trusted = keys::verify_chain(chain.front(), intermediates, trust.roots, check); !trusted.ok())
    return signature_rejected(sig, trusted.error().detail);
  MS_ASSIGN_OR_RETURN(keys::PublicKey key, chain.front().public_key());
  LegacyAllowance legacy(env);
  for (const formats::DsseSignature& s : env.signatures)
    if (signature_holds(key, env, s.sig, legacy, LegacyHash::kSha256))
      return EnvelopeSigner{"certificate", chain.front().subject(), key, chain.front().issuer()};
  return signature_rejected(sig, "the signature does not verify with the certificate's key");
}

Result<EnvelopeSigner> check_keyless_signer(const formats::SigstoreBundle& b,
                                            const SignerTrust& trust,
                                            const std::filesystem::path& sig) {
  if (!trust.keyless)
    return make_error(ErrorCode::kInvalidArgument,
                      sig.string() + ": a keyless Sigstore signature: give the signer's identity "
                                     "(--certificate-identity and --certificate-oidc-issuer)");
  sigstore::BundleCheck check{trust.keyless->trusted_root, trust.keyless->identity, std::nullopt};
  auto verified = sigstore::verify_bundle_signature(b, check);
  if (!verified.ok())
    return with_context(verified.error(), sig.string());
  MS_ASSIGN_OR_RETURN(auto leaf, keys::Certificate::from_der(b.verification_material.certificates.front()));
  MS_ASSIGN_OR_RETURN(keys::PublicKey key, leaf.public_key());
  return EnvelopeSigner{"keyless", verified->identity, key, verified->oidc_issuer};
}

}  // namespace

Result<EnvelopeSigner> check_envelope_signer(const formats::SigstoreBundle& b,
                                             const formats::DsseEnvelope& env,
                                             const SignerTrust& trust,
                                             const std::filesystem::path& sig) {
  switch (b.verification_material.kind) {
    case formats::MaterialKind::kPublicKey:
      return check_key_signer(b, env, trust, sig);
    case formats::MaterialKind::kX509CertificateChain:
      return check_certificate_signer(b, env, trust, sig);
    case formats::MaterialKind::kCertificate:
      return check_keyless_signer(b, trust, sig);
  }
  return make_error(ErrorCode::kInternal, "unknown verification material");
}

}  // namespace modelseal::signing
