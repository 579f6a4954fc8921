#include "sigstore/verify_steps.hpp"

namespace modelseal::sigstore {

Status check_bundle_structure(const formats::SigstoreBundle& bundle) {
  const formats::VerificationMaterial& m = bundle.verification_material;
  const bool v03 = bundle.version == formats::BundleVersion::kV0_3;
  if (v03 && m.kind == formats::MaterialKind::kX509CertificateChain)
    return bundle_rejected("a v0.3 bundle carries one certificate, not an x509CertificateChain");
  if (!v03 && m.kind == formats::MaterialKind::kCertificate)
    return bundle_rejected("a v0.1/v0.2 bundle carries an x509CertificateChain, not a single certificate");
  if (m.kind != formats::MaterialKind::kPublicKey && m.certificates.empty())
    return bundle_rejected("the certificate chain is empty");
  for (size_t i = 0; i < m.certificates.size(); ++i) {
    auto cert = keys::Certificate::from_der(m.certificates[i]);
    if (!cert.ok())
      return make_error(ErrorCode::kCorrupt,
                        "Sigstore bundle: certificate " + std::to_string(i) + ": " + cert.error().detail);
    if (cert->subject() == cert->issuer())
      return bundle_rejected("the certificate chain contains a root (self-issued) certificate: " +
                      cert->subject() + "; roots come from the trusted root only");
  }
  if (const formats::DsseEnvelope* env = bundle.dsse(); env && env->signatures.size() != 1)
    return bundle_rejected("the DSSE envelope must carry exactly one signature, it has " +
                    std::to_string(env->signatures.size()));
  if (!m.tlog_entries || !m.tlog_entries->is_array() || m.tlog_entries->empty())
    return bundle_rejected("no transparency-log entry (tlogEntries is empty)");
  return {};
}

}  // namespace modelseal::sigstore
