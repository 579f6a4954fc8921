// Helpers shared by the sealed-bundle tests: keys, sealing, decrypting whole files.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/bundle.hpp"
#include "modelseal/sealed.hpp"
#include "test_support.hpp"

namespace sealed_test_support {

using namespace modelseal;

inline const std::string kKeyId = "dk-00112233445566778899aabbccddeeff";
inline const std::string kKeystoreId = "ks-ffeeddccbbaa99887766554433221100";

inline SecretBytes key_filled(uint8_t value) {
  std::vector<uint8_t> bytes(kSealedDataKeyBytes, value);
  return SecretBytes(bytes);
}

inline std::filesystem::path vector_bundle() {
  return std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/bundle-v1/model-none.mbundle";
}

inline SealOptions seal_options(const std::filesystem::path& bundle, const std::filesystem::path& out,
                                const SecretBytes& key) {
  SealOptions o;
  o.bundle = bundle;
  o.output = out;
  o.data_key = &key;
  o.key_id = kKeyId;
  o.keystore_id = kKeystoreId;
  return o;
}

inline Result<SealedInfo> seal_file(const std::filesystem::path& bundle, const std::filesystem::path& out,
                               const SecretBytes& key) {
  return seal_bundle(seal_options(bundle, out, key));
}

// Everything SealedReader released before it ended or failed.
struct Decrypted {
  std::string bytes;
  std::optional<Error> error;
};

inline Decrypted decrypt(const std::filesystem::path& sealed, const SecretBytes& key,
                         size_t buffer_bytes = 7000) {
  Decrypted d;
  auto reader = SealedReader::open(sealed, key);
  if (!reader.ok()) {
    d.error = reader.error();
    return d;
  }
  std::vector<uint8_t> buffer(buffer_bytes);
  for (;;) {
    auto n = (*reader)->read(buffer);
    if (!n.ok()) {
      d.error = n.error();
      return d;
    }
    if (*n == 0) return d;
    d.bytes.append(reinterpret_cast<const char*>(buffer.data()), *n);
  }
}

// `text` with the first (or last) `from` replaced by `to`; `from` must occur.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

inline std::string replaced_last(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.rfind(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

// An uncompressed bundle of `model` at `output`, reproducible (fixed epoch).
inline std::filesystem::path build_plain_bundle(const std::filesystem::path& model,
                                                const std::filesystem::path& output) {
  BuildOptions options;
  options.model_dir = model;
  options.output = output;
  options.compression = *parse_compression("none");
  options.source_date_epoch = 1700000000;
  auto built = build_bundle(options);
  REQUIRE_MESSAGE(built.ok(), built.error().detail);
  return output;
}

// The smallest useful bundle: the vector model's bundle.toml and one 5-byte file.
inline std::filesystem::path build_tiny_bundle(const test_support::TempDir& dir) {
  const std::filesystem::path model = dir / "tiny";
  std::filesystem::create_directories(model);
  std::filesystem::copy_file(
      std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/bundle-v1/model/bundle.toml",
      model / "bundle.toml");
  test_support::write_bytes(model / "w.bin", "12345");
  return build_plain_bundle(model, dir / "tiny.mbundle");
}

// A plain bundle of more than four 64 KiB chunks: the vector model plus a large file.
inline std::filesystem::path build_multi_chunk_bundle(const test_support::TempDir& dir,
                                                      size_t big_bytes = 300000) {
  const std::filesystem::path model = dir / "model";
  std::filesystem::copy(std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/bundle-v1/model",
                        model, std::filesystem::copy_options::recursive);
  std::string big(big_bytes, '\0');
  uint32_t x = 12345;
  for (char& c : big) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  test_support::write_bytes(model / "big.bin", big);
  return build_plain_bundle(model, dir / "multi.mbundle");
}

inline uint64_t header_end(const std::string& sealed) {
  uint64_t n = 0;
  for (size_t i = 20; i < 24; ++i) n = n << 8 | static_cast<uint8_t>(sealed[i]);
  return 24 + n;
}

// The file with its header replaced by `header_json` (length field updated).
inline std::string with_header(const std::string& sealed, const std::string& header_json) {
  std::string out = sealed.substr(0, 20);
  const auto n = static_cast<uint32_t>(header_json.size());
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>((n >> shift) & 0xff);
  return out + header_json + sealed.substr(header_end(sealed));
}

}  // namespace sealed_test_support
