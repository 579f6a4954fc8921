// Private keys as PEM: reading PKCS#8 (plain or encrypted) and SEC1, writing
// PKCS#8, encrypted with PBES2 (scrypt + AES-256-CBC) when a passphrase is given.
#include <openssl/err.h>
#include <openssl/pem.h>

#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

// scrypt cost as `openssl pkcs8 -scrypt` writes it: 16 MiB of memory. A larger
// N exceeds the 32 MiB OpenSSL allows when decrypting, so nobody could read it.
constexpr uint64_t kScryptN = 1 << 14;
constexpr uint64_t kScryptR = 8;
constexpr uint64_t kScryptP = 1;


Result<crypto::EvpPkeyPtr> decode_pem(std::string_view pem, const SecretBytes* passphrase) {
  EVP_PKEY* raw = nullptr;
  crypto::DecoderCtxPtr ctx(OSSL_DECODER_CTX_new_for_pkey(&raw, "PEM", nullptr, nullptr,
                                                          EVP_PKEY_KEYPAIR, nullptr, nullptr));
  if (!ctx) return openssl_error("OSSL_DECODER_CTX_new_for_pkey");
  if (passphrase != nullptr &&
      OSSL_DECODER_CTX_set_passphrase(ctx.get(), passphrase->reveal().data(),
                                      passphrase->size()) != 1)
    return openssl_error("OSSL_DECODER_CTX_set_passphrase");
  MS_ASSIGN_OR_RETURN(crypto::BioPtr bio, bio_over(pem));
  if (OSSL_DECODER_from_bio(ctx.get(), bio.get()) != 1 || raw == nullptr) {
    crypto::EvpPkeyPtr discard(raw);
    return make_error(ErrorCode::kCorrupt,
                      "not a PEM private key (PKCS#8 or SEC1): " + openssl_detail());
  }
  ERR_clear_error();  // decoders that did not match leave entries behind
  return crypto::EvpPkeyPtr(raw);
}

// A SEC1 or PKCS#8 file may pair a private scalar with someone else's public
// point; the key id comes from the public part, so they must match.
Status check_pair(EVP_PKEY* pkey) {
  crypto::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!ctx) return openssl_error("EVP_PKEY_CTX_new_from_pkey");
  int r = EVP_PKEY_pairwise_check(ctx.get());
  if (r == 1 || r == -2) return {};  // -2: the key type has no such check
  return make_error(ErrorCode::kCorrupt,
                    "the private key does not match its public key: " + openssl_detail());
}

Result<SecretBytes> secret_from_bio(BIO* bio) {
  BUF_MEM* mem = nullptr;
  if (BIO_get_mem_ptr(bio, &mem) != 1 || mem == nullptr) return openssl_error("BIO_get_mem_ptr");
  return SecretBytes({reinterpret_cast<const uint8_t*>(mem->data), mem->length});
}

Status write_encrypted(BIO* bio, PKCS8_PRIV_KEY_INFO* info, const SecretBytes& passphrase) {
  if (passphrase.empty() || passphrase.size() > kMaxPassphraseBytes)
    return make_error(ErrorCode::kInvalidArgument, "the passphrase must have 1 to " +
                                                       std::to_string(kMaxPassphraseBytes) +
                                                       " bytes");
  crypto::X509AlgorPtr pbe(PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                                 kScryptN, kScryptR, kScryptP));
  if (!pbe) return openssl_error("PKCS5_pbe2_set_scrypt");
  std::string_view text = passphrase.reveal_as_text();
  crypto::X509SigPtr sig(
      PKCS8_set0_pbe(text.data(), static_cast<int>(text.size()), info, pbe.get()));
  if (!sig) return openssl_error("PKCS8_set0_pbe");
  static_cast<void>(pbe.release());  // now owned by `sig`
  if (PEM_write_bio_PKCS8(bio, sig.get()) != 1) return openssl_error("PEM_write_bio_PKCS8");
  return {};
}

}  // namespace

bool first_block_encrypted(std::string_view text) {
  size_t begin = text.find("-----BEGIN ");
  if (begin == std::string_view::npos) return false;
  std::string_view block = text.substr(begin);
  block = block.substr(0, block.find("-----END "));
  return block.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
         block.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

Result<PrivateKey> PrivateKey::from_pem(std::string_view pem, const SecretBytes* passphrase) {
  bool encrypted = first_block_encrypted(pem);
  if (encrypted && passphrase == nullptr)
    return make_error(ErrorCode::kInvalidArgument,
                      "the private key is encrypted and needs a passphrase (hint: "
                      "--passphrase-file)");
  auto pkey = decode_pem(pem, passphrase);
  if (!pkey.ok() && encrypted)
    return make_error(ErrorCode::kInvalidArgument, "wrong passphrase or corrupt key");
  if (!pkey.ok()) return pkey.error();
  MS_TRY(check_pair(pkey->get()));
  return private_key_from_pkey(std::move(*pkey));
}

Result<SecretBytes> PrivateKey::to_pkcs8_pem(const SecretBytes* passphrase) const {
  crypto::Pkcs8InfoPtr info(EVP_PKEY2PKCS8(impl_->pkey.get()));
  if (!info) return openssl_error("EVP_PKEY2PKCS8");
  crypto::BioPtr bio(BIO_new(BIO_s_secmem()));  // wiped when freed
  if (!bio) return openssl_error("BIO_new");
  if (passphrase != nullptr) {
    MS_TRY(write_encrypted(bio.get(), info.get(), *passphrase));
  } else if (PEM_write_bio_PKCS8_PRIV_KEY_INFO(bio.get(), info.get()) != 1) {
    return openssl_error("PEM_write_bio_PKCS8_PRIV_KEY_INFO");
  }
  return secret_from_bio(bio.get());
}

}  // namespace modelseal::keys
