// OpenSSL certificate helpers shared by the Fulcio and RFC 3161 test PKIs.
#pragma once

#include <doctest/doctest.h>
#include <openssl/x509.h>

#include <cstdint>
#include <vector>

namespace x509_test {

inline std::vector<uint8_t> der_of(X509* cert) {
  const int len = i2d_X509(cert, nullptr);
  REQUIRE(len > 0);
  std::vector<uint8_t> out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  REQUIRE(i2d_X509(cert, &p) == len);
  return out;
}

}  // namespace x509_test
