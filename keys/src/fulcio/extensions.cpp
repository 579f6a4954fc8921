#include "fulcio/extensions.hpp"

#include <string>

#include "key_impl.hpp"

namespace modelseal::keys {

Result<crypto::Asn1ObjectPtr> object_of(std::string_view dotted_oid) {
  const std::string text(dotted_oid);
  crypto::Asn1ObjectPtr obj(OBJ_txt2obj(text.c_str(), 1));
  if (!obj) return openssl_error("OBJ_txt2obj " + text);
  return obj;
}

Result<int> unique_extension_index(const X509* cert, std::string_view dotted_oid) {
  MS_ASSIGN_OR_RETURN(crypto::Asn1ObjectPtr obj, object_of(dotted_oid));
  const int first = X509_get_ext_by_OBJ(cert, obj.get(), -1);
  if (first < 0) return -1;
  if (X509_get_ext_by_OBJ(cert, obj.get(), first) >= 0)
    return make_error(ErrorCode::kCorrupt, "certificate carries extension " +
                                               std::string(dotted_oid) + " more than once");
  return first;
}

std::span<const uint8_t> extension_value(const X509_EXTENSION* ext) {
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(const_cast<X509_EXTENSION*>(ext));
  if (data == nullptr) return {};
  const int len = ASN1_STRING_length(data);
  if (len <= 0) return {};
  return {ASN1_STRING_get0_data(data), static_cast<size_t>(len)};
}

}  // namespace modelseal::keys
