// A logged-in session on one PKCS#11 token, loaded with dlopen (no link-time
// dependency). The module is initialized once per process and shared by every
// open session; it is finalized when the last session closes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <p11-kit/pkcs11.h>

#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal::keys {

struct Pkcs11Module;

struct TokenObject {
  CK_OBJECT_HANDLE handle = 0;
  std::string label;
};

class Pkcs11Token {
 public:
  // Wrong PIN: kInvalidArgument "wrong PIN"; token absent: kNotFound.
  static Result<std::unique_ptr<Pkcs11Token>> open(const std::filesystem::path& module,
                                                   const std::string& token_label,
                                                   const SecretBytes& pin);
  ~Pkcs11Token();
  Pkcs11Token(const Pkcs11Token&) = delete;
  Pkcs11Token& operator=(const Pkcs11Token&) = delete;

  // Secret-key objects whose label starts with `prefix`.
  Result<std::vector<TokenObject>> find_keys(const std::string& prefix);
  // Exactly one object labelled `label`: kNotFound when none, kCorrupt when several.
  Result<CK_OBJECT_HANDLE> find_key(const std::string& label);
  // AES-256, on the token, private, sensitive, never extractable.
  Result<CK_OBJECT_HANDLE> generate_key(const std::string& label);
  Status destroy(CK_OBJECT_HANDLE object);
  // AES-256-GCM inside the token: nonce (12) || ciphertext || tag (16).
  Result<std::vector<uint8_t>> encrypt(CK_OBJECT_HANDLE key, std::span<const uint8_t> aad,
                                       std::span<const uint8_t> plaintext);
  // kTampered when the tag does not verify.
  Result<SecretBytes> decrypt(CK_OBJECT_HANDLE key, std::span<const uint8_t> aad,
                              std::span<const uint8_t> sealed);

 private:
  Pkcs11Token(std::shared_ptr<Pkcs11Module> module, CK_SESSION_HANDLE session);
  Result<std::string> label_of(CK_OBJECT_HANDLE object);
  std::shared_ptr<Pkcs11Module> module_;
  CK_SESSION_HANDLE session_;
};

}  // namespace modelseal::keys
