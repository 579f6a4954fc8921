// A self-made timestamping authority for the RFC 3161 tests: a root CA and a
// TSA leaf (EKU timeStamping, critical) built with OpenSSL's X509 API, and
// TimeStampResp tokens from OpenSSL's TS_RESP_CTX (an implementation separate
// from the verifier's code) at a chosen genTime.
#pragma once

#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/openssl_ptr.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "x509_test_support.hpp"

namespace rfc3161_test {

using modelseal::crypto::EvpPkeyPtr;
using modelseal::crypto::X509Ptr;
using Bytes = std::vector<uint8_t>;
using TimePoint = std::chrono::system_clock::time_point;

inline TimePoint utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

inline Bytes bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

inline EvpPkeyPtr new_ec_key() {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  REQUIRE(key);
  return key;
}

inline EvpPkeyPtr key_from_pem(std::string_view pem) {
  modelseal::crypto::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  REQUIRE(bio);
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(key);
  return key;
}

inline X509Ptr cert_from_der(const Bytes& der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(cert);
  return cert;
}

using x509_test::der_of;

enum class Eku { kTimeStampingCritical, kTimeStampingNotCritical, kCodeSigning, kNone };

struct CertSpec {
  std::string common_name;
  long serial = 1;
  TimePoint not_before = utc(2020, 1, 1);
  TimePoint not_after = utc(2040, 1, 1);
  bool ca = false;
  Eku eku = Eku::kNone;
};

inline void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  modelseal::crypto::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  REQUIRE(ext);
  REQUIRE(X509_add_ext(cert, ext.get(), -1) == 1);
}

// Self-signed when `issuer` is null.
inline X509Ptr issue(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  REQUIRE(cert);
  REQUIRE(X509_set_version(cert.get(), X509_VERSION_3) == 1);
  REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial) == 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  REQUIRE(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("modelseal test"), -1, -1, 0) == 1);
  REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0) == 1);
  X509* signer_cert = issuer != nullptr ? issuer : cert.get();
  REQUIRE(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer_cert)) == 1);
  REQUIRE(ASN1_TIME_set(X509_getm_notBefore(cert.get()), std::chrono::system_clock::to_time_t(spec.not_before)));
  REQUIRE(ASN1_TIME_set(X509_getm_notAfter(cert.get()), std::chrono::system_clock::to_time_t(spec.not_after)));
  REQUIRE(X509_set_pubkey(cert.get(), key) == 1);
  if (spec.ca) {
    add_extension(cert.get(), signer_cert, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), signer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert.get(), signer_cert, NID_key_usage, "critical,digitalSignature");
  }
  switch (spec.eku) {
    case Eku::kTimeStampingCritical: add_extension(cert.get(), signer_cert, NID_ext_key_usage, "critical,timeStamping"); break;
    case Eku::kTimeStampingNotCritical: add_extension(cert.get(), signer_cert, NID_ext_key_usage, "timeStamping"); break;
    case Eku::kCodeSigning: add_extension(cert.get(), signer_cert, NID_ext_key_usage, "critical,codeSigning"); break;
    case Eku::kNone: break;
  }
  REQUIRE(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0);
  return cert;
}

struct TestTsa {
  EvpPkeyPtr root_key;
  EvpPkeyPtr leaf_key;
  X509Ptr root;
  X509Ptr leaf;
  std::string uri = "https://tsa.test.example/";

  static TestTsa create(CertSpec leaf_spec = {"test tsa", 2, utc(2020, 1, 1), utc(2040, 1, 1), false,
                                              Eku::kTimeStampingCritical}) {
    TestTsa tsa;
    tsa.root_key = new_ec_key();
    tsa.leaf_key = new_ec_key();
    tsa.root = issue({"test tsa root", 1, utc(2019, 1, 1), utc(2045, 1, 1), true, Eku::kNone},
                     tsa.root_key.get(), nullptr, nullptr);
    tsa.leaf = issue(leaf_spec, tsa.leaf_key.get(), tsa.root.get(), tsa.root_key.get());
    return tsa;
  }

  // The trusted-root entry: certChain = [leaf, root], validFor from 2020 on.
  modelseal::formats::CertificateAuthority authority() const {
    modelseal::formats::CertificateAuthority a;
    a.organization = "modelseal test";
    a.common_name = "test tsa";
    a.uri = uri;
    a.cert_chain = {der_of(leaf.get()), der_of(root.get())};
    a.valid_for.start = utc(2020, 1, 1);
    return a;
  }
};

struct TokenSpec {
  TimePoint gen_time = utc(2030, 6, 1, 12, 0, 0);
  const EVP_MD* imprint_md = EVP_sha256();
  bool embed_certificate = true;
};

inline int fixed_time_cb(TS_RESP_CTX*, void* data, long* sec, long* usec) {
  *sec = static_cast<long>(std::chrono::system_clock::to_time_t(*static_cast<const TimePoint*>(data)));
  *usec = 0;
  return 1;
}

inline Bytes response_der(TS_RESP* response) {
  const int size = i2d_TS_RESP(response, nullptr);
  REQUIRE(size > 0);
  Bytes out(static_cast<size_t>(size));
  unsigned char* p = out.data();
  REQUIRE(i2d_TS_RESP(response, &p) == size);
  return out;
}

inline modelseal::crypto::BioPtr request_for(std::span<const uint8_t> data, const TokenSpec& spec) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), digest, &digest_size, spec.imprint_md, nullptr) == 1);
  modelseal::crypto::X509AlgorPtr algorithm(X509_ALGOR_new());
  REQUIRE(algorithm);
  REQUIRE(X509_ALGOR_set0(algorithm.get(), OBJ_nid2obj(EVP_MD_get_type(spec.imprint_md)), V_ASN1_NULL, nullptr) == 1);
  modelseal::crypto::TsMsgImprintPtr imprint(TS_MSG_IMPRINT_new());
  REQUIRE(imprint);
  REQUIRE(TS_MSG_IMPRINT_set_algo(imprint.get(), algorithm.get()) == 1);
  REQUIRE(TS_MSG_IMPRINT_set_msg(imprint.get(), digest, static_cast<int>(digest_size)) == 1);
  modelseal::crypto::TsReqPtr request(TS_REQ_new());
  REQUIRE(request);
  REQUIRE(TS_REQ_set_version(request.get(), 1) == 1);
  REQUIRE(TS_REQ_set_msg_imprint(request.get(), imprint.get()) == 1);
  REQUIRE(TS_REQ_set_cert_req(request.get(), spec.embed_certificate ? 1 : 0) == 1);
  modelseal::crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  REQUIRE(bio);
  REQUIRE(i2d_TS_REQ_bio(bio.get(), request.get()) == 1);
  return bio;
}

// A granted TimeStampResp over `data`, signed by `leaf` with `key`.
inline Bytes make_timestamp(X509* leaf, EVP_PKEY* key, std::span<const uint8_t> data,
                            const TokenSpec& spec = {}) {
  modelseal::crypto::TsRespCtxPtr ctx(TS_RESP_CTX_new());
  REQUIRE(ctx);
  REQUIRE(TS_RESP_CTX_set_signer_cert(ctx.get(), leaf) == 1);
  REQUIRE(TS_RESP_CTX_set_signer_key(ctx.get(), key) == 1);
  REQUIRE(TS_RESP_CTX_set_signer_digest(ctx.get(), EVP_sha256()) == 1);
  REQUIRE(TS_RESP_CTX_set_ess_cert_id_digest(ctx.get(), EVP_sha256()) == 1);
  modelseal::crypto::Asn1ObjectPtr policy(OBJ_txt2obj("1.3.6.1.4.1.57264.2", 1));
  REQUIRE(policy);
  REQUIRE(TS_RESP_CTX_set_def_policy(ctx.get(), policy.get()) == 1);
  for (const EVP_MD* md : {EVP_sha256(), EVP_sha384(), EVP_sha512(), EVP_sha1()})
    REQUIRE(TS_RESP_CTX_add_md(ctx.get(), md) == 1);
  TimePoint gen_time = spec.gen_time;
  TS_RESP_CTX_set_time_cb(ctx.get(), fixed_time_cb, &gen_time);
  modelseal::crypto::BioPtr request = request_for(data, spec);
  modelseal::crypto::TsRespPtr response(TS_RESP_create_response(ctx.get(), request.get()));
  REQUIRE(response);
  return response_der(response.get());
}

inline Bytes make_timestamp(const TestTsa& tsa, std::span<const uint8_t> data, const TokenSpec& spec = {}) {
  return make_timestamp(tsa.leaf.get(), tsa.leaf_key.get(), data, spec);
}

// A TimeStampResp with only a status (e.g. TS_STATUS_REJECTION), no token.
inline Bytes status_only_response(long status) {
  modelseal::crypto::TsStatusInfoPtr info(TS_STATUS_INFO_new());
  REQUIRE(info);
  REQUIRE(TS_STATUS_INFO_set_status(info.get(), static_cast<int>(status)) == 1);
  modelseal::crypto::TsRespPtr response(TS_RESP_new());
  REQUIRE(response);
  REQUIRE(TS_RESP_set_status_info(response.get(), info.get()) == 1);
  return response_der(response.get());
}

}  // namespace rfc3161_test
