// Verification half of RFC 3161: which trusted TSA signed the token, and
// whether its certificates, validity windows and signature hold at genTime.
#include "timestamp/rfc3161.hpp"

#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509_vfy.h>

#include <optional>
#include <utility>
#include <vector>

#include "key_impl.hpp"
#include "time_text.hpp"
#include "timestamp/timestamp_response.hpp"

namespace modelseal::keys {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

Error timestamp_rejected(std::string detail) {
  return make_error(ErrorCode::kTampered, "RFC 3161 timestamp: " + std::move(detail));
}

struct TsaCertificates {
  crypto::X509Ptr leaf;
  std::vector<crypto::X509Ptr> cas;
};

std::string authority_name(const formats::CertificateAuthority& authority) {
  if (!authority.uri.empty()) return authority.uri;
  std::string name = "O=" + authority.organization;
  if (!authority.common_name.empty()) name += ",CN=" + authority.common_name;
  return name;
}

Result<crypto::X509Ptr> certificate_of(const std::vector<uint8_t>& der) {
  const unsigned char* cursor = der.data();
  crypto::X509Ptr cert(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
  if (!cert || cursor != der.data() + der.size()) {
    ERR_clear_error();
    return make_error(ErrorCode::kCorrupt, "unreadable TSA certificate in the trusted root");
  }
  return cert;
}

Result<TsaCertificates> certificates_of(const formats::CertificateAuthority& authority) {
  if (authority.cert_chain.empty())
    return make_error(ErrorCode::kCorrupt, "TSA " + authority_name(authority) + " has no certificates");
  TsaCertificates out;
  MS_ASSIGN_OR_RETURN(out.leaf, certificate_of(authority.cert_chain.front()));
  for (size_t i = 1; i < authority.cert_chain.size(); ++i) {
    MS_ASSIGN_OR_RETURN(crypto::X509Ptr ca, certificate_of(authority.cert_chain[i]));
    out.cas.push_back(std::move(ca));
  }
  return out;
}

const PKCS7_ISSUER_AND_SERIAL* signer_id(PKCS7* token) {
  STACK_OF(PKCS7_SIGNER_INFO)* signers = PKCS7_get_signer_info(token);
  if (signers == nullptr || sk_PKCS7_SIGNER_INFO_num(signers) != 1) return nullptr;
  const PKCS7_SIGNER_INFO* signer = sk_PKCS7_SIGNER_INFO_value(signers, 0);
  if (signer == nullptr || signer->issuer_and_serial == nullptr ||
      signer->issuer_and_serial->issuer == nullptr || signer->issuer_and_serial->serial == nullptr)
    return nullptr;
  return signer->issuer_and_serial;
}

bool names_signer(X509* leaf, const PKCS7_ISSUER_AND_SERIAL& id) {
  return X509_NAME_cmp(X509_get_issuer_name(leaf), id.issuer) == 0 &&
         ASN1_INTEGER_cmp(X509_get0_serialNumber(leaf), id.serial) == 0;
}

Status check_time_stamping_usage(X509* leaf) {
  const std::string subject = name_text(X509_get_subject_name(leaf));
  const uint32_t flags = X509_get_extension_flags(leaf);
  if ((flags & EXFLAG_XKUSAGE) == 0 || X509_get_extended_key_usage(leaf) != XKU_TIMESTAMP)
    return timestamp_rejected("TSA certificate " + subject +
                    ": extended key usage is not exactly timeStamping");
  const int index = X509_get_ext_by_NID(leaf, NID_ext_key_usage, -1);
  if (index < 0 || X509_EXTENSION_get_critical(X509_get_ext(leaf, index)) != 1)
    return timestamp_rejected("TSA certificate " + subject + ": extended key usage is not critical");
  return {};
}

Status check_validity_at(X509* cert, TimePoint at) {
  const std::string subject = name_text(X509_get_subject_name(cert));
  auto not_before = asn1_time_point(X509_get0_notBefore(cert));
  auto not_after = asn1_time_point(X509_get0_notAfter(cert));
  if (!not_before.ok() || !not_after.ok())
    return make_error(ErrorCode::kCorrupt, "TSA certificate " + subject + ": unreadable validity");
  if (at < *not_before || at > *not_after)
    return timestamp_rejected("genTime " + utc_seconds_text(at) + " is outside the validity of TSA certificate " +
                    subject + " (" + utc_seconds_text(*not_before) + " to " + utc_seconds_text(*not_after) + ")");
  return {};
}

Status check_signature_key_type(int signature_key_nid, X509* leaf) {
  EVP_PKEY* key = X509_get0_pubkey(leaf);
  if (key == nullptr || EVP_PKEY_get_base_id(key) != signature_key_nid) {
    ERR_clear_error();
    return timestamp_rejected("the signature algorithm does not fit the key of TSA certificate " +
                    name_text(X509_get_subject_name(leaf)));
  }
  return {};
}

Status check_issuer_trusted(const TsaCertificates& certs) {
  if (certs.cas.empty()) return {};
  for (const crypto::X509Ptr& ca : certs.cas)
    if (X509_check_issued(ca.get(), certs.leaf.get()) == X509_V_OK) return {};
  return timestamp_rejected("TSA certificate " + name_text(X509_get_subject_name(certs.leaf.get())) +
                  " is not issued by a certificate of its trusted-root chain");
}

Result<crypto::X509StorePtr> anchors_of(const TsaCertificates& certs) {
  crypto::X509StorePtr store(X509_STORE_new());
  if (!store) return openssl_error("X509_STORE_new");
  // A chain of just the leaf makes the leaf its own anchor.
  if (certs.cas.empty() && X509_STORE_add_cert(store.get(), certs.leaf.get()) != 1)
    return openssl_error("X509_STORE_add_cert");
  for (const crypto::X509Ptr& ca : certs.cas)
    if (X509_STORE_add_cert(store.get(), ca.get()) != 1) return openssl_error("X509_STORE_add_cert");
  // Validity is checked by check_validity_at, inclusive at both ends as RFC 5280
  // says (OpenSSL treats notAfter as exclusive). The path consists of the leaf
  // and the authority's certificates only: the leaf's issuer is one of them
  // (check_issuer_trusted) and OpenSSL looks in the trusted store first.
  X509_VERIFY_PARAM* param = X509_STORE_get0_param(store.get());
  if (X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME) != 1)
    return openssl_error("X509_VERIFY_PARAM_set_flags");
  return store;
}

// OpenSSL checks the signer's chain (purpose timeStampSigning), the ESS
// signingCertificate(V2) attribute, messageDigest and the signature.
Status check_token_signature(PKCS7* token, const TsaCertificates& certs) {
  MS_ASSIGN_OR_RETURN(crypto::X509StorePtr store, anchors_of(certs));
  crypto::X509StackPtr signer_candidates(sk_X509_new_null());
  if (!signer_candidates) return openssl_error("sk_X509_new_null");
  if (X509_up_ref(certs.leaf.get()) != 1) return openssl_error("X509_up_ref");
  if (sk_X509_push(signer_candidates.get(), certs.leaf.get()) <= 0) {
    X509_free(certs.leaf.get());
    return openssl_error("sk_X509_push");
  }
  if (TS_RESP_verify_signature(token, signer_candidates.get(), store.get(), nullptr) != 1)
    return timestamp_rejected("signature or TSA certificate chain does not verify: " + openssl_detail());
  return {};
}

Status verify_with_authority(const TimestampResponse& ts, const formats::CertificateAuthority& authority,
                             const TsaCertificates& certs) {
  if (!authority.valid_for.contains(ts.gen_time)) {
    std::string end = authority.valid_for.end ? utc_seconds_text(*authority.valid_for.end) : "open";
    return timestamp_rejected("genTime " + utc_seconds_text(ts.gen_time) + " is outside the validity of TSA " +
                    authority_name(authority) + " in the trusted root (" +
                    utc_seconds_text(authority.valid_for.start) + " to " + end + ")");
  }
  MS_TRY(check_time_stamping_usage(certs.leaf.get()));
  MS_TRY(check_validity_at(certs.leaf.get(), ts.gen_time));
  for (const crypto::X509Ptr& ca : certs.cas) MS_TRY(check_validity_at(ca.get(), ts.gen_time));
  MS_TRY(check_signature_key_type(ts.signature_key_nid, certs.leaf.get()));
  MS_TRY(check_issuer_trusted(certs));
  return check_token_signature(ts.token, certs);
}

std::string signer_text(const PKCS7_ISSUER_AND_SERIAL& id) {
  std::string serial = "?";
  if (BIGNUM* bn = ASN1_INTEGER_to_BN(id.serial, nullptr); bn != nullptr) {
    if (char* hex = BN_bn2hex(bn); hex != nullptr) {
      serial = hex;
      OPENSSL_free(hex);
    }
    BN_free(bn);
  }
  ERR_clear_error();
  return "issuer " + name_text(id.issuer) + ", serial " + serial;
}

}  // namespace

Result<VerifiedTimestamp> verify_rfc3161_timestamp(
    std::span<const uint8_t> signed_timestamp, std::span<const uint8_t> signed_data,
    std::span<const formats::CertificateAuthority> authorities) {
  MS_ASSIGN_OR_RETURN(TimestampResponse ts, parse_timestamp_response(signed_timestamp));
  const PKCS7_ISSUER_AND_SERIAL* id = signer_id(ts.token);
  if (id == nullptr)
    return make_error(ErrorCode::kCorrupt, "RFC 3161 timestamp: not exactly one signer");
  MS_TRY(check_message_imprint(ts, signed_data));
  std::optional<Error> first_failure;
  for (const formats::CertificateAuthority& authority : authorities) {
    auto certs = certificates_of(authority);
    if (!certs.ok() || !names_signer(certs->leaf.get(), *id)) continue;
    Status verified = verify_with_authority(ts, authority, *certs);
    if (verified.ok()) return VerifiedTimestamp{ts.gen_time, authority_name(authority)};
    if (!first_failure) first_failure = verified.error();
  }
  if (first_failure) return *first_failure;
  return timestamp_rejected("signed by a TSA that is not in the trusted root (" + signer_text(*id) + ")");
}

}  // namespace modelseal::keys
