// Session, login, key objects and AES-GCM on a PKCS#11 token.
#include "keystore/pkcs11_token.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdio>

#include "keystore/keystore_support.hpp"
#include "keystore/pkcs11_module.hpp"

namespace modelseal::keys {
namespace {

constexpr CK_ULONG kMaxSlots = 256;
constexpr size_t kMaxObjectsPerSearch = 4096;
constexpr CK_ULONG kSearchBatch = 64;
constexpr size_t kMaxLabelBytes = 256;
constexpr size_t kMaxGcmInput = 4096;  // wraps data keys, nothing larger

// A token label as the token reports it: 32 bytes, padded with spaces.
std::string trimmed_label(const unsigned char (&label)[32]) {
  std::string text(reinterpret_cast<const char*>(label), sizeof label);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

CK_ATTRIBUTE attribute(CK_ATTRIBUTE_TYPE type, void* value, CK_ULONG size) {
  CK_ATTRIBUTE a;
  a.type = type;
  a.pValue = value;
  a.ulValueLen = size;
  return a;
}

Result<CK_SLOT_ID> find_slot(CK_FUNCTION_LIST_PTR f, const std::string& token_label) {
  CK_ULONG count = 0;
  CK_RV rv = f->C_GetSlotList(CK_TRUE, nullptr, &count);
  if (rv != CKR_OK) return pkcs11_error("C_GetSlotList", rv);
  count = std::min(count, kMaxSlots);
  std::vector<CK_SLOT_ID> slots(count);
  rv = f->C_GetSlotList(CK_TRUE, slots.data(), &count);
  if (rv != CKR_OK) return pkcs11_error("C_GetSlotList", rv);
  slots.resize(std::min<CK_ULONG>(count, slots.size()));
  for (CK_SLOT_ID slot : slots) {
    CK_TOKEN_INFO info{};
    if (f->C_GetTokenInfo(slot, &info) != CKR_OK) continue;
    if (trimmed_label(info.label) == token_label) return slot;
  }
  return make_error(ErrorCode::kNotFound,
                    "no PKCS#11 token labelled \"" + token_label + "\" in this module");
}

// GCM parameters over caller-owned buffers (the API wants non-const pointers).
struct GcmMechanism {
  std::vector<uint8_t> iv, aad;
  CK_GCM_PARAMS params{};
  CK_MECHANISM mechanism{};
  GcmMechanism(std::span<const uint8_t> nonce, std::span<const uint8_t> aad_bytes)
      : iv(nonce.begin(), nonce.end()), aad(aad_bytes.begin(), aad_bytes.end()) {
    params.pIv = iv.data();
    params.ulIvLen = iv.size();
    params.ulIvBits = iv.size() * 8;
    params.pAAD = aad.empty() ? nullptr : aad.data();
    params.ulAADLen = aad.size();
    params.ulTagBits = kGcmTagBytes * 8;
    mechanism.mechanism = CKM_AES_GCM;
    mechanism.pParameter = &params;
    mechanism.ulParameterLen = sizeof params;
  }
  GcmMechanism(const GcmMechanism&) = delete;
  GcmMechanism& operator=(const GcmMechanism&) = delete;
};

}  // namespace

Pkcs11Token::Pkcs11Token(std::shared_ptr<Pkcs11Module> module, CK_SESSION_HANDLE session)
    : module_(std::move(module)), session_(session) {}

Pkcs11Token::~Pkcs11Token() { module_->functions->C_CloseSession(session_); }

Result<std::unique_ptr<Pkcs11Token>> Pkcs11Token::open(const std::filesystem::path& module_path,
                                                       const std::string& token_label,
                                                       const SecretBytes& pin) {
  MS_ASSIGN_OR_RETURN(std::shared_ptr<Pkcs11Module> module, load_pkcs11_module(module_path));
  CK_FUNCTION_LIST_PTR f = module->functions;
  MS_ASSIGN_OR_RETURN(CK_SLOT_ID slot, find_slot(f, token_label));
  CK_SESSION_HANDLE session = 0;
  CK_RV rv = f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session);
  if (rv != CKR_OK) return pkcs11_error("C_OpenSession", rv);
  std::unique_ptr<Pkcs11Token> token(new Pkcs11Token(module, session));
  std::vector<CK_UTF8CHAR> pin_copy(pin.reveal().begin(), pin.reveal().end());
  rv = f->C_Login(session, CKU_USER, pin_copy.data(), pin_copy.size());
  OPENSSL_cleanse(pin_copy.data(), pin_copy.size());
  if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LEN_RANGE)
    return make_error(ErrorCode::kInvalidArgument,
                      "token \"" + token_label + "\": wrong PIN");
  if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) return pkcs11_error("C_Login", rv);
  return token;
}

Result<std::string> Pkcs11Token::label_of(CK_OBJECT_HANDLE object) {
  CK_ATTRIBUTE query = attribute(CKA_LABEL, nullptr, 0);
  CK_RV rv = module_->functions->C_GetAttributeValue(session_, object, &query, 1);
  if (rv != CKR_OK) return pkcs11_error("C_GetAttributeValue(CKA_LABEL)", rv);
  if (query.ulValueLen > kMaxLabelBytes) return std::string();
  std::string label(query.ulValueLen, '\0');
  query.pValue = label.data();
  rv = module_->functions->C_GetAttributeValue(session_, object, &query, 1);
  if (rv != CKR_OK) return pkcs11_error("C_GetAttributeValue(CKA_LABEL)", rv);
  label.resize(std::min<size_t>(query.ulValueLen, label.size()));
  return label;
}

Result<std::vector<TokenObject>> Pkcs11Token::find_keys(const std::string& prefix) {
  CK_FUNCTION_LIST_PTR f = module_->functions;
  CK_OBJECT_CLASS secret_class = CKO_SECRET_KEY;
  CK_ATTRIBUTE filter = attribute(CKA_CLASS, &secret_class, sizeof secret_class);
  CK_RV rv = f->C_FindObjectsInit(session_, &filter, 1);
  if (rv != CKR_OK) return pkcs11_error("C_FindObjectsInit", rv);
  std::vector<CK_OBJECT_HANDLE> handles;
  CK_OBJECT_HANDLE batch[kSearchBatch];
  for (;;) {
    CK_ULONG found = 0;
    rv = f->C_FindObjects(session_, batch, kSearchBatch, &found);
    if (rv != CKR_OK) break;
    found = std::min<CK_ULONG>(found, kSearchBatch);
    handles.insert(handles.end(), batch, batch + found);
    if (found == 0 || handles.size() >= kMaxObjectsPerSearch) break;
  }
  f->C_FindObjectsFinal(session_);
  if (rv != CKR_OK) return pkcs11_error("C_FindObjects", rv);
  if (handles.size() >= kMaxObjectsPerSearch)
    return make_error(ErrorCode::kLimitExceeded, "the token holds more than " +
                                                     std::to_string(kMaxObjectsPerSearch) +
                                                     " secret keys");
  std::vector<TokenObject> out;
  for (CK_OBJECT_HANDLE handle : handles) {
    MS_ASSIGN_OR_RETURN(std::string label, label_of(handle));
    if (label.starts_with(prefix)) out.push_back({handle, std::move(label)});
  }
  return out;
}

Result<CK_OBJECT_HANDLE> Pkcs11Token::find_key(const std::string& label) {
  MS_ASSIGN_OR_RETURN(std::vector<TokenObject> objects, find_keys(label));
  std::vector<CK_OBJECT_HANDLE> exact;
  for (const TokenObject& o : objects)
    if (o.label == label) exact.push_back(o.handle);
  if (exact.empty())
    return make_error(ErrorCode::kNotFound, "no token object labelled \"" + label + "\"");
  if (exact.size() > 1)
    return make_error(ErrorCode::kCorrupt, "several token objects labelled \"" + label + "\"");
  return exact.front();
}

Result<CK_OBJECT_HANDLE> Pkcs11Token::generate_key(const std::string& label) {
  CK_OBJECT_CLASS key_class = CKO_SECRET_KEY;
  CK_KEY_TYPE key_type = CKK_AES;
  CK_ULONG length = kWrappingKeyBytes;
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  std::string label_copy = label;
  CK_ATTRIBUTE tmpl[] = {
      attribute(CKA_CLASS, &key_class, sizeof key_class),
      attribute(CKA_KEY_TYPE, &key_type, sizeof key_type),
      attribute(CKA_VALUE_LEN, &length, sizeof length),
      attribute(CKA_TOKEN, &yes, sizeof yes),
      attribute(CKA_PRIVATE, &yes, sizeof yes),
      attribute(CKA_SENSITIVE, &yes, sizeof yes),
      attribute(CKA_EXTRACTABLE, &no, sizeof no),
      attribute(CKA_ENCRYPT, &yes, sizeof yes),
      attribute(CKA_DECRYPT, &yes, sizeof yes),
      attribute(CKA_LABEL, label_copy.data(), label_copy.size()),
  };
  CK_MECHANISM mechanism{CKM_AES_KEY_GEN, nullptr, 0};
  CK_OBJECT_HANDLE handle = 0;
  CK_RV rv = module_->functions->C_GenerateKey(session_, &mechanism, tmpl,
                                               sizeof tmpl / sizeof tmpl[0], &handle);
  if (rv != CKR_OK) return pkcs11_error("C_GenerateKey", rv);
  return handle;
}

Status Pkcs11Token::destroy(CK_OBJECT_HANDLE object) {
  CK_RV rv = module_->functions->C_DestroyObject(session_, object);
  if (rv != CKR_OK) return pkcs11_error("C_DestroyObject", rv);
  return {};
}

Result<std::vector<uint8_t>> Pkcs11Token::encrypt(CK_OBJECT_HANDLE key,
                                                  std::span<const uint8_t> aad,
                                                  std::span<const uint8_t> plaintext) {
  if (plaintext.size() > kMaxGcmInput || aad.size() > kMaxGcmInput)
    return make_error(ErrorCode::kInternal, "PKCS#11 encrypt: input too large");
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> nonce, random_bytes(kGcmNonceBytes));
  GcmMechanism gcm(nonce, aad);
  CK_FUNCTION_LIST_PTR f = module_->functions;
  CK_RV rv = f->C_EncryptInit(session_, &gcm.mechanism, key);
  if (rv != CKR_OK) return pkcs11_error("C_EncryptInit(CKM_AES_GCM)", rv);
  std::vector<uint8_t> in(plaintext.begin(), plaintext.end());
  std::vector<uint8_t> out(nonce);
  out.resize(nonce.size() + plaintext.size() + kGcmTagBytes);
  CK_ULONG out_len = plaintext.size() + kGcmTagBytes;
  rv = f->C_Encrypt(session_, in.data(), in.size(), out.data() + nonce.size(), &out_len);
  OPENSSL_cleanse(in.data(), in.size());
  if (rv != CKR_OK) return pkcs11_error("C_Encrypt(CKM_AES_GCM)", rv);
  if (out_len != plaintext.size() + kGcmTagBytes)
    return make_error(ErrorCode::kInternal, "PKCS#11 encrypt returned an unexpected length");
  return out;
}

Result<SecretBytes> Pkcs11Token::decrypt(CK_OBJECT_HANDLE key, std::span<const uint8_t> aad,
                                         std::span<const uint8_t> sealed) {
  if (sealed.size() < kGcmNonceBytes + kGcmTagBytes || sealed.size() > kMaxGcmInput ||
      aad.size() > kMaxGcmInput)
    return make_error(ErrorCode::kTampered, "wrapped value has the wrong length");
  GcmMechanism gcm(sealed.first(kGcmNonceBytes), aad);
  CK_FUNCTION_LIST_PTR f = module_->functions;
  CK_RV rv = f->C_DecryptInit(session_, &gcm.mechanism, key);
  if (rv != CKR_OK) return pkcs11_error("C_DecryptInit(CKM_AES_GCM)", rv);
  std::vector<uint8_t> in(sealed.begin() + kGcmNonceBytes, sealed.end());
  SecretBytes plain(in.size());
  CK_ULONG plain_len = plain.size();
  rv = f->C_Decrypt(session_, in.data(), in.size(), plain.reveal_mutable().data(), &plain_len);
  if (rv == CKR_ENCRYPTED_DATA_INVALID || rv == CKR_FUNCTION_FAILED ||
      rv == CKR_GENERAL_ERROR || rv == CKR_ENCRYPTED_DATA_LEN_RANGE)
    return make_error(ErrorCode::kTampered,
                      "the token refused to unwrap (" + rv_text(rv) + "): wrong key or edited value");
  if (rv != CKR_OK) return pkcs11_error("C_Decrypt(CKM_AES_GCM)", rv);
  if (plain_len > plain.size())
    return make_error(ErrorCode::kInternal, "PKCS#11 decrypt returned an unexpected length");
  return SecretBytes(plain.reveal().first(plain_len));
}

}  // namespace modelseal::keys
