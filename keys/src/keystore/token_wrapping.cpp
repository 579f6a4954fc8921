// PKCS#11 wrapping keys: one AES-256 token object per generation.
#include "keystore/keystore_support.hpp"
#include "keystore/wrapping_key.hpp"

namespace modelseal::keys {
namespace {

class TokenKey : public WrappingKey {
 public:
  TokenKey(Pkcs11Token& token, CK_OBJECT_HANDLE handle) : token_(token), handle_(handle) {}
  Result<std::vector<uint8_t>> wrap(std::span<const uint8_t> aad,
                                    const SecretBytes& data_key) override {
    return token_.encrypt(handle_, aad, data_key.reveal());
  }
  Result<SecretBytes> unwrap(std::span<const uint8_t> aad,
                             std::span<const uint8_t> wrapped) override {
    return token_.decrypt(handle_, aad, wrapped);
  }

 private:
  Pkcs11Token& token_;
  CK_OBJECT_HANDLE handle_;
};

std::string label_prefix(const std::string& keystore_id) {
  return "modelseal " + keystore_id + " g";
}

// The generation in "modelseal <id> g<digits>", or 0 when the label is not one.
uint32_t generation_of(const std::string& label, const std::string& prefix) {
  std::string digits = label.substr(prefix.size());
  if (digits.empty() || digits.size() > 10 || digits[0] == '0') return 0;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value > UINT32_MAX ? 0 : static_cast<uint32_t>(value);
}

}  // namespace

Result<NewWrapping> new_token_wrapping(Pkcs11Token& token, const std::string& keystore_id,
                                       uint32_t generation, const std::string& module,
                                       const std::string& token_label) {
  std::string label = object_label_for(keystore_id, generation);
  MS_ASSIGN_OR_RETURN(std::vector<TokenObject> existing, token.find_keys(label));
  for (const TokenObject& orphan : existing)
    if (orphan.label == label) MS_TRY(token.destroy(orphan.handle));
  MS_ASSIGN_OR_RETURN(CK_OBJECT_HANDLE handle, token.generate_key(label));
  NewWrapping out;
  out.wrapping.method = WrappingMethod::kPkcs11;
  out.wrapping.generation = generation;
  out.wrapping.module = module;
  out.wrapping.token = token_label;
  out.wrapping.object_label = label;
  out.key = std::make_unique<TokenKey>(token, handle);
  return out;
}

Result<std::unique_ptr<WrappingKey>> unlock_token(Pkcs11Token& token, const Wrapping& wrapping) {
  auto handle = token.find_key(wrapping.object_label);
  if (!handle.ok()) {
    if (handle.error().code != ErrorCode::kNotFound) return handle.error();
    return make_error(ErrorCode::kNotFound,
                      "token \"" + wrapping.token + "\" has no object \"" + wrapping.object_label +
                          "\": this keystore's wrapping key was destroyed");
  }
  return std::unique_ptr<WrappingKey>(std::make_unique<TokenKey>(token, *handle));
}

Result<std::vector<std::string>> destroy_older_generations(Pkcs11Token& token,
                                                           const std::string& keystore_id,
                                                           uint32_t generation) {
  std::string prefix = label_prefix(keystore_id);
  MS_ASSIGN_OR_RETURN(std::vector<TokenObject> objects, token.find_keys(prefix));
  std::vector<std::string> destroyed;
  for (const TokenObject& o : objects) {
    uint32_t g = generation_of(o.label, prefix);
    if (g == 0 || g >= generation) continue;
    MS_TRY(token.destroy(o.handle));
    destroyed.push_back(o.label);
  }
  return destroyed;
}

}  // namespace modelseal::keys
