#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "base/hex.hpp"
#include "base/openssl_ptr.hpp"
#include "modelseal/digest.hpp"

namespace modelseal {
namespace crypto {

std::string drain_openssl_errors() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

}  // namespace crypto

namespace {
Error openssl_error(const char* what) {
  return make_error(ErrorCode::kInternal,
                    std::string(what) + ": " + crypto::drain_openssl_errors());
}
}  // namespace

std::string Sha256Digest::hex() const { return modelseal::hex::encode(bytes); }

std::optional<Sha256Digest> Sha256Digest::from_hex(std::string_view hex) {
  Sha256Digest d;
  if (!modelseal::hex::decode_into(hex, d.bytes)) return std::nullopt;
  return d;
}

bool digests_equal(const Sha256Digest& a, const Sha256Digest& b) {
  return CRYPTO_memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size()) == 0;
}

bool bytes_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

struct Sha256::Impl {
  crypto::EvpMdCtxPtr ctx;
};

Sha256::Sha256(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

Result<Sha256> Sha256::create() {
  crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return openssl_error("EVP_MD_CTX_new");
  if (EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    return openssl_error("EVP_DigestInit_ex");
  return Sha256(std::make_unique<Impl>(Impl{std::move(ctx)}));
}

Status Sha256::update(std::span<const uint8_t> data) {
  if (data.empty()) return {};
  if (EVP_DigestUpdate(impl_->ctx.get(), data.data(), data.size()) != 1)
    return openssl_error("EVP_DigestUpdate");
  return {};
}

Result<Sha256Digest> Sha256::finish() {
  Sha256Digest d;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx.get(), d.bytes.data(), &len) != 1 || len != d.bytes.size())
    return openssl_error("EVP_DigestFinal_ex");
  return d;
}

Result<Sha256Digest> sha256_of(std::span<const uint8_t> data) {
  MS_ASSIGN_OR_RETURN(Sha256 h, Sha256::create());
  MS_TRY(h.update(data));
  return h.finish();
}

}  // namespace modelseal
