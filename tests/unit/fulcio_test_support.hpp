// A self-made Fulcio for the Fulcio certificate tests: root and intermediate
// CAs, leaves with chosen usages, names and extensions, and a CT log that
// embeds RFC 6962 precertificate SCTs (signed data built here, independently
// of keys/src/fulcio), all with OpenSSL's X509 API.
#pragma once

#include <doctest/doctest.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/openssl_ptr.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "modelseal/digest.hpp"
#include "modelseal/keys.hpp"
#include "x509_test_support.hpp"

namespace fulcio_test {

namespace crypto = modelseal::crypto;
namespace formats = modelseal::formats;
namespace keys = modelseal::keys;
using Bytes = std::vector<uint8_t>;
using TimePoint = std::chrono::system_clock::time_point;
using std::chrono::seconds;

inline TimePoint at_seconds(int64_t unix_seconds) { return TimePoint(seconds(unix_seconds)); }
// 2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z: the synthetic leaf's validity.
inline const TimePoint kLeafFrom = at_seconds(1704067200);
inline const TimePoint kLeafUntil = at_seconds(1735689600);
inline const TimePoint kInside = at_seconds(1717200000);  // 2024-06-01
inline constexpr uint64_t kSctTimeMs = 1704067200123;

inline crypto::EvpPkeyPtr new_ec_key() {
  crypto::EvpPkeyPtr key(EVP_EC_gen("P-256"));
  REQUIRE(key);
  return key;
}

inline Bytes spki_of(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(key, &der);
  REQUIRE(len > 0);
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

using x509_test::der_of;

inline keys::Certificate certificate_of(X509* cert) {
  auto c = keys::Certificate::from_der(der_of(cert));
  REQUIRE(c.ok());
  return *c;
}

inline Bytes sha256(const Bytes& data) {
  auto d = modelseal::sha256_of(data);
  REQUIRE(d.ok());
  return Bytes(d->bytes.begin(), d->bytes.end());
}

inline void append_uint(Bytes& out, uint64_t value, size_t width) {
  for (size_t i = width; i > 0; --i) out.push_back(static_cast<uint8_t>(value >> (8 * (i - 1))));
}

inline void append_vector16(Bytes& out, const Bytes& data) {
  append_uint(out, data.size(), 2);
  out.insert(out.end(), data.begin(), data.end());
}

// An extension carrying `der` as its extnValue.
inline void add_raw_extension(X509* cert, const char* oid, const Bytes& der,
                              bool critical = false) {
  crypto::Asn1ObjectPtr obj(OBJ_txt2obj(oid, 1));
  REQUIRE(obj);
  crypto::Asn1OctetStringPtr value(ASN1_OCTET_STRING_new());
  REQUIRE(value);
  REQUIRE(ASN1_OCTET_STRING_set(value.get(), der.data(), static_cast<int>(der.size())) == 1);
  crypto::X509ExtensionPtr ext(
      X509_EXTENSION_create_by_OBJ(nullptr, obj.get(), critical ? 1 : 0, value.get()));
  REQUIRE(ext);
  REQUIRE(X509_add_ext(cert, ext.get(), -1) == 1);
}

inline void add_conf_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  crypto::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  REQUIRE(ext);
  REQUIRE(X509_add_ext(cert, ext.get(), -1) == 1);
}

// DER of a TLV with a one-byte length (short values only).
inline Bytes tlv(uint8_t tag, const Bytes& value) {
  REQUIRE(value.size() < 128);
  Bytes out{tag, static_cast<uint8_t>(value.size())};
  out.insert(out.end(), value.begin(), value.end());
  return out;
}
inline Bytes text_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline Bytes der_utf8(std::string_view s) { return tlv(0x0C, text_bytes(s)); }
inline Bytes der_octets(const Bytes& b) {
  crypto::Asn1OctetStringPtr value(ASN1_OCTET_STRING_new());
  REQUIRE(value);
  REQUIRE(ASN1_OCTET_STRING_set(value.get(), b.data(), static_cast<int>(b.size())) == 1);
  unsigned char* der = nullptr;
  const int len = i2d_ASN1_OCTET_STRING(value.get(), &der);
  REQUIRE(len > 0);
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

struct TestCtLog {
  crypto::EvpPkeyPtr key = new_ec_key();
  Bytes spki = spki_of(key.get());
  Bytes log_id = sha256(spki);

  formats::TransparencyLogInstance instance() const {
    formats::TransparencyLogInstance log;
    log.base_url = "https://ctfe.test.example";
    log.hash_algorithm = "SHA2_256";
    log.public_key_der = spki;
    log.key_details = "PKIX_ECDSA_P256_SHA_256";
    log.valid_for.start = at_seconds(1577836800);  // 2020-01-01
    log.log_id = log_id;
    return log;
  }

  // One serialized v1 SCT over the precert entry (issuer SPKI, TBS).
  Bytes sct(uint64_t timestamp_ms, const Bytes& issuer_spki, const Bytes& tbs,
            const Bytes& extensions = {}) const {
    Bytes message{0, 0};
    append_uint(message, timestamp_ms, 8);
    append_uint(message, 1, 2);
    const Bytes issuer_hash = sha256(issuer_spki);
    message.insert(message.end(), issuer_hash.begin(), issuer_hash.end());
    append_uint(message, tbs.size(), 3);
    message.insert(message.end(), tbs.begin(), tbs.end());
    append_vector16(message, extensions);
    crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    REQUIRE(ctx);
    REQUIRE(EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key.get(),
                                  nullptr) == 1);
    size_t len = 0;
    REQUIRE(EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()) == 1);
    Bytes signature(len);
    REQUIRE(EVP_DigestSign(ctx.get(), signature.data(), &len, message.data(), message.size()) == 1);
    signature.resize(len);
    Bytes out{0};
    out.insert(out.end(), log_id.begin(), log_id.end());
    append_uint(out, timestamp_ms, 8);
    append_vector16(out, extensions);
    out.push_back(4);  // sha256
    out.push_back(3);  // ecdsa
    append_vector16(out, signature);
    return out;
  }
};

// uint16-prefixed list of uint16-prefixed SCTs.
inline Bytes sct_list(const std::vector<Bytes>& scts) {
  Bytes body;
  for (const Bytes& sct : scts) append_vector16(body, sct);
  Bytes out;
  append_vector16(out, body);
  return out;
}

enum class Usage { kFulcio, kNoKeyUsage, kKeyAgreementOnly, kNoEku, kEmailProtectionEku };
enum class Sct { kValid, kNone };

struct LeafSpec {
  Usage usage = Usage::kFulcio;
  std::string san = "email:signer@example.com,URI:https://example.com/workflow";
  std::optional<Bytes> issuer_v2 = der_utf8("https://issuer.example.com");
  std::optional<Bytes> issuer_v1;
  Sct sct = Sct::kValid;
  uint64_t sct_time_ms = kSctTimeMs;
  TimePoint not_before = kLeafFrom;
  TimePoint not_after = kLeafUntil;
};

struct Issued {
  crypto::EvpPkeyPtr key;
  crypto::X509Ptr cert;
};

inline void set_basics(X509* cert, const char* cn, X509* issuer, EVP_PKEY* key, TimePoint from,
                       TimePoint until, long serial) {
  REQUIRE(X509_set_version(cert, X509_VERSION_3) == 1);
  REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(cert), serial) == 1);
  X509_NAME* name = X509_get_subject_name(cert);
  REQUIRE(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("fulcio test"), -1, -1,
                                     0) == 1);
  REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(cn), -1, -1, 0) == 1);
  REQUIRE(X509_set_issuer_name(cert, X509_get_subject_name(issuer != nullptr ? issuer : cert)) ==
          1);
  REQUIRE(ASN1_TIME_set(X509_getm_notBefore(cert), std::chrono::system_clock::to_time_t(from)));
  REQUIRE(ASN1_TIME_set(X509_getm_notAfter(cert), std::chrono::system_clock::to_time_t(until)));
  REQUIRE(X509_set_pubkey(cert, key) == 1);
}

// A CA certificate; self-signed when `issuer` is null.
inline Issued issue_ca(const char* cn, const Issued* issuer, long serial,
                       TimePoint from = at_seconds(1577836800),
                       TimePoint until = at_seconds(2208988800)) {
  Issued out{new_ec_key(), crypto::X509Ptr(X509_new())};
  REQUIRE(out.cert);
  X509* issuer_cert = issuer != nullptr ? issuer->cert.get() : nullptr;
  set_basics(out.cert.get(), cn, issuer_cert, out.key.get(), from, until, serial);
  X509* signer = issuer_cert != nullptr ? issuer_cert : out.cert.get();
  add_conf_extension(out.cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
  add_conf_extension(out.cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_conf_extension(out.cert.get(), signer, NID_subject_key_identifier, "hash");
  REQUIRE(X509_sign(out.cert.get(), issuer != nullptr ? issuer->key.get() : out.key.get(),
                    EVP_sha256()) > 0);
  return out;
}

// A Fulcio-like PKI: root -> intermediate -> leaves, and one CT log.
struct TestFulcio {
  Issued root = issue_ca("test fulcio root", nullptr, 1);
  Issued intermediate = issue_ca("test fulcio intermediate", &root, 2);
  TestCtLog ctlog;

  // certChain = [intermediate, root], valid from 2020 on.
  formats::CertificateAuthority authority() const {
    formats::CertificateAuthority ca;
    ca.organization = "fulcio test";
    ca.common_name = "test fulcio";
    ca.uri = "https://fulcio.test.example";
    ca.cert_chain = {der_of(intermediate.cert.get()), der_of(root.cert.get())};
    ca.valid_for.start = at_seconds(1577836800);
    return ca;
  }

  keys::Certificate issuer() const { return certificate_of(intermediate.cert.get()); }

  // A leaf issued by `by` (default: the intermediate). `extra_scts` go
  // after the valid SCT (or alone when spec.sct is kNone and they are given).
  crypto::X509Ptr leaf_x509(const LeafSpec& spec = {}, const Issued* by = nullptr,
                            const std::vector<Bytes>& extra_scts = {}) const {
    const Issued& ca = by != nullptr ? *by : intermediate;
    crypto::EvpPkeyPtr key = new_ec_key();
    crypto::X509Ptr cert(X509_new());
    REQUIRE(cert);
    set_basics(cert.get(), "test leaf", ca.cert.get(), key.get(), spec.not_before, spec.not_after,
               100);
    X509* issuer = ca.cert.get();
    switch (spec.usage) {
      case Usage::kFulcio:
      case Usage::kNoEku:
      case Usage::kEmailProtectionEku:
        add_conf_extension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature");
        break;
      case Usage::kKeyAgreementOnly:
        add_conf_extension(cert.get(), issuer, NID_key_usage, "critical,keyAgreement");
        break;
      case Usage::kNoKeyUsage:
        break;
    }
    if (spec.usage == Usage::kEmailProtectionEku)
      add_conf_extension(cert.get(), issuer, NID_ext_key_usage, "emailProtection");
    else if (spec.usage != Usage::kNoEku)
      add_conf_extension(cert.get(), issuer, NID_ext_key_usage, "codeSigning");
    if (!spec.san.empty())
      add_conf_extension(cert.get(), issuer, NID_subject_alt_name,
                         ("critical," + spec.san).c_str());
    if (spec.issuer_v1) add_raw_extension(cert.get(), "1.3.6.1.4.1.57264.1.1", *spec.issuer_v1);
    if (spec.issuer_v2) add_raw_extension(cert.get(), "1.3.6.1.4.1.57264.1.8", *spec.issuer_v2);
    REQUIRE(X509_sign(cert.get(), ca.key.get(), EVP_sha256()) > 0);
    std::vector<Bytes> scts;
    if (spec.sct == Sct::kValid) {
      const int len = i2d_re_X509_tbs(cert.get(), nullptr);
      REQUIRE(len > 0);
      Bytes tbs(static_cast<size_t>(len));
      unsigned char* p = tbs.data();
      REQUIRE(i2d_re_X509_tbs(cert.get(), &p) == len);
      scts.push_back(ctlog.sct(spec.sct_time_ms, spki_of(X509_get0_pubkey(ca.cert.get())), tbs));
    }
    scts.insert(scts.end(), extra_scts.begin(), extra_scts.end());
    if (!scts.empty()) {
      add_raw_extension(cert.get(), "1.3.6.1.4.1.11129.2.4.2", der_octets(sct_list(scts)));
      REQUIRE(X509_sign(cert.get(), ca.key.get(), EVP_sha256()) > 0);
    }
    return cert;
  }

  keys::Certificate leaf(const LeafSpec& spec = {}, const Issued* by = nullptr,
                         const std::vector<Bytes>& extra_scts = {}) const {
    return certificate_of(leaf_x509(spec, by, extra_scts).get());
  }
};

// One synthetic Fulcio per test binary: its keys are generated once.
inline const TestFulcio& test_fulcio() {
  static const TestFulcio instance;
  return instance;
}

inline std::vector<formats::TransparencyLogInstance> test_ctlogs() {
  return {test_fulcio().ctlog.instance()};
}

}  // namespace fulcio_test
