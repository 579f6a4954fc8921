// Helpers of the signing, attestation and OMS vector tests: copies of model folders, keys, and
// mutations of a written Sigstore bundle.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "formats/sigstore/base64.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/signing.hpp"
#include "modelseal/validate.hpp"
#include "test_support.hpp"

namespace signing_test {

// validate_upload's report for `target`, which must not fail to run.
inline modelseal::ValidationReport validate(const std::filesystem::path& target,
                                             modelseal::RegistryPolicy policy = {},
                                             std::optional<std::filesystem::path> work = std::nullopt) {
  modelseal::ValidateOptions options;
  options.target = target;
  options.policy = std::move(policy);
  options.work_dir = std::move(work);
  auto r = modelseal::validate_upload(options);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().detail));
  return *r;
}

// The example model built into `dir`/`name`.
inline std::filesystem::path build_example(const test_support::TempDir& dir,
                                           const std::string& name = "model.mbundle",
                                           modelseal::Compression compression = {}) {
  modelseal::BuildOptions build;
  build.model_dir = test_support::example_model();
  build.output = dir / name;
  build.compression = compression;
  auto built = modelseal::build_bundle(build);
  REQUIRE_MESSAGE(built.ok(), built.error().detail);
  return build.output;
}

namespace stdfs = std::filesystem;

// A writable copy of `from` at `to`.
inline stdfs::path copy_model(const stdfs::path& from, const stdfs::path& to) {
  stdfs::copy(from, to, stdfs::copy_options::recursive);
  for (const auto& entry : stdfs::recursive_directory_iterator(to))
    stdfs::permissions(entry.path(), stdfs::perms::owner_write, stdfs::perm_options::add);
  stdfs::permissions(to, stdfs::perms::owner_write, stdfs::perm_options::add);
  return to;
}

inline modelseal::keys::PrivateKey new_key(
    modelseal::keys::KeyType type = modelseal::keys::KeyType::kEcdsaP256) {
  auto key = modelseal::keys::PrivateKey::generate(type);
  REQUIRE(key.ok());
  return std::move(key).value();
}

// Flips one bit in the middle of the DSSE signature of the Sigstore bundle `file`.
inline void flip_dsse_signature(const stdfs::path& file) {
  auto doc = nlohmann::json::parse(test_support::read_bytes(file));
  auto& sig = doc["dsseEnvelope"]["signatures"][0]["sig"];
  auto bytes = modelseal::formats::base64_decode(sig.get<std::string>());
  REQUIRE(bytes.ok());
  (*bytes)[bytes->size() / 2] ^= 0x01;
  sig = modelseal::formats::base64_encode(*bytes);
  test_support::write_bytes(file, doc.dump());
}

// A verification that failed as a rejection (exit 1), its message naming `names`.
template <typename T>
void check_rejected(const modelseal::Result<T>& v, std::string_view names) {
  REQUIRE_FALSE(v.ok());
  CHECK(modelseal::is_rejection(v.error().code));
  CHECK_MESSAGE(v.error().detail.find(names) != std::string::npos, v.error().detail);
}

// Appends one byte to `file`.
inline void append_byte(const stdfs::path& file) {
  test_support::write_bytes(file, test_support::read_bytes(file) + "x");
}

}  // namespace signing_test
