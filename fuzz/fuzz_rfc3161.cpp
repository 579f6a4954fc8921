// Fuzzes RFC 3161 timestamp verification: the input is a TimeStampResp
// verified over a fixed signature against the fixed TSA of
// fuzz/rfc3161_fuzz_tsa.hpp. It must never crash; what verifies must carry a
// genTime inside the authority's validity. Seeds: fuzz/corpus/rfc3161/, written by
// tests/unit/test_rfc3161_seeds.cpp.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "timestamp/rfc3161.hpp"
#include "rfc3161_fuzz_tsa.hpp"

namespace {

using namespace modelseal;

std::vector<uint8_t> decoded(std::string_view base64) {
  auto der = formats::base64_decode(base64);
  if (!der.ok()) std::abort();
  return *der;
}

std::vector<formats::CertificateAuthority> make_authorities() {
  formats::CertificateAuthority authority;
  authority.organization = "modelseal fuzz";
  authority.common_name = "fuzz tsa";
  authority.uri = std::string(rfc3161_fuzz::kTsaUri);
  authority.cert_chain = {decoded(rfc3161_fuzz::kTsaCertBase64), decoded(rfc3161_fuzz::kRootCertBase64)};
  auto start = formats::parse_rfc3339("2025-01-01T00:00:00Z");
  auto end = formats::parse_rfc3339("2045-01-01T00:00:00Z");
  if (!start.ok() || !end.ok()) std::abort();
  authority.valid_for = {*start, *end};
  return {authority};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<formats::CertificateAuthority> authorities = make_authorities();
  const std::span<const uint8_t> signed_data(
      reinterpret_cast<const uint8_t*>(rfc3161_fuzz::kSignedData.data()), rfc3161_fuzz::kSignedData.size());
  auto verified = keys::verify_rfc3161_timestamp(std::span<const uint8_t>(data, size), signed_data, authorities);
  if (verified.ok() && (!authorities[0].valid_for.contains(verified->gen_time) ||
                        verified->tsa != rfc3161_fuzz::kTsaUri))
    std::abort();
  return 0;
}
