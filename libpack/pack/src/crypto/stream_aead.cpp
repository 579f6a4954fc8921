#include "crypto/stream_aead.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <string>
#include <string_view>

#include "base/aes_gcm.hpp"
#include "base/openssl_ptr.hpp"

namespace modelseal::crypto {

// kdf.h is not included by openssl_ptr.hpp; these two stay local to this file.
using EvpKdfPtr = OpenSslPtr<EVP_KDF, EVP_KDF_free>;
using EvpKdfCtxPtr = OpenSslPtr<EVP_KDF_CTX, EVP_KDF_CTX_free>;

namespace {

constexpr size_t kNonceBytes = kAesGcmNonceBytes;
constexpr size_t kCounterBytes = 11;
constexpr size_t kPayloadKeyBytes = 32;

Error openssl_failure(const char* what) {
  return make_error(ErrorCode::kInternal, std::string(what) + ": " + drain_openssl_errors());
}

Result<SecretBytes> derive_payload_key(const SecretBytes& data_key, const StreamSalt& salt,
                                      unsigned version) {
  if (version != 1 && version != 2)
    return make_error(ErrorCode::kUnsupported, "sealed format version " + std::to_string(version));
  if (data_key.size() != kDataKeyBytes)
    return make_error(ErrorCode::kInvalidArgument,
                      "data key must be " + std::to_string(kDataKeyBytes) + " bytes");
  EvpKdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) return openssl_failure("EVP_KDF_fetch(HKDF)");
  EvpKdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return openssl_failure("EVP_KDF_CTX_new");
  // OSSL_PARAM wants non-const pointers; OpenSSL only reads these buffers.
  char digest[] = "SHA256";
  std::string info = "modelseal.sealed/v" + std::to_string(version) + " payload";
  std::span<const uint8_t> ikm = data_key.reveal();
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<uint8_t*>(ikm.data()),
                                        ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<uint8_t*>(salt.data()),
                                        salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                        info.data(), info.size()),
      OSSL_PARAM_construct_end()};
  SecretBytes key(kPayloadKeyBytes);
  if (EVP_KDF_derive(ctx.get(), key.reveal_mutable().data(), key.size(), params) != 1)
    return openssl_failure("HKDF derive");
  return key;
}

}  // namespace

struct StreamCipherState {
  SecretBytes payload_key;
  StreamBinding binding;
  AesGcm gcm;
  uint64_t next_index = 0;
  bool finished = false;  // after the last chunk, or after any failure

  Result<std::span<const uint8_t>> aad(bool last) const {
    if (!last) return std::span<const uint8_t>(binding.chunk_aad.bytes);
    if (!binding.last_aad)
      return make_error(ErrorCode::kInternal, "the last chunk's AAD was never bound");
    return std::span<const uint8_t>(binding.last_aad->bytes);
  }

  std::array<uint8_t, kNonceBytes> nonce(bool last) const {
    std::array<uint8_t, kNonceBytes> n{};  // u88be(i): the top three bytes stay 0
    for (size_t i = 0; i < 8; ++i)
      n[kCounterBytes - 1 - i] = static_cast<uint8_t>(next_index >> (8 * i));
    n[kCounterBytes] = last ? 1 : 0;
    return n;
  }
};

namespace {

Result<std::unique_ptr<StreamCipherState>> make_state(const SecretBytes& data_key,
                                                      const StreamSalt& salt,
                                                      const StreamBinding& binding) {
  MS_ASSIGN_OR_RETURN(SecretBytes key, derive_payload_key(data_key, salt, binding.version));
  MS_ASSIGN_OR_RETURN(AesGcm gcm, AesGcm::create());
  return std::make_unique<StreamCipherState>(
      StreamCipherState{std::move(key), binding, std::move(gcm), 0, false});
}

// Checks the size rules shared by both directions; `plain_bytes` is the chunk's plaintext size.
Status check_chunk_size(const StreamCipherState& s, size_t plain_bytes, bool last, const char* what) {
  if (s.finished)
    return make_error(ErrorCode::kInternal, std::string(what) + ": the stream has ended");
  if (plain_bytes == 0 || plain_bytes > kChunkBytes || (!last && plain_bytes != kChunkBytes))
    return make_error(ErrorCode::kInternal, std::string(what) + ": chunk " +
                                                std::to_string(s.next_index) + " has " +
                                                std::to_string(plain_bytes) + " bytes");
  return {};
}

}  // namespace

ChunkSealer::ChunkSealer(std::unique_ptr<StreamCipherState> state) : state_(std::move(state)) {}
ChunkSealer::ChunkSealer(ChunkSealer&&) noexcept = default;
ChunkSealer& ChunkSealer::operator=(ChunkSealer&&) noexcept = default;
ChunkSealer::~ChunkSealer() = default;

Result<ChunkSealer> ChunkSealer::create(const SecretBytes& data_key, const StreamSalt& salt,
                                        const StreamBinding& binding) {
  MS_ASSIGN_OR_RETURN(auto state, make_state(data_key, salt, binding));
  return ChunkSealer(std::move(state));
}

void ChunkSealer::bind_last_chunk(const Sha256Digest& last_aad) { state_->binding.last_aad = last_aad; }

Status ChunkSealer::seal_into(std::span<const uint8_t> plain, bool last, std::span<uint8_t> out) {
  StreamCipherState& s = *state_;
  MS_TRY(check_chunk_size(s, plain.size(), last, "seal"));
  if (out.size() != plain.size() + kTagBytes)
    return make_error(ErrorCode::kInternal, "seal: output is not the chunk's size plus its tag");
  MS_ASSIGN_OR_RETURN(std::span<const uint8_t> aad, s.aad(last));
  s.finished = true;  // until this chunk succeeds
  const auto nonce = s.nonce(last);
  MS_TRY(s.gcm.encrypt(s.payload_key.reveal(), nonce, aad, plain, out));
  ++s.next_index;
  s.finished = last;
  return {};
}

Result<std::vector<uint8_t>> ChunkSealer::seal(std::span<const uint8_t> plain, bool last) {
  std::vector<uint8_t> out(plain.size() + kTagBytes);
  MS_TRY(seal_into(plain, last, out));
  return out;
}

ChunkOpener::ChunkOpener(std::unique_ptr<StreamCipherState> state) : state_(std::move(state)) {}
ChunkOpener::ChunkOpener(ChunkOpener&&) noexcept = default;
ChunkOpener& ChunkOpener::operator=(ChunkOpener&&) noexcept = default;
ChunkOpener::~ChunkOpener() = default;

Result<ChunkOpener> ChunkOpener::create(const SecretBytes& data_key, const StreamSalt& salt,
                                        const StreamBinding& binding) {
  MS_ASSIGN_OR_RETURN(auto state, make_state(data_key, salt, binding));
  return ChunkOpener(std::move(state));
}

uint64_t ChunkOpener::next_index() const { return state_->next_index; }

Result<std::vector<uint8_t>> ChunkOpener::open(std::span<const uint8_t> sealed_chunk, bool last) {
  StreamCipherState& s = *state_;
  if (sealed_chunk.size() <= kTagBytes)
    return make_error(ErrorCode::kTampered, "chunk " + std::to_string(s.next_index) +
                                                " is shorter than its tag");
  const size_t plain_bytes = sealed_chunk.size() - kTagBytes;
  MS_TRY(check_chunk_size(s, plain_bytes, last, "open"));
  MS_ASSIGN_OR_RETURN(std::span<const uint8_t> aad, s.aad(last));
  s.finished = true;  // until this chunk authenticates
  const auto nonce = s.nonce(last);
  std::vector<uint8_t> out(plain_bytes);
  if (Status opened = s.gcm.decrypt(s.payload_key.reveal(), nonce, aad, sealed_chunk, out);
      !opened.ok()) {
    if (opened.error().code != ErrorCode::kTampered) return opened.error();
    return make_error(ErrorCode::kTampered,
                      "chunk " + std::to_string(s.next_index) +
                          " failed authentication (changed, moved, from another sealed bundle, "
                          "or the header was edited)");
  }
  ++s.next_index;
  s.finished = last;
  return out;
}

Result<StreamSalt> random_stream_salt() {
  StreamSalt salt;
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    return openssl_failure("RAND_bytes");
  return salt;
}

Result<SecretBytes> random_data_key() {
  SecretBytes key(kDataKeyBytes);
  if (RAND_bytes(key.reveal_mutable().data(), static_cast<int>(key.size())) != 1)
    return openssl_failure("RAND_bytes");
  return key;
}

}  // namespace modelseal::crypto
