#include <openssl/buffer.h>

#include <climits>

#include "key_impl.hpp"

namespace modelseal::keys {

std::string openssl_detail() { return crypto::drain_openssl_errors(); }

Error openssl_error(std::string_view what) {
  return make_error(ErrorCode::kInternal, std::string(what) + ": " + openssl_detail());
}

Result<crypto::BioPtr> bio_over(std::string_view bytes) {
  if (bytes.size() > INT_MAX) return make_error(ErrorCode::kLimitExceeded, "input too large");
  crypto::BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) return openssl_error("BIO_new_mem_buf");
  return bio;
}

std::string bio_text(BIO* bio) {
  BUF_MEM* mem = nullptr;
  if (BIO_get_mem_ptr(bio, &mem) != 1 || mem == nullptr) return {};
  return std::string(mem->data, mem->length);
}

int no_passphrase_cb(char*, int, int, void*) { return -1; }

Result<crypto::X509StackPtr> x509_stack_of(const std::vector<Certificate>& certs) {
  crypto::X509StackPtr stack(sk_X509_new_null());
  if (!stack) return openssl_error("sk_X509_new_null");
  for (const Certificate& cert : certs) {
    X509* x509 = cert.impl().x509.get();
    if (X509_up_ref(x509) != 1) return openssl_error("X509_up_ref");
    if (sk_X509_push(stack.get(), x509) <= 0) {
      X509_free(x509);
      return openssl_error("sk_X509_push");
    }
  }
  return stack;
}

}  // namespace modelseal::keys
