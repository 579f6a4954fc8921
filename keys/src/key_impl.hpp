// Internals of modelseal_keys: what the public classes hold, and helpers the
// key files share. Includes OpenSSL, so it never leaves keys/src.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/openssl_ptr.hpp"
#include "modelseal/keys.hpp"

namespace modelseal::keys {

struct PublicKey::Impl {
  crypto::EvpPkeyPtr pkey;  // public part only
  KeyType type;
  std::string pem;
  std::string key_id;
};

struct PrivateKey::Impl {
  crypto::EvpPkeyPtr pkey;
  KeyType type;
};

struct Certificate::Impl {
  crypto::X509Ptr x509;
};

// Key files and passphrase files are small; anything larger is not one.
inline constexpr uint64_t kMaxKeyFileBytes = 1 << 20;
inline constexpr size_t kMaxPassphraseBytes = 1024;

// kInternal "<what>: <OpenSSL's error queue>".
Error openssl_error(std::string_view what);
// The error queue joined into one line (and emptied).
std::string openssl_detail();
// A read-only memory BIO over `bytes` (which must outlive it).
Result<crypto::BioPtr> bio_over(std::string_view bytes);
// What was written to a memory BIO.
std::string bio_text(BIO* bio);
// Refuses to ask for a passphrase: PEM readers get this instead of a prompt.
int no_passphrase_cb(char* buf, int size, int rwflag, void* u);

// The supported type of `pkey`, or kUnsupported.
Result<KeyType> key_type_of(EVP_PKEY* pkey);
// ECDSA: the curve's hash ("SHA256"...); Ed25519: nullptr (pure signing).
const char* digest_for(KeyType type);
// OpenSSL's group name for an ECDSA type ("P-256"...); nullptr for Ed25519.
const char* group_for(KeyType type);

// A PublicKey from any EVP_PKEY holding a supported public key (a private
// key's public half is extracted; nothing secret is kept).
Result<PublicKey> public_key_from_pkey(EVP_PKEY* pkey);

// A PrivateKey from a key pair of a supported type (kUnsupported otherwise).
Result<PrivateKey> private_key_from_pkey(crypto::EvpPkeyPtr pkey);

// RFC 2253 text of a certificate name ("CN=signer,O=Example").
std::string name_text(const X509_NAME* name);
// An ASN.1 time as a time point (the epoch when unreadable).
std::chrono::system_clock::time_point time_of(const ASN1_TIME* t);

// A stack holding references to `certs` (untrusted intermediates for X509_STORE_CTX_init).
Result<crypto::X509StackPtr> x509_stack_of(const std::vector<Certificate>& certs);

// Reads a whole file into SecretBytes (no stray copies), at most `max_bytes`.
// Whether the first PEM block of `text` is encrypted: PKCS#8
// "ENCRYPTED PRIVATE KEY", or a legacy block with a "Proc-Type: 4,ENCRYPTED" header.
bool first_block_encrypted(std::string_view text);

Result<SecretBytes> read_secret_file(const std::filesystem::path& path, uint64_t max_bytes);

}  // namespace modelseal::keys
