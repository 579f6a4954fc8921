#include "timestamp/timestamp_response.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <climits>
#include <ctime>
#include <string_view>
#include <vector>

#include "key_impl.hpp"
#include "timestamp/rfc3161.hpp"

namespace modelseal::keys {
namespace {

constexpr long kTstInfoVersion = 1;
constexpr int64_t kSignedDataVersion = 3;  // RFC 5652 s5.1: eContentType is not id-data
constexpr int64_t kSignerInfoVersion = 1;  // sid = issuerAndSerialNumber

Error corrupt_response(std::string detail) {
  return make_error(ErrorCode::kCorrupt, "RFC 3161 timestamp: " + std::move(detail));
}

std::string_view status_name(int64_t status) {
  switch (status) {
    case 0: return "granted";
    case 1: return "grantedWithMods";
    case 2: return "rejection";
    case 3: return "waiting";
    case 4: return "revocationWarning";
    case 5: return "revocationNotification";
    default: return "unknown";
  }
}

Status check_der_round_trip(TS_RESP* response, std::span<const uint8_t> der) {
  const int length = i2d_TS_RESP(response, nullptr);
  if (length <= 0) return corrupt_response("cannot re-encode the response: " + openssl_detail());
  if (static_cast<size_t>(length) != der.size())
    return corrupt_response("not DER (re-encodes to " + std::to_string(length) + " bytes, not " +
                   std::to_string(der.size()) + ")");
  std::vector<uint8_t> again(der.size());
  unsigned char* out = again.data();
  if (i2d_TS_RESP(response, &out) != length) return corrupt_response("cannot re-encode the response");
  if (CRYPTO_memcmp(again.data(), der.data(), der.size()) != 0)
    return corrupt_response("not DER (re-encodes to different bytes)");
  return {};
}

Status check_status(TS_RESP* response) {
  const ASN1_INTEGER* status = TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response));
  int64_t value = -1;
  if (status == nullptr || ASN1_INTEGER_get_int64(&value, status) != 1) {
    ERR_clear_error();
    return corrupt_response("unreadable PKIStatus");
  }
  if (value != 0 && value != 1)
    return make_error(ErrorCode::kTampered,
                      "RFC 3161 timestamp: the TSA did not grant it (status " +
                          std::to_string(value) + ", " + std::string(status_name(value)) + ")");
  return {};
}

const EVP_MD* imprint_hash(int nid) {
  switch (nid) {
    case NID_sha256: return EVP_sha256();
    case NID_sha384: return EVP_sha384();
    case NID_sha512: return EVP_sha512();
    default: return nullptr;
  }
}

Error unsupported(std::string detail) {
  return make_error(ErrorCode::kUnsupported, "RFC 3161 timestamp: " + std::move(detail));
}

bool has_version(const ASN1_INTEGER* version, int64_t expected) {
  int64_t value = -1;
  if (version == nullptr || ASN1_INTEGER_get_int64(&value, version) != 1) {
    ERR_clear_error();
    return false;
  }
  return value == expected;
}

// The algorithm's OID as a NID, or NID_undef when it carries parameters other than NULL.
int plain_algorithm_nid(const X509_ALGOR* algorithm) {
  if (algorithm == nullptr) return NID_undef;
  const ASN1_OBJECT* oid = nullptr;
  int parameter_type = V_ASN1_UNDEF;
  X509_ALGOR_get0(&oid, &parameter_type, nullptr, algorithm);
  if (parameter_type != V_ASN1_UNDEF && parameter_type != V_ASN1_NULL) return NID_undef;
  return OBJ_obj2nid(oid);
}

bool is_sha2(int nid) { return nid == NID_sha256 || nid == NID_sha384 || nid == NID_sha512; }

// The key type the SignerInfo's signatureAlgorithm implies, after checking its shape.
Result<int> check_signed_data_shape(PKCS7* token) {
  const PKCS7_SIGNED* signed_data = token->d.sign;
  if (signed_data == nullptr || !has_version(signed_data->version, kSignedDataVersion))
    return corrupt_response("SignedData version is not 3");
  for (int i = 0; i < sk_X509_ALGOR_num(signed_data->md_algs); ++i)
    if (!is_sha2(plain_algorithm_nid(sk_X509_ALGOR_value(signed_data->md_algs, i))))
      return unsupported("SignedData digestAlgorithms other than plain SHA-256/384/512");
  STACK_OF(PKCS7_SIGNER_INFO)* signers = PKCS7_get_signer_info(token);
  if (signers == nullptr || sk_PKCS7_SIGNER_INFO_num(signers) != 1)
    return corrupt_response("not exactly one SignerInfo");
  PKCS7_SIGNER_INFO* signer = sk_PKCS7_SIGNER_INFO_value(signers, 0);
  if (signer == nullptr || !has_version(signer->version, kSignerInfoVersion))
    return corrupt_response("SignerInfo version is not 1");
  X509_ALGOR* digest = nullptr;
  X509_ALGOR* signature = nullptr;
  PKCS7_SIGNER_INFO_get0_algs(signer, nullptr, &digest, &signature);
  const int digest_nid = plain_algorithm_nid(digest);
  if (!is_sha2(digest_nid)) return unsupported("SignerInfo digest is not plain SHA-256/384/512");
  const int signature_nid = plain_algorithm_nid(signature);
  if (signature_nid == NID_rsaEncryption) return EVP_PKEY_RSA;
  int hash_nid = NID_undef;
  int key_nid = NID_undef;
  if (signature_nid == NID_undef || OBJ_find_sigid_algs(signature_nid, &hash_nid, &key_nid) != 1 ||
      hash_nid != digest_nid || (key_nid != NID_rsaEncryption && key_nid != NID_X9_62_id_ecPublicKey))
    return unsupported("SignerInfo signatureAlgorithm is not RSA or ECDSA with its digest");
  return key_nid == NID_rsaEncryption ? EVP_PKEY_RSA : EVP_PKEY_EC;
}

}  // namespace


Result<std::chrono::system_clock::time_point> asn1_time_point(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    ERR_clear_error();
    return corrupt_response("unreadable time");
  }
  const int year = tm.tm_year + 1900;
  if (year < kMinTimestampYear || year > kMaxTimestampYear)
    return corrupt_response("time in year " + std::to_string(year) + " is out of range");
  const std::time_t seconds = ::timegm(&tm);
  if (seconds == static_cast<std::time_t>(-1)) return corrupt_response("unreadable time");
  return std::chrono::system_clock::from_time_t(seconds);
}

Result<TimestampResponse> parse_timestamp_response(std::span<const uint8_t> der) {
  if (der.empty()) return corrupt_response("empty");
  if (der.size() > kMaxTimestampBytes)
    return make_error(ErrorCode::kLimitExceeded,
                      "RFC 3161 timestamp: " + std::to_string(der.size()) +
                          " bytes, more than the limit of " + std::to_string(kMaxTimestampBytes));
  const unsigned char* cursor = der.data();
  TimestampResponse ts;
  ts.response.reset(d2i_TS_RESP(nullptr, &cursor, static_cast<long>(der.size())));
  if (!ts.response) return corrupt_response("not a DER TimeStampResp: " + openssl_detail());
  if (cursor != der.data() + der.size())
    return corrupt_response(std::to_string(der.data() + der.size() - cursor) + " trailing bytes");
  MS_TRY(check_der_round_trip(ts.response.get(), der));
  MS_TRY(check_status(ts.response.get()));
  ts.token = TS_RESP_get_token(ts.response.get());
  ts.tst_info = TS_RESP_get_tst_info(ts.response.get());
  if (ts.token == nullptr || ts.tst_info == nullptr)
    return corrupt_response("granted response without a timeStampToken");
  MS_ASSIGN_OR_RETURN(ts.signature_key_nid, check_signed_data_shape(ts.token));
  const long version = TS_TST_INFO_get_version(ts.tst_info);
  if (version != kTstInfoVersion)
    return corrupt_response("TSTInfo version " + std::to_string(version) + ", expected 1");
  auto gen_time = asn1_time_point(TS_TST_INFO_get_time(ts.tst_info));
  if (!gen_time.ok()) return corrupt_response("genTime: " + gen_time.error().detail);
  ts.gen_time = *gen_time;
  return ts;
}

Status check_message_imprint(const TimestampResponse& ts, std::span<const uint8_t> signed_data) {
  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(ts.tst_info);
  X509_ALGOR* algorithm = imprint != nullptr ? TS_MSG_IMPRINT_get_algo(imprint) : nullptr;
  ASN1_OCTET_STRING* hashed = imprint != nullptr ? TS_MSG_IMPRINT_get_msg(imprint) : nullptr;
  if (algorithm == nullptr || hashed == nullptr) return corrupt_response("no messageImprint");
  const ASN1_OBJECT* oid = nullptr;
  int parameter_type = V_ASN1_UNDEF;
  const void* parameter = nullptr;
  X509_ALGOR_get0(&oid, &parameter_type, &parameter, algorithm);
  if (parameter_type != V_ASN1_UNDEF && parameter_type != V_ASN1_NULL)
    return corrupt_response("messageImprint hash algorithm has parameters");
  const EVP_MD* md = imprint_hash(OBJ_obj2nid(oid));
  if (md == nullptr) {
    char name[80] = {};
    if (OBJ_obj2txt(name, sizeof name, oid, 1) <= 0) ERR_clear_error();
    return make_error(ErrorCode::kUnsupported, "RFC 3161 timestamp: messageImprint hash " +
                                                   std::string(name) +
                                                   " is not SHA-256, SHA-384 or SHA-512");
  }
  unsigned char digest[EVP_MAX_MD_SIZE] = {};
  unsigned int digest_size = 0;
  if (EVP_Digest(signed_data.data(), signed_data.size(), digest, &digest_size, md, nullptr) != 1)
    return openssl_error("EVP_Digest");
  const int hashed_size = ASN1_STRING_length(hashed);
  if (hashed_size < 0 || static_cast<unsigned int>(hashed_size) != digest_size ||
      CRYPTO_memcmp(ASN1_STRING_get0_data(hashed), digest, digest_size) != 0)
    return make_error(ErrorCode::kTampered,
                      "RFC 3161 timestamp: messageImprint does not match the signature it "
                      "should timestamp (" + std::string(EVP_MD_get0_name(md)) + " differs)");
  return {};
}

}  // namespace modelseal::keys
