// Fuzzes the sealed-bundle header: the prefix and strict JSON parser, then
// libpack's keyless checks against the embedded manifest. Must never crash;
// whatever parses must re-encode to exactly the same bytes (no malleability),
// and whatever passes the full check must have parsed.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "formats/sealed/sealed_header.hpp"
#include "seal/sealed_file.hpp"

namespace {

using namespace modelseal;

void check_reencodes(const formats::SealedHeader& header, std::span<const uint8_t> prefix) {
  auto encoded = formats::encode_sealed_prefix(header);
  if (!encoded.ok()) std::abort();
  if (std::string_view(*encoded) !=
      std::string_view(reinterpret_cast<const char*>(prefix.data()), prefix.size()))
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  auto length = formats::parse_sealed_prefix(input);
  if (length.ok() && size - formats::kSealedPrefixBytes >= *length) {
    const auto prefix = input.first(formats::kSealedPrefixBytes + *length);
    const auto text = prefix.subspan(formats::kSealedPrefixBytes);
    auto header = formats::parse_sealed_header(
        {reinterpret_cast<const char*>(text.data()), text.size()});
    if (header.ok()) check_reencodes(*header, prefix);
    auto info = seal::check_sealed_prefix(prefix, "fuzz");
    if (info.ok() && !header.ok()) std::abort();
  }
  // The JSON parser alone, on the whole input.
  auto bare = formats::parse_sealed_header({reinterpret_cast<const char*>(data), size});
  if (bare.ok()) {
    auto encoded = formats::encode_sealed_prefix(*bare);
    if (!encoded.ok() ||
        encoded->substr(formats::kSealedPrefixBytes) !=
            std::string_view(reinterpret_cast<const char*>(data), size))
      std::abort();
  }
  return 0;
}
