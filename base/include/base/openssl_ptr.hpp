// The only way this project holds OpenSSL objects: unique_ptr with the
// matching free function. Only files under base/, keys/src and
// libpack/pack/src/crypto include OpenSSL.
#pragma once

#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace modelseal::crypto {

template <class T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using OpenSslPtr = std::unique_ptr<T, OpenSslDeleter<T, Free>>;

inline void free_x509_stack(STACK_OF(X509) * stack) { sk_X509_pop_free(stack, X509_free); }

using EvpMdCtxPtr = OpenSslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using EvpCipherCtxPtr = OpenSslPtr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using EvpPkeyPtr = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = OpenSslPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using BioPtr = OpenSslPtr<BIO, BIO_free_all>;
using DecoderCtxPtr = OpenSslPtr<OSSL_DECODER_CTX, OSSL_DECODER_CTX_free>;
using Pkcs8InfoPtr = OpenSslPtr<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>;
using X509SigPtr = OpenSslPtr<X509_SIG, X509_SIG_free>;
using X509AlgorPtr = OpenSslPtr<X509_ALGOR, X509_ALGOR_free>;
using X509Ptr = OpenSslPtr<X509, X509_free>;
using X509StorePtr = OpenSslPtr<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = OpenSslPtr<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509StackPtr = OpenSslPtr<STACK_OF(X509), free_x509_stack>;
using GeneralNamesPtr = OpenSslPtr<GENERAL_NAMES, GENERAL_NAMES_free>;

// Drains OpenSSL's error queue into one line for an Error detail.
std::string drain_openssl_errors();

}  // namespace modelseal::crypto

// Fulcio certificate checks (keys/src/fulcio).
namespace modelseal::crypto {
using Asn1ObjectPtr = OpenSslPtr<ASN1_OBJECT, ASN1_OBJECT_free>;
using Asn1OctetStringPtr = OpenSslPtr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using Asn1Utf8StringPtr = OpenSslPtr<ASN1_UTF8STRING, ASN1_UTF8STRING_free>;
}  // namespace modelseal::crypto

// RFC 3161 timestamps (keys/src/timestamp) and the TSA its tests build.
#include <openssl/ts.h>
namespace modelseal::crypto {
using TsRespPtr = OpenSslPtr<TS_RESP, TS_RESP_free>;
using TsReqPtr = OpenSslPtr<TS_REQ, TS_REQ_free>;
using TsRespCtxPtr = OpenSslPtr<TS_RESP_CTX, TS_RESP_CTX_free>;
using TsMsgImprintPtr = OpenSslPtr<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>;
using TsStatusInfoPtr = OpenSslPtr<TS_STATUS_INFO, TS_STATUS_INFO_free>;
using X509ExtensionPtr = OpenSslPtr<X509_EXTENSION, X509_EXTENSION_free>;
using Asn1IntegerPtr = OpenSslPtr<ASN1_INTEGER, ASN1_INTEGER_free>;
}  // namespace modelseal::crypto
