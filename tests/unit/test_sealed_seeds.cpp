// Sealed headers, valid and hostile, checked here and written as the fuzz
// seeds of fuzz/fuzz_sealed_header.cpp:
//   MODELSEAL_WRITE_SEALED_SEEDS=fuzz/corpus/sealed_header modelseal_pack_tests -tc='sealed header seeds*'
#include <doctest/doctest.h>

#include <cstdlib>

#include "seal/sealed_file.hpp"
#include "sealed_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal;
using sealed_test_support::replaced;
using sealed_test_support::replaced_last;

namespace {

struct Seed {
  std::string file;
  std::string bytes;
  bool valid;
};

std::string prefixed(const std::string& header, uint32_t length) {
  std::string out = "modelseal.sealed/v1\n";
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>((length >> shift) & 0xff);
  return out + header;
}

std::string prefixed(const std::string& header) {
  return prefixed(header, static_cast<uint32_t>(header.size()));
}

std::vector<Seed> seeds() {
  const std::string sealed = test_support::read_bytes(
      std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/sealed-v1/model-none.sealed.mbundle");
  REQUIRE(sealed.size() > 24);
  uint32_t length = 0;
  for (size_t i = 20; i < 24; ++i) length = length << 8 | static_cast<uint8_t>(sealed[i]);
  const std::string h = sealed.substr(24, length);
  const std::string v2 = test_support::read_bytes(
      std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/sealed-v2/model-none.sealed.mbundle");
  const std::string versions_edited =
      replaced(replaced_last(h, "\"1.0.0\"", "\"1.0.1\""), "\"1.0.0\"", "\"1.0.1\"");
  const size_t file_sha = h.find("\"sha256\":\"", h.find("\"files\"")) + 10;
  std::string root_broken = h;
  root_broken[file_sha] = root_broken[file_sha] == '0' ? '1' : '0';
  return {
      {"valid_vector.sealed", sealed, true},
      {"valid_vector_v2.sealed", v2, true},
      {"invalid_magic_v1_of_v2.sealed", "modelseal.sealed/v1\n" + v2.substr(20), false},
      {"valid_header_only.sealed", prefixed(h), true},
      {"invalid_noncanonical.sealed", prefixed(replaced(h, "{\"aead\"", "{ \"aead\"")), false},
      {"invalid_duplicate_key.sealed", prefixed(replaced(h, "\"salt\":", "\"key_id\":\"x\",\"salt\":")), false},
      {"invalid_unknown_key.sealed", prefixed(replaced(h, "\"salt\":", "\"rogue\":1,\"salt\":")), false},
      {"invalid_missing_key.sealed", prefixed(replaced(h, "\"aead\":\"AES-256-GCM/STREAM-64KiB\",", "")), false},
      {"invalid_length_zero.sealed", prefixed(h, 0), false},
      {"invalid_length_over_limit.sealed", prefixed(h, (72u << 20) + 1), false},
      {"invalid_length_64mib.sealed", prefixed(h, (64u << 20) + 1), false},
      {"invalid_length_short.sealed", prefixed(h, length - 1), false},
      {"invalid_magic.sealed", "modelseal.sealed/v2\n" + sealed.substr(20), false},
      {"invalid_format.sealed", prefixed(replaced(h, "\"modelseal.sealed/v1\"", "\"modelseal.sealed/v9\"")), false},
      {"invalid_aead.sealed", prefixed(replaced(h, "STREAM-64KiB", "STREAM-64KiX")), false},
      {"invalid_key_id_case.sealed", prefixed(replaced(h, "dk-00112233445566778899aabbccddeeff", "dk-00112233445566778899AABBCCDDEEFF")), false},
      {"invalid_salt_short.sealed", prefixed(replaced(h, "\"salt\":\"a0a1", "\"salt\":\"")), false},
      {"invalid_size_zero.sealed", prefixed(replaced(h, "\"size\":13824", "\"size\":0")), false},
      {"invalid_size_float.sealed", prefixed(replaced(h, "\"size\":13824", "\"size\":1.3824e4")), false},
      {"invalid_size_huge.sealed", prefixed(replaced(h, "\"size\":13824", "\"size\":18446744073709551615")), false},
      {"invalid_model_mismatch.sealed", prefixed(replaced_last(h, "\"1.0.0\"", "\"1.0.1\"")), false},
      {"invalid_toml_mismatch.sealed", prefixed(versions_edited), false},
      {"invalid_manifest_root.sealed", prefixed(root_broken), false},
      {"invalid_digest_mismatch.sealed", prefixed(replaced(h, "\"content_digest\":\"sha256:6", "\"content_digest\":\"sha256:7")), false},
      {"invalid_deep.sealed", prefixed(std::string(5000, '[') + std::string(5000, ']')), false},
      {"invalid_bom.sealed", prefixed("\xEF\xBB\xBF" + h), false},
      {"invalid_not_utf8.sealed", prefixed(replaced(h, "vector-model", "vector-mod\xC3\x28")), false},
      {"invalid_truncated_json.sealed", prefixed(h.substr(0, h.size() / 2)), false},
      {"valid_bare_header.json", h, false},  // no prefix: only the bare JSON path accepts it
  };
}

}  // namespace

TEST_CASE("sealed header seeds are valid or rejected as labelled") {
  size_t checked = 0;
  for (const Seed& s : seeds()) {
    const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(s.bytes.data()),
                                         s.bytes.size());
    auto length = formats::parse_sealed_prefix(bytes);
    bool accepted = false;
    if (length.ok() && s.bytes.size() - formats::kSealedPrefixBytes >= *length)
      accepted = seal::check_sealed_prefix(bytes.first(formats::kSealedPrefixBytes + *length), s.file).ok();
    CHECK_MESSAGE(accepted == s.valid, s.file);
    CHECK(s.bytes.size() < 64 * 1024);
    ++checked;
  }
  CHECK(checked == 29);
  CHECK(formats::parse_sealed_header(seeds().back().bytes).ok());
  if (const char* dir = std::getenv("MODELSEAL_WRITE_SEALED_SEEDS"))
    for (const Seed& s : seeds()) test_support::write_bytes(std::filesystem::path(dir) / s.file, s.bytes);
}
