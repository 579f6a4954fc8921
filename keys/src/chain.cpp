// Certificate chains: leaf -> intermediates -> a trusted root, at a given time.
//
// What verify_chain enforces, and nothing more:
//  - OpenSSL's path validation (X509_verify_cert) from the leaf through the
//    given untrusted intermediates to one of `roots`; the roots are the only
//    trust anchors and must be self-signed (no partial chains); CA certificates
//    in the path need basicConstraints CA:TRUE and, when they carry KeyUsage,
//    keyCertSign; no revocation checking (no CRL/OCSP); X509_V_FLAG_X509_STRICT
//    is not set (many working PKIs fail its extra profile checks).
//  - Every certificate in the path is valid at `check.at` (not the wall clock).
//  - Leaf: when it carries KeyUsage, it must include digitalSignature.
//  - Leaf, when `require_code_signing`: when it carries ExtendedKeyUsage, it
//    must include codeSigning (anyExtendedKeyUsage alone is not enough). A leaf
//    without KeyUsage and without ExtendedKeyUsage is unrestricted and passes.
// Every rejection is ErrorCode::kTampered; malformed input is kCorrupt.
#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <ctime>

#include "key_impl.hpp"
#include "time_text.hpp"

namespace modelseal::keys {
namespace {

Error rejected(std::string detail) { return make_error(ErrorCode::kTampered, std::move(detail)); }

Error expired(X509* cert, std::chrono::system_clock::time_point at) {
  return rejected("certificate expired: " + name_text(X509_get_subject_name(cert)) +
                  " (valid until " + utc_seconds_text(time_of(X509_get0_notAfter(cert))) +
                  ", checked at " + utc_seconds_text(at) + ")");
}

Error not_yet_valid(X509* cert, std::chrono::system_clock::time_point at) {
  return rejected("certificate not yet valid: " + name_text(X509_get_subject_name(cert)) +
                  " (valid from " + utc_seconds_text(time_of(X509_get0_notBefore(cert))) +
                  ", checked at " + utc_seconds_text(at) + ")");
}

// The validity test of OpenSSL's path validation (x509_vfy.c check_cert_time):
// not yet valid when notBefore is after `at`, expired when notAfter is at or
// before it.
Status check_validity(X509* cert, std::chrono::system_clock::time_point at) {
  time_t t = std::chrono::system_clock::to_time_t(at);
  const int from = X509_cmp_time(X509_get0_notBefore(cert), &t);
  const int until = X509_cmp_time(X509_get0_notAfter(cert), &t);
  if (from == 0 || until == 0)
    return make_error(ErrorCode::kCorrupt, "certificate " + name_text(X509_get_subject_name(cert)) +
                                               ": unreadable validity time");
  if (from > 0) return not_yet_valid(cert, at);
  if (until < 0) return expired(cert, at);
  return {};
}

Error chain_error(X509_STORE_CTX* ctx, std::chrono::system_clock::time_point at) {
  int err = X509_STORE_CTX_get_error(ctx);
  X509* cert = X509_STORE_CTX_get_current_cert(ctx);
  std::string subject = cert != nullptr ? name_text(X509_get_subject_name(cert)) : "?";
  ERR_clear_error();
  if (err == X509_V_ERR_CERT_HAS_EXPIRED && cert != nullptr) return expired(cert, at);
  if (err == X509_V_ERR_CERT_NOT_YET_VALID && cert != nullptr) return not_yet_valid(cert, at);
  return rejected("untrusted certificate chain: " +
                  std::string(X509_verify_cert_error_string(err)) + " (at " + subject + ")");
}

Result<crypto::X509StorePtr> store_of(const std::vector<Certificate>& roots) {
  crypto::X509StorePtr store(X509_STORE_new());
  if (!store) return openssl_error("X509_STORE_new");
  for (const Certificate& root : roots)
    if (X509_STORE_add_cert(store.get(), root.impl().x509.get()) != 1)
      return openssl_error("X509_STORE_add_cert");
  return store;
}

Status check_leaf_usage(X509* leaf, const ChainCheck& check) {
  uint32_t flags = X509_get_extension_flags(leaf);
  std::string subject = name_text(X509_get_subject_name(leaf));
  if ((flags & EXFLAG_KUSAGE) != 0 && (X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE) == 0)
    return rejected("certificate " + subject + ": key usage does not allow digital signatures");
  if (check.require_code_signing && (flags & EXFLAG_XKUSAGE) != 0 &&
      (X509_get_extended_key_usage(leaf) & XKU_CODE_SIGN) == 0)
    return rejected("certificate " + subject + ": extended key usage does not include code signing");
  return {};
}

}  // namespace

Status verify_chain(const Certificate& leaf, const std::vector<Certificate>& intermediates,
                    const std::vector<Certificate>& roots, const ChainCheck& check) {
  if (roots.empty())
    return make_error(ErrorCode::kInvalidArgument, "no trusted root certificates given");
  MS_ASSIGN_OR_RETURN(crypto::X509StorePtr store, store_of(roots));
  MS_ASSIGN_OR_RETURN(crypto::X509StackPtr untrusted, x509_stack_of(intermediates));
  crypto::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx) return openssl_error("X509_STORE_CTX_new");
  X509* leaf_x509 = leaf.impl().x509.get();
  if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf_x509, untrusted.get()) != 1)
    return openssl_error("X509_STORE_CTX_init");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(check.at));
  if (X509_verify_cert(ctx.get()) != 1) return chain_error(ctx.get(), check.at);
  return check_leaf_usage(leaf_x509, check);
}

Status check_signing_certificates(const std::vector<Certificate>& chain, const ChainCheck& check) {
  if (chain.empty()) return make_error(ErrorCode::kInvalidArgument, "no signing certificate given");
  for (const Certificate& cert : chain) MS_TRY(check_validity(cert.impl().x509.get(), check.at));
  return check_leaf_usage(chain.front().impl().x509.get(), check);
}

}  // namespace modelseal::keys
