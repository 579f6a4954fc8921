// X.509 certificates: parsing (DER, PEM files) and the fields trust policy needs.
#include <openssl/err.h>
#include <openssl/pem.h>

#include <ctime>

#include "base/file_io.hpp"
#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

constexpr uint64_t kMaxCertFileBytes = 4 << 20;

// One block from PEM_read_bio, freed with OPENSSL_free.
struct PemBlock {
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long len = 0;
  PemBlock() = default;
  PemBlock(const PemBlock&) = delete;
  PemBlock& operator=(const PemBlock&) = delete;
  ~PemBlock() {
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
};

size_t count_blocks(std::string_view text) {
  size_t count = 0;
  for (size_t at = text.find("-----BEGIN "); at != std::string_view::npos;
       at = text.find("-----BEGIN ", at + 1))
    ++count;
  return count;
}

}  // namespace

std::string name_text(const X509_NAME* name) {
  crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  return bio_text(bio.get());
}

std::chrono::system_clock::time_point time_of(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  using namespace std::chrono;
  sys_days date = year(tm.tm_year + 1900) / month(static_cast<unsigned>(tm.tm_mon + 1)) /
                 day(static_cast<unsigned>(tm.tm_mday));
  return time_point_cast<system_clock::duration>(date + hours(tm.tm_hour) + minutes(tm.tm_min) +
                                                 seconds(tm.tm_sec));
}

namespace {

// Email, URI and DNS names; names with an embedded NUL would mislead policy
// matching, so they are left out.
void append_name(const GENERAL_NAME* name, std::vector<std::string>& out) {
  int type = 0;
  auto* value = static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(name, &type));
  if (value == nullptr || (type != GEN_EMAIL && type != GEN_URI && type != GEN_DNS)) return;
  std::string text(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                   static_cast<size_t>(ASN1_STRING_length(value)));
  if (text.find('\0') == std::string::npos) out.push_back(std::move(text));
}

}  // namespace

Certificate::Certificate(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Result<Certificate> Certificate::from_der(std::span<const uint8_t> der) {
  if (der.size() > kMaxCertFileBytes)
    return make_error(ErrorCode::kLimitExceeded, "certificate larger than the limit");
  const unsigned char* p = der.data();
  crypto::X509Ptr x509(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x509 || p != der.data() + der.size())
    return make_error(ErrorCode::kCorrupt, "not a DER X.509 certificate: " + openssl_detail());
  return Certificate(std::make_shared<Impl>(Impl{std::move(x509)}));
}

Result<std::vector<Certificate>> Certificate::from_pem_file(const std::filesystem::path& path) {
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(path, kMaxCertFileBytes));
  MS_ASSIGN_OR_RETURN(crypto::BioPtr bio, bio_over(text));
  std::vector<Certificate> certs;
  size_t blocks = 0;
  for (;;) {
    PemBlock b;
    if (PEM_read_bio(bio.get(), &b.name, &b.header, &b.data, &b.len) != 1) break;
    ++blocks;
    if (std::string_view(b.name) != "CERTIFICATE") continue;
    auto cert = from_der({b.data, static_cast<size_t>(b.len)});
    if (!cert.ok()) return with_context(cert.error(), path.string());
    certs.push_back(std::move(*cert));
  }
  ERR_clear_error();  // the end of the input is reported as an error
  if (blocks != count_blocks(text))
    return make_error(ErrorCode::kCorrupt, path.string() + ": malformed PEM block");
  if (certs.empty())
    return make_error(ErrorCode::kCorrupt, path.string() + ": no PEM certificate found");
  return certs;
}

std::vector<uint8_t> Certificate::der() const {
  int len = i2d_X509(impl_->x509.get(), nullptr);
  if (len <= 0) return {};
  std::vector<uint8_t> out(static_cast<size_t>(len));
  unsigned char* p = out.data();
  if (i2d_X509(impl_->x509.get(), &p) != len) return {};
  return out;
}

std::string Certificate::subject() const { return name_text(X509_get_subject_name(impl_->x509.get())); }
std::string Certificate::issuer() const { return name_text(X509_get_issuer_name(impl_->x509.get())); }

std::chrono::system_clock::time_point Certificate::not_before() const {
  return time_of(X509_get0_notBefore(impl_->x509.get()));
}

std::chrono::system_clock::time_point Certificate::not_after() const {
  return time_of(X509_get0_notAfter(impl_->x509.get()));
}

Result<PublicKey> Certificate::public_key() const {
  EVP_PKEY* pkey = X509_get0_pubkey(impl_->x509.get());
  if (pkey == nullptr)
    return make_error(ErrorCode::kCorrupt, "unreadable certificate public key: " + openssl_detail());
  return public_key_from_pkey(pkey);
}

std::vector<std::string> Certificate::san() const {
  std::vector<std::string> out;
  crypto::GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(impl_->x509.get(), NID_subject_alt_name, nullptr, nullptr)));
  if (!names) {
    ERR_clear_error();  // no extension, or an unreadable one: no names
    return out;
  }
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i)
    append_name(sk_GENERAL_NAME_value(names.get(), i), out);
  return out;
}

}  // namespace modelseal::keys
