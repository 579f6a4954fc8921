// Looking up X.509 extensions by dotted OID, for the Fulcio checks.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/openssl_ptr.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

inline constexpr std::string_view kOidFulcioIssuerV1 = "1.3.6.1.4.1.57264.1.1";
inline constexpr std::string_view kOidFulcioIssuerV2 = "1.3.6.1.4.1.57264.1.8";
inline constexpr std::string_view kOidFulcioSanOtherName = "1.3.6.1.4.1.57264.1.7";
inline constexpr std::string_view kOidEmbeddedScts = "1.3.6.1.4.1.11129.2.4.2";

// The ASN.1 object of a dotted OID (kInternal when OpenSSL cannot make one).
Result<crypto::Asn1ObjectPtr> object_of(std::string_view dotted_oid);

// The position of the only extension with this OID, or -1 when absent;
// kCorrupt when the certificate carries it more than once.
Result<int> unique_extension_index(const X509* cert, std::string_view dotted_oid);

// The extnValue bytes of an extension (the DER inside the OCTET STRING).
std::span<const uint8_t> extension_value(const X509_EXTENSION* ext);

}  // namespace modelseal::keys
