#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <array>

#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

struct TypeInfo {
  KeyType type;
  const char* name;
  const char* group;   // OpenSSL's name of the curve, for generation
  const char* digest;  // the hash tied to the curve
};

constexpr std::array<TypeInfo, 4> kTypes = {{
    {KeyType::kEcdsaP256, "ecdsa-p256", "P-256", "SHA256"},
    {KeyType::kEcdsaP384, "ecdsa-p384", "P-384", "SHA384"},
    {KeyType::kEcdsaP521, "ecdsa-p521", "P-521", "SHA512"},
    {KeyType::kEd25519, "ed25519", nullptr, nullptr},
}};

const TypeInfo& info(KeyType type) {
  for (const TypeInfo& t : kTypes)
    if (t.type == type) return t;
  std::abort();  // every enumerator is in the table
}

Error unsupported_key() {
  return make_error(ErrorCode::kUnsupported,
                    "only ECDSA P-256/P-384/P-521 and Ed25519 keys are supported");
}

Result<KeyType> ec_type_of(EVP_PKEY* pkey) {
  char group[64] = {};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                     &len) != 1) {
    ERR_clear_error();
    return unsupported_key();  // explicit curve parameters without a name
  }
  int nid = OBJ_sn2nid(group);
  if (nid == NID_undef) nid = EC_curve_nist2nid(group);
  if (nid == NID_X9_62_prime256v1) return KeyType::kEcdsaP256;
  if (nid == NID_secp384r1) return KeyType::kEcdsaP384;
  if (nid == NID_secp521r1) return KeyType::kEcdsaP521;
  return unsupported_key();
}

}  // namespace

std::string_view key_type_name(KeyType type) { return info(type).name; }

Result<KeyType> parse_key_type(std::string_view name) {
  for (const TypeInfo& t : kTypes)
    if (name == t.name) return t.type;
  return make_error(ErrorCode::kInvalidArgument,
                    "unknown key type '" + std::string(name) +
                        "' (use ecdsa-p256, ecdsa-p384, ecdsa-p521 or ed25519)");
}

const char* digest_for(KeyType type) { return info(type).digest; }
const char* group_for(KeyType type) { return info(type).group; }

Result<KeyType> key_type_of(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "ED25519")) return KeyType::kEd25519;
  if (EVP_PKEY_is_a(pkey, "EC")) return ec_type_of(pkey);
  return unsupported_key();
}

}  // namespace modelseal::keys
