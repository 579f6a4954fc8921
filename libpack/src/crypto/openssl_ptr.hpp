// The only way this project holds OpenSSL objects: unique_ptr with the
// matching free function. Only files under libpack/src/crypto include OpenSSL.
#pragma once

#include <memory>
#include <string>

#include <openssl/evp.h>

namespace modelseal::crypto {

template <class T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using OpenSslPtr = std::unique_ptr<T, OpenSslDeleter<T, Free>>;

using EvpMdCtxPtr = OpenSslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;

// Drains OpenSSL's error queue into one line for an Error detail.
std::string drain_openssl_errors();

}  // namespace modelseal::crypto
