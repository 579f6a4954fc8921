// verify_fulcio_chain: OpenSSL path building from the leaf to the certificates
// of one Fulcio CA (partial chains: any of them may be the anchor), with the
// validity times checked here rather than by OpenSSL, because Sigstore treats
// notAfter as inclusive and OpenSSL does not.
#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "fulcio/fulcio.hpp"
#include "time_text.hpp"
#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

Error chain_rejected(std::string detail) { return make_error(ErrorCode::kTampered, std::move(detail)); }

// "certificate <subject>"; Fulcio leaves have an empty subject (their identity is the SAN).
std::string describe(const X509* cert) {
  if (cert == nullptr) return "unknown certificate";
  const std::string subject = name_text(X509_get_subject_name(cert));
  return subject.empty() ? "the signing certificate" : "certificate " + subject;
}

Status check_leaf_usage(X509* leaf) {
  const uint32_t flags = X509_get_extension_flags(leaf);
  if ((flags & EXFLAG_INVALID) != 0)
    return make_error(ErrorCode::kCorrupt, "leaf certificate has malformed extensions");
  if ((flags & EXFLAG_KUSAGE) == 0 || (X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE) == 0)
    return chain_rejected("leaf certificate usage: KeyUsage digitalSignature is required");
  if ((flags & EXFLAG_XKUSAGE) == 0 || (X509_get_extended_key_usage(leaf) & XKU_CODE_SIGN) == 0)
    return chain_rejected("leaf certificate usage: ExtendedKeyUsage codeSigning is required");
  return {};
}

Status check_validity(X509* cert, TimePoint at) {
  const ASN1_TIME* not_before = X509_get0_notBefore(cert);
  const ASN1_TIME* not_after = X509_get0_notAfter(cert);
  const std::string subject = describe(cert);
  if (ASN1_TIME_check(not_before) != 1 || ASN1_TIME_check(not_after) != 1)
    return make_error(ErrorCode::kCorrupt, subject + " has an unreadable validity");
  const TimePoint from = time_of(not_before);
  const TimePoint until = time_of(not_after);
  if (at < from)
    return chain_rejected(subject + " not yet valid at " + utc_seconds_text(at) + " (valid from " +
                    utc_seconds_text(from) + ")");
  if (at > until)
    return chain_rejected(subject + " expired at " + utc_seconds_text(at) + " (valid until " +
                    utc_seconds_text(until) + ")");
  return {};
}

Status check_path_validity(const std::vector<Certificate>& path, TimePoint at) {
  for (const Certificate& cert : path) MS_TRY(check_validity(cert.impl().x509.get(), at));
  return {};
}

Result<crypto::X509StorePtr> anchors_of(const formats::CertificateAuthority& authority) {
  if (authority.cert_chain.empty() || authority.cert_chain.size() > kMaxFulcioChainCertificates)
    return make_error(ErrorCode::kCorrupt, "certificate authority " + authority.uri + " has " +
                                               std::to_string(authority.cert_chain.size()) +
                                               " certificates");
  crypto::X509StorePtr store(X509_STORE_new());
  if (!store) return openssl_error("X509_STORE_new");
  for (const std::vector<uint8_t>& der : authority.cert_chain) {
    auto cert = Certificate::from_der(der);
    if (!cert.ok())
      return make_error(ErrorCode::kCorrupt,
                        "certificate authority " + authority.uri + ": " + cert.error().detail);
    if (X509_STORE_add_cert(store.get(), cert->impl().x509.get()) != 1)
      return openssl_error("X509_STORE_add_cert");
  }
  return store;
}

// The verified chain, leaf first, as Certificates (the stack holds references).
std::vector<Certificate> certificates_of(STACK_OF(X509) * chain) {
  std::vector<Certificate> out;
  while (sk_X509_num(chain) > 0) {
    crypto::X509Ptr cert(sk_X509_shift(chain));
    out.emplace_back(std::make_shared<Certificate::Impl>(Certificate::Impl{std::move(cert)}));
  }
  return out;
}

// The path OpenSSL builds to one of the authority's certificates; times unchecked.
Result<std::vector<Certificate>> build_path(const Certificate& leaf,
                                            const std::vector<Certificate>& intermediates,
                                            const formats::CertificateAuthority& authority) {
  MS_ASSIGN_OR_RETURN(crypto::X509StorePtr store, anchors_of(authority));
  MS_ASSIGN_OR_RETURN(crypto::X509StackPtr untrusted, x509_stack_of(intermediates));
  crypto::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx) return openssl_error("X509_STORE_CTX_new");
  if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf.impl().x509.get(), untrusted.get()) != 1)
    return openssl_error("X509_STORE_CTX_init");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  if (X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME) !=
      1)
    return openssl_error("X509_VERIFY_PARAM_set_flags");
  X509_VERIFY_PARAM_set_depth(param, static_cast<int>(kMaxFulcioChainCertificates));
  if (X509_verify_cert(ctx.get()) != 1) {
    const int err = X509_STORE_CTX_get_error(ctx.get());
    X509* at_cert = X509_STORE_CTX_get_current_cert(ctx.get());
    ERR_clear_error();
    return chain_rejected("untrusted certificate chain for " + authority.uri + ": " +
                    X509_verify_cert_error_string(err) + " (at " + describe(at_cert) + ")");
  }
  crypto::X509StackPtr chain(X509_STORE_CTX_get1_chain(ctx.get()));
  if (!chain) return openssl_error("X509_STORE_CTX_get1_chain");
  std::vector<Certificate> path = certificates_of(chain.get());
  if (path.size() < 2)
    return chain_rejected("untrusted certificate chain: the leaf is itself a certificate of " +
                    authority.uri);
  return path;
}

}  // namespace

Result<std::vector<Certificate>> verify_fulcio_chain(
    const Certificate& leaf, const std::vector<Certificate>& intermediates,
    std::span<const formats::CertificateAuthority> authorities, TimePoint at) {
  if (intermediates.size() > kMaxFulcioChainCertificates)
    return make_error(ErrorCode::kLimitExceeded, std::to_string(intermediates.size()) +
                                                     " intermediate certificates, more than " +
                                                     std::to_string(kMaxFulcioChainCertificates));
  MS_TRY(check_leaf_usage(leaf.impl().x509.get()));
  // Reported in this order of preference: a trusted path outside its validity,
  // no trusted path, a broken authority.
  std::optional<Error> invalid_at, untrusted, broken;
  for (const formats::CertificateAuthority& authority : authorities) {
    if (!authority.valid_for.contains(at)) continue;
    auto path = build_path(leaf, intermediates, authority);
    if (!path.ok()) {
      auto& slot = path.error().code == ErrorCode::kTampered ? untrusted : broken;
      if (!slot) slot = path.error();
      continue;
    }
    Status valid = check_path_validity(*path, at);
    if (valid.ok()) return path;
    if (!invalid_at) invalid_at = valid.error();
  }
  for (const auto* error : {&invalid_at, &untrusted, &broken})
    if (*error) return **error;
  return chain_rejected("untrusted certificate chain: no Fulcio certificate authority is valid at " +
                  utc_seconds_text(at));
}

}  // namespace modelseal::keys
