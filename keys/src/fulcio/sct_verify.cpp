// verify_embedded_sct: RFC 6962 s3.2 precertificate SCTs embedded in a Fulcio leaf.
//
//   signed data = sct_version(1) = 0 || signature_type(1) = 0 (certificate_timestamp)
//               || timestamp(8) || entry_type(2) = 1 (precert_entry)
//               || issuer_key_hash(32) || uint24 length || TBS without the SCT extension
//               || uint16 length || SCT extensions
#include <openssl/err.h>

#include <algorithm>

#include "fulcio/extensions.hpp"
#include "fulcio/fulcio.hpp"
#include "fulcio/sct_list.hpp"
#include "time_text.hpp"
#include "key_impl.hpp"
#include "modelseal/digest.hpp"

namespace modelseal::keys {
namespace {

constexpr uint8_t kSignatureTypeCertificateTimestamp = 0;
constexpr uint16_t kLogEntryTypePrecert = 1;
constexpr size_t kMaxUint24 = (size_t{1} << 24) - 1;
constexpr uint8_t kTlsHashSha256 = 4, kTlsHashSha384 = 5, kTlsHashSha512 = 6;
constexpr uint8_t kTlsSignatureRsa = 1, kTlsSignatureEcdsa = 3;

Error sct_rejected(std::string detail) { return make_error(ErrorCode::kTampered, std::move(detail)); }

void append_uint(std::vector<uint8_t>& out, uint64_t value, size_t width) {
  for (size_t i = width; i > 0; --i) out.push_back(static_cast<uint8_t>(value >> (8 * (i - 1))));
}

std::string hex_of(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

// The leaf's TBSCertificate re-encoded without the SCT extension at `index`.
Result<std::vector<uint8_t>> precert_tbs(X509* leaf, int index) {
  crypto::X509Ptr copy(X509_dup(leaf));
  if (!copy) return openssl_error("X509_dup");
  X509_EXTENSION* removed = X509_delete_ext(copy.get(), index);
  if (removed == nullptr) return openssl_error("X509_delete_ext");
  X509_EXTENSION_free(removed);
  const int len = i2d_re_X509_tbs(copy.get(), nullptr);
  if (len <= 0) return openssl_error("i2d_re_X509_tbs");
  if (static_cast<size_t>(len) > kMaxUint24)
    return make_error(ErrorCode::kCorrupt, "certificate too large for an SCT");
  std::vector<uint8_t> tbs(static_cast<size_t>(len));
  unsigned char* p = tbs.data();
  if (i2d_re_X509_tbs(copy.get(), &p) != len) return openssl_error("i2d_re_X509_tbs");
  return tbs;
}

Result<Sha256Digest> issuer_key_hash(X509* issuer) {
  unsigned char* der = nullptr;
  const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &der);
  if (len <= 0) return openssl_error("i2d_X509_PUBKEY");
  auto digest = sha256_of({der, static_cast<size_t>(len)});
  OPENSSL_free(der);
  return digest;
}

std::vector<uint8_t> signed_data(const EmbeddedSct& sct, const Sha256Digest& issuer_hash,
                                 std::span<const uint8_t> tbs) {
  std::vector<uint8_t> out;
  out.reserve(2 + 8 + 2 + issuer_hash.bytes.size() + 3 + tbs.size() + 2 + sct.extensions.size());
  append_uint(out, kSctVersionV1, 1);
  append_uint(out, kSignatureTypeCertificateTimestamp, 1);
  append_uint(out, sct.timestamp_ms, 8);
  append_uint(out, kLogEntryTypePrecert, 2);
  out.insert(out.end(), issuer_hash.bytes.begin(), issuer_hash.bytes.end());
  append_uint(out, tbs.size(), 3);
  out.insert(out.end(), tbs.begin(), tbs.end());
  append_uint(out, sct.extensions.size(), 2);
  out.insert(out.end(), sct.extensions.begin(), sct.extensions.end());
  return out;
}

const char* digest_name(uint8_t tls_hash) {
  switch (tls_hash) {
    case kTlsHashSha256:
      return "SHA256";
    case kTlsHashSha384:
      return "SHA384";
    case kTlsHashSha512:
      return "SHA512";
    default:
      return nullptr;
  }
}

bool key_fits(EVP_PKEY* key, uint8_t tls_signature) {
  return (tls_signature == kTlsSignatureEcdsa && EVP_PKEY_is_a(key, "EC") == 1) ||
         (tls_signature == kTlsSignatureRsa && EVP_PKEY_is_a(key, "RSA") == 1);
}

// Whether `signature` verifies with the log's key; the reason when it does not.
Status verify_with_log(const EmbeddedSct& sct, const formats::TransparencyLogInstance& log,
                       std::span<const uint8_t> message) {
  const unsigned char* p = log.public_key_der.data();
  crypto::EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(log.public_key_der.size())));
  if (!key || p != log.public_key_der.data() + log.public_key_der.size()) {
    ERR_clear_error();
    return sct_rejected("CT log " + log.base_url + " has an unreadable public key");
  }
  const char* digest = digest_name(sct.hash_algorithm);
  if (digest == nullptr || !key_fits(key.get(), sct.signature_algorithm))
    return sct_rejected("SCT algorithm (hash " + std::to_string(sct.hash_algorithm) + ", signature " +
                    std::to_string(sct.signature_algorithm) + ") does not fit the key of " +
                    log.base_url);
  crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return openssl_error("EVP_MD_CTX_new");
  const bool ok = EVP_DigestVerifyInit_ex(ctx.get(), nullptr, digest, nullptr, nullptr, key.get(),
                                          nullptr) == 1 &&
                  EVP_DigestVerify(ctx.get(), sct.signature.data(), sct.signature.size(),
                                   message.data(), message.size()) == 1;
  ERR_clear_error();
  if (!ok) return sct_rejected("SCT signature does not verify with the key of " + log.base_url);
  return {};
}

// Ok when a trusted log issued `sct`; otherwise the reason.
Status verify_one(const EmbeddedSct& sct, const Sha256Digest& issuer_hash,
                  std::span<const uint8_t> tbs,
                  std::span<const formats::TransparencyLogInstance> ctlogs) {
  if (sct.version != kSctVersionV1)
    return sct_rejected("SCT of unsupported version " + std::to_string(sct.version));
  const auto when = std::chrono::system_clock::time_point(
      std::chrono::milliseconds(static_cast<int64_t>(sct.timestamp_ms)));
  const std::vector<uint8_t> message = signed_data(sct, issuer_hash, tbs);
  std::optional<Error> failure;
  for (const formats::TransparencyLogInstance& log : ctlogs) {
    if (!std::ranges::equal(log.log_id, sct.log_id) || !log.valid_for.contains(when)) continue;
    Status verified = verify_with_log(sct, log, message);
    if (verified.ok()) return {};
    if (!failure) failure = verified.error();
  }
  if (failure) return *failure;
  return sct_rejected("SCT from log " + hex_of(sct.log_id) + " at " + utc_seconds_text(when) +
                  ": no trusted CT log with this id is valid at that time");
}

}  // namespace

Status verify_embedded_sct(const Certificate& leaf, const Certificate& issuer,
                           std::span<const formats::TransparencyLogInstance> ctlogs) {
  X509* leaf_x509 = leaf.impl().x509.get();
  MS_ASSIGN_OR_RETURN(int index, unique_extension_index(leaf_x509, kOidEmbeddedScts));
  if (index < 0)
    return sct_rejected("certificate has no embedded SCT (extension " + std::string(kOidEmbeddedScts) +
                    ")");
  const std::span<const uint8_t> value = extension_value(X509_get_ext(leaf_x509, index));
  const unsigned char* p = value.data();
  crypto::Asn1OctetStringPtr list(
      d2i_ASN1_OCTET_STRING(nullptr, &p, static_cast<long>(value.size())));
  if (!list || p != value.data() + value.size()) {
    ERR_clear_error();
    return make_error(ErrorCode::kCorrupt, "embedded SCT extension is not a DER OCTET STRING");
  }
  MS_ASSIGN_OR_RETURN(std::vector<EmbeddedSct> scts,
                      parse_sct_list({ASN1_STRING_get0_data(list.get()),
                                      static_cast<size_t>(ASN1_STRING_length(list.get()))}));
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> tbs, precert_tbs(leaf_x509, index));
  MS_ASSIGN_OR_RETURN(Sha256Digest issuer_hash, issuer_key_hash(issuer.impl().x509.get()));
  std::string reasons;
  for (const EmbeddedSct& sct : scts) {
    Status verified = verify_one(sct, issuer_hash, tbs, ctlogs);
    if (verified.ok()) return {};
    if (verified.error().code != ErrorCode::kTampered) return verified.error();
    reasons += (reasons.empty() ? "" : "; ") + verified.error().detail;
  }
  return sct_rejected("no embedded SCT verifies: " + reasons);
}

}  // namespace modelseal::keys
