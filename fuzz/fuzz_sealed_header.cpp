// Fuzzes the sealed-bundle header: the prefix and strict JSON parser, then
// libpack's keyless checks against the embedded manifest. Must never crash;
// whatever parses with the magic's version must re-encode to exactly the same
// bytes (no malleability), and whatever passes the full check must have parsed
// with the magic's version.
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

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
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
    const bool same_version =
        header.ok() && header->version == formats::sealed_magic_version(prefix);
    if (same_version) check_reencodes(*header, prefix);
    auto info = seal::check_sealed_prefix(prefix, "fuzz");
    if (info.ok() && !same_version) std::abort();
  }
  // The JSON parser alone, on the whole input.
  auto bare = formats::parse_sealed_header({reinterpret_cast<const char*>(data), size});
  if (bare.ok()) {
    auto encoded = formats::encode_sealed_prefix(*bare);
    if (!encoded.ok() || formats::sealed_magic_version(bytes_of(*encoded)) != bare->version ||
        encoded->substr(formats::kSealedPrefixBytes) !=
            std::string_view(reinterpret_cast<const char*>(data), size))
      std::abort();
  }
  return 0;
}
