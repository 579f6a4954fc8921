// fulcio_identity: the signer's identity (SAN) and OIDC issuer of a Fulcio leaf.
#include <openssl/err.h>

#include "fulcio/extensions.hpp"
#include "fulcio/fulcio.hpp"
#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

Error corrupt_identity(std::string detail) { return make_error(ErrorCode::kCorrupt, std::move(detail)); }

// Identity text as policy will compare it: non-empty, bounded, no NUL.
Result<std::string> checked_text(const ASN1_STRING* value, std::string_view what) {
  if (value == nullptr) return corrupt_identity(std::string(what) + " is missing its value");
  const int len = ASN1_STRING_length(value);
  if (len <= 0) return corrupt_identity(std::string(what) + " is empty");
  if (static_cast<size_t>(len) > kMaxFulcioIdentityBytes)
    return make_error(ErrorCode::kLimitExceeded, std::string(what) + " is " + std::to_string(len) +
                                                     " bytes, more than " +
                                                     std::to_string(kMaxFulcioIdentityBytes));
  std::string text(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                   static_cast<size_t>(len));
  if (text.find('\0') != std::string::npos)
    return corrupt_identity(std::string(what) + " contains a NUL byte");
  return text;
}

// The identities of a SAN, in order, and the first of each kind.
struct SanNames {
  std::vector<std::string> all;
  std::optional<std::string> first_uri, first_email, first_other_name;
};

// Records the name when it is an identity Fulcio issues; other kinds are ignored.
Status append_identity(const GENERAL_NAME* name, const ASN1_OBJECT* fulcio_other_name,
                       SanNames& out) {
  int type = 0;
  void* value = GENERAL_NAME_get0_value(name, &type);
  if (type == GEN_EMAIL || type == GEN_URI) {
    MS_ASSIGN_OR_RETURN(std::string text,
                        checked_text(static_cast<const ASN1_STRING*>(value),
                                     type == GEN_EMAIL ? "SAN email" : "SAN URI"));
    std::optional<std::string>& first = type == GEN_URI ? out.first_uri : out.first_email;
    if (!first) first = text;
    out.all.push_back(std::move(text));
    return {};
  }
  if (type != GEN_OTHERNAME) return {};
  auto* other = static_cast<const OTHERNAME*>(value);
  if (other == nullptr || other->type_id == nullptr ||
      OBJ_cmp(other->type_id, fulcio_other_name) != 0)
    return {};
  if (other->value == nullptr || other->value->type != V_ASN1_UTF8STRING)
    return corrupt_identity("SAN otherName " + std::string(kOidFulcioSanOtherName) + " is not a UTF8String");
  MS_ASSIGN_OR_RETURN(std::string text,
                      checked_text(other->value->value.utf8string, "SAN otherName"));
  if (!out.first_other_name) out.first_other_name = text;
  out.all.push_back(std::move(text));
  return {};
}

Result<SanNames> san_identities(X509* cert) {
  int crit = 0;
  crypto::GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, &crit, nullptr)));
  SanNames out;
  if (!names) {
    ERR_clear_error();
    if (crit == -1) return out;  // no SAN extension
    return corrupt_identity(crit == -2 ? "certificate carries more than one subjectAltName extension"
                              : "unreadable subjectAltName extension");
  }
  MS_ASSIGN_OR_RETURN(crypto::Asn1ObjectPtr fulcio_other_name, object_of(kOidFulcioSanOtherName));
  const int count = sk_GENERAL_NAME_num(names.get());
  if (count < 0 || static_cast<size_t>(count) > kMaxFulcioIdentities)
    return make_error(ErrorCode::kLimitExceeded, "subjectAltName holds " + std::to_string(count) +
                                                     " names, more than " +
                                                     std::to_string(kMaxFulcioIdentities));
  for (int i = 0; i < count; ++i)
    MS_TRY(append_identity(sk_GENERAL_NAME_value(names.get(), i), fulcio_other_name.get(), out));
  return out;
}

// 1.3.6.1.4.1.57264.1.8: the extension value is a DER UTF8String.
Result<std::string> issuer_v2(const X509_EXTENSION* ext) {
  const std::span<const uint8_t> der = extension_value(ext);
  const unsigned char* p = der.data();
  crypto::Asn1Utf8StringPtr text(d2i_ASN1_UTF8STRING(nullptr, &p, static_cast<long>(der.size())));
  if (!text || p != der.data() + der.size()) {
    ERR_clear_error();
    return corrupt_identity("OIDC issuer extension " + std::string(kOidFulcioIssuerV2) +
                   " is not a DER UTF8String");
  }
  return checked_text(text.get(), "OIDC issuer");
}

// 1.3.6.1.4.1.57264.1.1 (legacy): the extension value is the issuer itself.
Result<std::string> issuer_v1(X509_EXTENSION* ext) {
  return checked_text(X509_EXTENSION_get_data(ext), "legacy OIDC issuer");
}

Result<std::optional<std::string>> oidc_issuer(X509* cert) {
  MS_ASSIGN_OR_RETURN(int v2, unique_extension_index(cert, kOidFulcioIssuerV2));
  MS_ASSIGN_OR_RETURN(int v1, unique_extension_index(cert, kOidFulcioIssuerV1));
  if (v2 >= 0) {
    MS_ASSIGN_OR_RETURN(std::string issuer, issuer_v2(X509_get_ext(cert, v2)));
    return std::optional<std::string>(std::move(issuer));
  }
  if (v1 >= 0) {
    MS_ASSIGN_OR_RETURN(std::string issuer, issuer_v1(X509_get_ext(cert, v1)));
    return std::optional<std::string>(std::move(issuer));
  }
  return std::optional<std::string>();
}

}  // namespace

Result<FulcioIdentity> fulcio_identity(const Certificate& leaf) {
  X509* cert = leaf.impl().x509.get();
  FulcioIdentity out;
  MS_ASSIGN_OR_RETURN(SanNames names, san_identities(cert));
  out.identities = std::move(names.all);
  out.signer_identity = names.first_uri     ? std::move(names.first_uri)
                        : names.first_email ? std::move(names.first_email)
                                            : std::move(names.first_other_name);
  MS_ASSIGN_OR_RETURN(out.oidc_issuer, oidc_issuer(cert));
  return out;
}

}  // namespace modelseal::keys
