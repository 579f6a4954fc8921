#include "fulcio/fulcio.hpp"
#include "signing/policy_pattern.hpp"
#include "signing/signing_time.hpp"
#include "sigstore/verify_steps.hpp"

namespace modelseal::sigstore {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text.empty() ? "none" : text;
}

}  // namespace

Result<keys::FulcioIdentity> verify_keyless_certificate(const SigningMaterial& material,
                                               const KeylessIdentity& expected,
                                               const formats::TrustedRoot& root,
                                               const std::vector<TimePoint>& times,
                                               std::vector<std::string>& evidence) {
  const keys::Certificate& leaf = *material.leaf;
  std::vector<keys::Certificate> path;
  for (TimePoint t : times) {
    auto verified = keys::verify_fulcio_chain(leaf, material.intermediates,
                                              root.certificate_authorities, t);
    if (!verified.ok())
      return bundle_rejected("certificate at " + signing::format_utc(t) + ": " + verified.error().detail);
    path = std::move(verified).value();
  }
  if (path.size() < 2) return bundle_rejected("the certificate chain has no issuer for the SCT check");
  evidence.push_back("certificate chains to a trusted Fulcio CA at every verified time, key usage "
                     "digitalSignature, extended key usage codeSigning");
  if (auto sct = keys::verify_embedded_sct(leaf, path[1], root.ctlogs); !sct.ok())
    return bundle_rejected("certificate transparency: " + sct.error().detail);
  evidence.push_back("embedded SCT verified with a trusted CT log");

  MS_ASSIGN_OR_RETURN(keys::FulcioIdentity id, keys::fulcio_identity(leaf));
  auto matches = [&](const std::string& want, const std::string& have) {
    return expected.wildcards ? policy_internal::pattern_matches(want, have) : want == have;
  };
  // Sigstore's rule: only the signer identity (first URI, else first email,
  // else the Fulcio otherName) is compared, never any other SAN.
  if (!id.signer_identity || !matches(expected.identity, *id.signer_identity))
    return bundle_rejected("certificate identity is " + id.signer_identity.value_or("absent") +
                    ", expected " + expected.identity +
                    (id.identities.size() > 1
                         ? " (the identity is the first URI, else email, SAN; the certificate "
                           "names " + joined(id.identities) + ")"
                         : ""));
  const std::string& identity = *id.signer_identity;
  if (!id.oidc_issuer || !matches(expected.oidc_issuer, *id.oidc_issuer))
    return bundle_rejected("certificate OIDC issuer is " + id.oidc_issuer.value_or("absent") +
                    " (identity " + identity + "), expected " + expected.oidc_issuer);
  evidence.push_back("identity " + identity + ", issuer " + *id.oidc_issuer);
  return keys::FulcioIdentity{{identity}, identity, id.oidc_issuer};
}

}  // namespace modelseal::sigstore
