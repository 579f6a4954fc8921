// Provisions evidenced by checks the caller ran: signature verification and
// the weight-file scan.
#include <string>

#include "report/provisions.hpp"

namespace modelseal::report {
namespace {

std::string describe_verified(const VerifiedSignature& v) {
  std::string text = "verified: signed by " + v.signer + " (" +
                     std::string(keys::key_type_name(v.key_type)) + ", " + v.method + " method";
  if (!v.issuer.empty()) text += ", issued by " + v.issuer;
  if (v.signed_at) text += ", signed at " + utc_text(*v.signed_at);
  return text + ")";
}

// A verified signature over other content would prove nothing about this bundle.
bool covers(const VerifiedSignature& v, const Sha256Digest& content_digest) {
  static const Sha256Digest kUnknown{};  // the legacy v0.2 predicate carries no content digest
  return digests_equal(v.content_digest, kUnknown) || digests_equal(v.content_digest, content_digest);
}

}  // namespace

ProvisionResult signatures(const std::vector<SignatureEvidence>& evidence,
                           const Sha256Digest& content_digest) {
  ProvisionResult r = provision("etsi.p5.signatures", "5, 7", "Signatures and signers");
  size_t verified = 0, unchecked = 0, invalid = 0;
  for (const SignatureEvidence& s : evidence) {
    std::string file = s.file.string() + ": ";
    switch (s.state) {
      case SignatureEvidence::State::kAbsent:
        r.evidence.push_back(file + "absent" + (s.detail.empty() ? "" : " (" + s.detail + ")"));
        break;
      case SignatureEvidence::State::kNotChecked:
        ++unchecked;
        r.evidence.push_back(file + "unverified: " + (s.detail.empty() ? "not checked" : s.detail));
        break;
      case SignatureEvidence::State::kInvalid:
        ++invalid;
        r.evidence.push_back(file + "INVALID: " + s.detail);
        break;
      case SignatureEvidence::State::kVerified:
        if (!s.verified) {
          ++invalid;
          r.evidence.push_back(file + "INVALID: claimed verified without a verification result");
        } else if (!covers(*s.verified, content_digest)) {
          ++invalid;
          r.evidence.push_back(file + "INVALID: signs content digest " +
                               s.verified->content_digest.prefixed() + ", not this bundle's " +
                               content_digest.prefixed());
        } else {
          ++verified;
          r.evidence.push_back(file + describe_verified(*s.verified));
        }
        break;
    }
  }
  if (evidence.empty()) r.evidence.push_back("no signature looked for");
  if (invalid > 0) {
    r.status = ProvisionStatus::kFailed;
    r.remedy = "a signature did not verify: the bundle or its signature was changed, or it was "
               "signed by a key you do not trust; do not use the model until this is explained";
  } else if (verified > 0) {
    r.status = ProvisionStatus::kMet;
  } else {
    r.status = ProvisionStatus::kMissing;
    r.remedy = unchecked > 0 ? "verify the signature: pass the signer's --key, --trusted-keys or --ca"
                             : "sign the bundle (modelseal sign) and report with the signer's key";
  }
  return r;
}

ProvisionResult weight_scan(const ScanEvidence& scan) {
  ProvisionResult r = provision("etsi.p9.weight_scan", "7, 9", "Weight-file security scan");
  if (!scan.ran) {
    r.status = ProvisionStatus::kMissing;
    r.evidence.push_back(scan.detail.empty() ? "not run" : scan.detail);
    r.remedy = "scan the weights with modelseal validate and report its verdict";
    return r;
  }
  r.evidence.push_back(std::string("verdict: ") + (scan.accepted ? "accepted" : "rejected") + ", " +
                       std::to_string(scan.errors) + " errors, " + std::to_string(scan.warnings) +
                       " warnings");
  if (!scan.formats.empty()) r.evidence.push_back("formats: " + joined(scan.formats));
  if (!scan.detail.empty()) r.evidence.push_back(scan.detail);
  if (scan.accepted && scan.errors == 0) {
    r.status = ProvisionStatus::kMet;
  } else {
    r.status = ProvisionStatus::kFailed;
    r.remedy = "the scan found unsafe content; see modelseal validate's findings";
  }
  return r;
}

}  // namespace modelseal::report
