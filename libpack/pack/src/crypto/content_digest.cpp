#include "crypto/content_digest.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include "base/openssl_ptr.hpp"

namespace modelseal::crypto {
namespace {

Error openssl_error(const char* what) {
  return make_error(ErrorCode::kInternal, std::string(what) + ": " + drain_openssl_errors());
}

const EVP_MD* evp_md(ContentHash hash) {
  return hash == ContentHash::kSha256 ? EVP_sha256() : EVP_blake2b512();
}

}  // namespace

std::optional<ContentHash> content_hash_from_name(std::string_view name) {
  if (name == "sha256") return ContentHash::kSha256;
  if (name == "blake2b") return ContentHash::kBlake2b;
  return std::nullopt;
}

std::string_view content_hash_name(ContentHash hash) {
  return hash == ContentHash::kSha256 ? "sha256" : "blake2b";
}

size_t content_hash_size(ContentHash hash) { return hash == ContentHash::kSha256 ? 32 : 64; }

struct ContentHasher::Impl {
  EvpMdCtxPtr ctx;
  size_t size = 0;
};

ContentHasher::ContentHasher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ContentHasher::ContentHasher(ContentHasher&&) noexcept = default;
ContentHasher& ContentHasher::operator=(ContentHasher&&) noexcept = default;
ContentHasher::~ContentHasher() = default;

Result<ContentHasher> ContentHasher::create(ContentHash hash) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return openssl_error("EVP_MD_CTX_new");
  const EVP_MD* md = evp_md(hash);
  if (!md || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1)
    return openssl_error("EVP_DigestInit_ex");
  return ContentHasher(std::make_unique<Impl>(Impl{std::move(ctx), content_hash_size(hash)}));
}

Status ContentHasher::update(std::span<const uint8_t> data) {
  if (data.empty()) return {};
  if (EVP_DigestUpdate(impl_->ctx.get(), data.data(), data.size()) != 1)
    return openssl_error("EVP_DigestUpdate");
  return {};
}

Result<std::vector<uint8_t>> ContentHasher::finish() {
  std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx.get(), out.data(), &len) != 1 || len != impl_->size)
    return openssl_error("EVP_DigestFinal_ex");
  out.resize(len);
  return out;
}

}  // namespace modelseal::crypto
