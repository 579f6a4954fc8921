// Registry validation: the registry policy file, and validate_upload on
// bundles, folders and single files (the hostile corpus is in
// tests/e2e/test_hostile_corpus.sh).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "modelseal/bundle.hpp"
#include "modelseal/validate.hpp"
#include "test_support.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using test_support::TempDir;
using test_support::write_bytes;

using signing_test::validate;

namespace {

std::vector<std::string> error_ids(const ValidationReport& r) {
  std::vector<std::string> ids;
  for (const auto& f : r.findings)
    if (f.severity == formats::Severity::kError) ids.push_back(f.id);
  return ids;
}

bool has_error(const ValidationReport& r, std::string_view id) {
  auto ids = error_ids(r);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

Result<RegistryPolicy> policy_from(const TempDir& dir, const std::string& body) {
  write_bytes(dir / "registry.toml", "schema = \"modelseal.registry-policy/v1\"\n" + body);
  return load_registry_policy(dir / "registry.toml");
}

}  // namespace

TEST_CASE("a registry policy sets limits, forbidden formats and bundle rules") {
  TempDir dir;
  auto policy = policy_from(dir, R"(
[limits]
max_files = 10
max_file_bytes = 4096
max_total_bytes = 8192
max_compression_ratio = 20
[formats]
forbid = ["pickle", "pytorch-zip"]
reject_unknown_weights = true
[bundle]
require_bundle = true
require_canonical = true
[findings]
downgrade = ["name.case_collision"]
)");
  REQUIRE_MESSAGE(policy.ok(), (policy.ok() ? "" : policy.error().detail));
  CHECK(policy->max_files == 10);
  CHECK(policy->max_file_bytes == 4096);
  CHECK(policy->max_total_bytes == 8192);
  CHECK(policy->max_compression_ratio == 20);
  CHECK(policy->forbid_formats == std::vector<std::string>{"pickle", "pytorch-zip"});
  CHECK(policy->reject_unknown_weights);
  CHECK(policy->require_bundle);
  CHECK(policy->require_canonical);
  CHECK(policy->downgrade == std::vector<std::string>{"name.case_collision"});
}

TEST_CASE("a broken registry policy is refused naming the line and the problem") {
  TempDir dir;
  auto typo = policy_from(dir, "[limits]\nmax_filez = 3\n");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.error().detail.find("registry.toml:3:") != std::string::npos);
  CHECK(typo.error().detail.find("max_files") != std::string::npos);  // did you mean
  auto format = policy_from(dir, "[formats]\nforbid = [\"pikle\"]\n");
  REQUIRE_FALSE(format.ok());
  CHECK(format.error().detail.find("pikle") != std::string::npos);
  auto range = policy_from(dir, "[limits]\nmax_files = 0\n");
  REQUIRE_FALSE(range.ok());
  auto type = policy_from(dir, "[bundle]\nrequire_canonical = \"yes\"\n");
  REQUIRE_FALSE(type.ok());
  write_bytes(dir / "wrong.toml", "schema = \"modelseal.policy/v1\"\n");
  CHECK_FALSE(load_registry_policy(dir / "wrong.toml").ok());
  CHECK_FALSE(load_registry_policy(dir / "missing.toml").ok());
  // A policy that cannot be used is configuration (exit 2), never a rejected upload (exit 1).
  for (const auto* broken : {&format, &range, &type})
    CHECK((*broken).error().code == ErrorCode::kInvalidArgument);
  CHECK(load_registry_policy(dir / "wrong.toml").error().code == ErrorCode::kInvalidArgument);
  CHECK(load_registry_policy(dir / "missing.toml").error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("a clean folder is accepted and each file's format is reported") {
  TempDir dir;
  write_bytes(dir / "m/model.safetensors", test_support::small_safetensors());
  write_bytes(dir / "m/README.md", "# model\n");
  ValidationReport r = validate(dir / "m");
  CHECK(r.kind == "folder");
  CHECK_FALSE(r.rejected());
  REQUIRE(r.files.size() == 2);
  CHECK(r.files[1].path == "model.safetensors");
  CHECK(r.files[1].format == "safetensors");
}

TEST_CASE("folder findings: links, special files, names, limits, policy") {
  TempDir dir;
  write_bytes(dir / "m/model.safetensors", test_support::small_safetensors());
  std::filesystem::create_symlink("/etc/passwd", dir / "m/passwd");
  REQUIRE(::mkfifo((dir / "m/pipe").c_str(), 0600) == 0);
  write_bytes(dir / "m/Notes.txt", "a");
  write_bytes(dir / "m/notes.txt", "b");
  write_bytes(dir / "m/CON.json", "{}");
  ValidationReport r = validate(dir / "m");
  CHECK(has_error(r, "folder.symlink"));
  CHECK(has_error(r, "folder.special_file"));
  CHECK(has_error(r, "name.case_collision"));
  CHECK(has_error(r, "name.windows_reserved"));

  RegistryPolicy limits;
  limits.max_files = 3;
  CHECK(has_error(validate(dir / "m", limits), "folder.too_many_files"));
  RegistryPolicy small;
  small.max_file_bytes = 8;
  CHECK(has_error(validate(dir / "m", small), "folder.file_too_large"));
  RegistryPolicy bundles_only;
  bundles_only.require_bundle = true;
  CHECK(has_error(validate(dir / "m", bundles_only), "policy.bundle_required"));
  RegistryPolicy lenient;
  lenient.downgrade = {"name.case_collision"};
  CHECK_FALSE(has_error(validate(dir / "m", lenient), "name.case_collision"));
}

TEST_CASE("forbidden formats and unrecognised weights follow the policy") {
  TempDir dir;
  write_bytes(dir / "m/model.safetensors", test_support::small_safetensors());
  write_bytes(dir / "m/pytorch_model.bin", "not a format at all, just bytes");
  ValidationReport lax = validate(dir / "m");
  CHECK_FALSE(lax.rejected());  // a warning only
  CHECK(std::any_of(lax.findings.begin(), lax.findings.end(),
                    [](const auto& f) { return f.id == "scan.unrecognized_weight"; }));
  RegistryPolicy strict;
  strict.reject_unknown_weights = true;
  CHECK(has_error(validate(dir / "m", strict), "scan.unrecognized_weight"));
  RegistryPolicy no_safetensors;
  no_safetensors.forbid_formats = {"safetensors"};
  CHECK(has_error(validate(dir / "m", no_safetensors), "policy.format_forbidden"));
}

TEST_CASE("a bundle built by modelseal is accepted, canonical, and leaves no work files") {
  TempDir dir;
  std::filesystem::create_directories(dir / "work");
  RegistryPolicy canonical;
  canonical.require_canonical = true;
  for (Compression c : {Compression{}, Compression{CompressionKind::kNone, 0}}) {
    const auto bundle = signing_test::build_example(dir, "example.mbundle", c);
    ValidationReport r = validate(bundle, canonical, dir / "work");
    CHECK(r.kind == "bundle");
    CHECK_MESSAGE(!r.rejected(), validation_to_json(r));
    CHECK(r.model_name == "tiny-sentiment");
    CHECK(r.content_digest->starts_with("sha256:"));
    CHECK(std::filesystem::is_empty(dir / "work"));
    std::filesystem::remove(bundle);
  }
}

TEST_CASE("a bundle whose payload was flipped is rejected and nothing is left behind") {
  TempDir dir;
  std::filesystem::create_directories(dir / "work");
  const auto bundle = signing_test::build_example(dir, "example.mbundle", {CompressionKind::kNone, 0});
  std::string bytes = test_support::read_bytes(bundle);
  const size_t at = bytes.find("\"label2id\"");  // inside config.json's data
  REQUIRE(at != std::string::npos);
  bytes[at + 1] ^= 0x01;
  write_bytes(bundle, bytes);
  ValidationReport r = validate(bundle, {}, dir / "work");
  CHECK(has_error(r, "bundle.content_mismatch"));
  CHECK(std::filesystem::is_empty(dir / "work"));
}

TEST_CASE("the JSON verdict and the SARIF log carry every finding") {
  TempDir dir;
  write_bytes(dir / "m/a.txt", "x");
  write_bytes(dir / "m/A.txt", "y");
  ValidationReport r = validate(dir / "m");
  auto json = nlohmann::json::parse(validation_to_json(r));
  CHECK(json["verdict"] == "rejected");
  CHECK(json["kind"] == "folder");
  CHECK(json["findings"][0]["id"] == "name.case_collision");
  auto sarif = nlohmann::json::parse(validation_to_sarif(r));
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["runs"][0]["results"][0]["ruleId"] == "name.case_collision");
  CHECK(sarif["runs"][0]["results"][0]["level"] == "error");
  CHECK(sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "name.case_collision");
}

TEST_CASE("a missing target is an environment error, not a verdict") {
  ValidateOptions options;
  options.target = "/nonexistent/upload.mbundle";
  auto r = validate_upload(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kNotFound);
}

TEST_CASE("a file named .mbundle that is not a bundle is rejected; content, not the name, makes a bundle") {
  TempDir dir;
  write_bytes(dir / "random.mbundle", std::string("\x8f\x01 not a tar and not zstd at all", 31));
  ValidationReport fake = validate(dir / "random.mbundle");
  CHECK(fake.kind == "bundle");
  CHECK(has_error(fake, "bundle.not_a_bundle"));
  CHECK(fake.rejected());

  write_bytes(dir / "random.bin", std::string("\x8f\x01 not a tar and not zstd at all", 31));
  CHECK_FALSE(has_error(validate(dir / "random.bin"), "bundle.not_a_bundle"));

  const auto bundle = signing_test::build_example(dir, "example.mbundle");
  std::filesystem::rename(bundle, dir / "weights.bin");
  ValidationReport renamed = validate(dir / "weights.bin");
  CHECK(renamed.kind == "bundle");
  CHECK(renamed.model_name == "tiny-sentiment");
  CHECK_FALSE(renamed.rejected());
}
