// Fuzz target for OMS signatures (specs/signature-v1.md): the input is read as
// a Sigstore bundle, then its DSSE payload as an OMS in-toto statement; the
// input is also read directly as a statement and as base64. Whatever parses
// must serialize to something that parses again and serializes identically;
// base64 text that decodes must re-encode to itself. Seeds: fuzz/corpus/sigstore_bundle/.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"

namespace {

using namespace modelseal::formats;

void check_error_names_source(const modelseal::Error& error) {
  if (error.detail.rfind("fuzz:", 0) != 0 && error.code != modelseal::ErrorCode::kInternal)
    std::abort();
}

void check_statement(std::span<const uint8_t> payload) {
  const auto st = parse_oms_statement(payload, "fuzz:statement");
  if (!st.ok()) return check_error_names_source(st.error());
  const std::string text = serialize_oms_statement(*st);
  const auto again = parse_oms_statement(
      std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()), "fuzz:again");
  if (!again.ok() || serialize_oms_statement(*again) != text) std::abort();
}

void check_bundle(std::string_view input) {
  const auto bundle = parse_sigstore_bundle(input, "fuzz:bundle");
  if (!bundle.ok()) return check_error_names_source(bundle.error());
  const std::string text = serialize_sigstore_bundle(*bundle);
  const auto again = parse_sigstore_bundle(text, "fuzz:again");
  if (!again.ok() || serialize_sigstore_bundle(*again) != text) std::abort();
  if (const DsseEnvelope* env = bundle->dsse()) {
    check_statement(env->payload);
    // Both encodings are total functions of the payload.
    (void)dsse_pae(env->payload_type, env->payload);
    (void)dsse_pae_legacy_v020(env->payload_type, env->payload);
  }
}

void check_base64(std::string_view input) {
  const auto bytes = base64_decode(input);
  if (bytes.ok() && base64_encode(*bytes) != input) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_bundle(input);
  check_statement(std::span(data, size));
  check_base64(input);
  return 0;
}
