// Keys: generation, loading, storage, key ids, signing and verification
// primitives, certificate chains. Signing goes through the Signer interface,
// which does not assume the private key is in memory (hardware keys later).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal::keys {

enum class KeyType { kEcdsaP256, kEcdsaP384, kEcdsaP521, kEd25519 };

// "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519".
std::string_view key_type_name(KeyType type);
Result<KeyType> parse_key_type(std::string_view name);

class PublicKey {
 public:
  // SubjectPublicKeyInfo PEM ("PUBLIC KEY"). Only the four key types above.
  static Result<PublicKey> from_pem(std::string_view pem);
  static Result<PublicKey> from_der(std::span<const uint8_t> spki_der);

  KeyType type() const;
  // Canonical SPKI PEM: 64-character base64 lines, "\n", trailing "\n".
  const std::string& pem() const;
  // Hex SHA-256 of pem(): the OMS public-key hint and modelseal's key id.
  const std::string& key_id() const;
  // The same canonical SubjectPublicKeyInfo as DER (empty only if OpenSSL fails).
  std::vector<uint8_t> der() const;

  // ECDSA: `signature` is DER, over the message hashed with the curve's hash
  // (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512). Ed25519: pure, 64 bytes.
  // kTampered when the signature does not verify.
  Status verify(std::span<const uint8_t> message, std::span<const uint8_t> signature) const;
  // ECDSA with an explicit hash ("sha256", "sha384", "sha512"), for legacy formats.
  Status verify_with_hash(std::span<const uint8_t> message, std::span<const uint8_t> signature,
                          std::string_view hash) const;
  // ECDSA over a digest the caller computed (a Sigstore message signature
  // checked against "sha256:<hex>"). kUnsupported for Ed25519, which signs
  // whole messages.
  Status verify_prehashed(std::span<const uint8_t> digest,
                          std::span<const uint8_t> signature) const;

  struct Impl;
  explicit PublicKey(std::shared_ptr<const Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

// Produces signatures without exposing how the key is held.
class Signer {
 public:
  virtual ~Signer() = default;
  virtual const PublicKey& public_key() const = 0;
  // Same conventions as PublicKey::verify.
  virtual Result<std::vector<uint8_t>> sign(std::span<const uint8_t> message) const = 0;
};

// A private key held in memory (wiped by OpenSSL on free).
class PrivateKey : public Signer {
 public:
  static Result<PrivateKey> generate(KeyType type);
  // PEM: PKCS#8 ("PRIVATE KEY"), encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY",
  // needs `passphrase`), or SEC1 ("EC PRIVATE KEY", also legacy-encrypted).
  // Encrypted without a passphrase: kInvalidArgument, detail containing
  // "needs a passphrase"; wrong passphrase: kInvalidArgument "wrong passphrase
  // or corrupt key"; other key types: kUnsupported; unreadable: kCorrupt.
  static Result<PrivateKey> from_pem(std::string_view pem, const SecretBytes* passphrase);

  const PublicKey& public_key() const override;
  Result<std::vector<uint8_t>> sign(std::span<const uint8_t> message) const override;
  // PKCS#8 PEM; encrypted (PBES2, AES-256-CBC, scrypt) when `passphrase` is given.
  Result<SecretBytes> to_pkcs8_pem(const SecretBytes* passphrase) const;

  struct Impl;
  explicit PrivateKey(std::shared_ptr<const Impl> impl, PublicKey pub);

 private:
  std::shared_ptr<const Impl> impl_;
  PublicKey public_key_;
};

// Writes `key` to `path` (mode 0600, atomically, encrypted when a passphrase
// is given; kAlreadyExists unless `overwrite`) and its public key to `pub_path`.
Status write_key_pair(const PrivateKey& key, const std::filesystem::path& path,
                      const std::filesystem::path& pub_path, const SecretBytes* passphrase,
                      bool overwrite);
Result<PrivateKey> load_private_key(const std::filesystem::path& path, const SecretBytes* passphrase);
// Whether the key file holds an encrypted private key, which needs a passphrase to load.
Result<bool> private_key_file_is_encrypted(const std::filesystem::path& path);
Result<PublicKey> load_public_key(const std::filesystem::path& path);
// Every "*.pub" and "*.pem" public key in `dir`. Entries are read as files
// modelseal found: a link, FIFO, device or socket so named is refused by name
// (kInvalidArgument), never followed, opened or waited on; sub-folders are skipped.
Result<std::vector<PublicKey>> load_trusted_keys(const std::filesystem::path& dir);

// Passphrases never come from argv: from a file (first line, without the
// newline), or typed at the terminal without echo. Without a terminal the error's hint names the
// option that reads the secret from a file (--passphrase-file, or --pin-file for a token's PIN).
enum class SecretKind { kPassphrase, kPin };
Result<SecretBytes> read_passphrase_file(const std::filesystem::path& path);
// For CI (as cosign's COSIGN_PASSWORD): the environment variable `name` (the command line names
// the variable, never the value). Once read, the value is wiped from the process's memory and
// environment (so from /proc/PID/environ) and unset, so no child process inherits it. An unset or
// empty variable, or a name that is not [A-Za-z_][A-Za-z0-9_]*, is kInvalidArgument.
Result<SecretBytes> read_passphrase_env(std::string_view name);
Result<SecretBytes> prompt_passphrase(std::string_view prompt, bool confirm,
                                      SecretKind kind = SecretKind::kPassphrase);

// An X.509 certificate (DER inside).
class Certificate {
 public:
  static Result<Certificate> from_der(std::span<const uint8_t> der);
  // Every certificate of a PEM file, in order.
  static Result<std::vector<Certificate>> from_pem_file(const std::filesystem::path& path);

  std::vector<uint8_t> der() const;
  std::string subject() const;  // RFC 2253, e.g. "CN=signer,O=Example"
  std::string issuer() const;
  std::chrono::system_clock::time_point not_before() const;
  std::chrono::system_clock::time_point not_after() const;
  Result<PublicKey> public_key() const;
  // Subject alternative names (email, URI, DNS), for policy matching.
  std::vector<std::string> san() const;

  struct Impl;
  explicit Certificate(std::shared_ptr<const Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

struct ChainCheck {
  // Every certificate of the chain must be valid at this time. Default: now.
  // (OMS's Python verifier checks at the leaf's notBefore, in effect ignoring
  // expiry; callers that want that pass leaf.not_before() explicitly.)
  std::chrono::system_clock::time_point at = std::chrono::system_clock::now();
  // Leaf: KeyUsage, if present, must include digitalSignature (always); when
  // this is set, ExtendedKeyUsage, if present, must include codeSigning.
  bool require_code_signing = true;
};

// Verifies leaf -> intermediates -> one of `roots` at `check.at`. Errors name
// the reason: untrusted chain, expired/not yet valid certificate, key usage.
Status verify_chain(const Certificate& leaf, const std::vector<Certificate>& intermediates,
                    const std::vector<Certificate>& roots, const ChainCheck& check);

// What verify_chain checks on the certificates themselves, without a root:
// each of `chain` (leaf first, then intermediates) valid at `check.at` (read
// as OpenSSL's path validation reads it), and the leaf's usage rules. For a
// signer, to refuse what verification would refuse. kTampered naming the
// certificate and the reason, in verify_chain's words.
Status check_signing_certificates(const std::vector<Certificate>& chain, const ChainCheck& check);

}  // namespace modelseal::keys
