// extract_bundle with a filter and verify_bundle_folder with a selection (`extract --filter`,
// `verify --integrity-only --only`): only the matching files and .modelseal/ are written, every
// file of the archive is still checked, and the partial folder verifies only with a selection.
#include <doctest/doctest.h>

#include "modelseal/bundle.hpp"
#include "test_support.hpp"
#include "tree/file_selection.hpp"

using namespace modelseal;
using test_support::TempDir;
namespace stdfs = std::filesystem;

namespace {

stdfs::path build_plain_example(const TempDir& dir) {
  BuildOptions options;
  options.model_dir = test_support::example_model();
  options.output = dir / "m.mbundle";
  options.compression = *parse_compression("none");
  auto built = build_bundle(options);
  REQUIRE_MESSAGE(built.ok(), built.error().detail);
  return options.output;
}

void check_error(const Result<VerifiedContent>& r, ErrorCode code, std::string_view names) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == code);
  CHECK_MESSAGE(r.error().detail.find(names) != std::string::npos, r.error().detail);
}

}  // namespace

TEST_CASE("a file selection parses bundle.toml's globs and matches whole paths") {
  auto s = tree::FileSelection::parse({"*.safetensors", "**/*.json"}, "--only");
  REQUIRE(s.ok());
  CHECK(s->selects("model.safetensors"));
  CHECK_FALSE(s->selects("sub/model.safetensors"));  // '*' stays within one component
  CHECK(s->selects("config.json"));
  CHECK(s->selects("a/b/config.json"));
  CHECK_FALSE(s->selects("README.md"));
  CHECK(tree::FileSelection().selects("anything"));
  CHECK(s->glob_matching_nothing({"config.json"}) == "*.safetensors");
  CHECK_FALSE(s->glob_matching_nothing({"config.json", "x.safetensors"}).has_value());

  auto bad = tree::FileSelection::parse({"ok", "[ab].bin"}, "--filter");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kInvalidArgument);
  CHECK(bad.error().detail.find("--filter '[ab].bin'") != std::string::npos);
  CHECK_FALSE(tree::FileSelection::parse({"/abs"}, "--only").ok());
  CHECK_FALSE(tree::FileSelection::parse({"../x"}, "--only").ok());
  CHECK_FALSE(tree::FileSelection::parse({"a/./b"}, "--only").ok());
  CHECK_FALSE(tree::FileSelection::parse({"a\\b"}, "--only").ok());
  CHECK(tree::FileSelection::parse(std::vector<std::string>(tree::kMaxSelectionGlobs, "*"), "--only").ok());
  auto many = tree::FileSelection::parse(std::vector<std::string>(tree::kMaxSelectionGlobs + 1, "*"), "--only");
  REQUIRE_FALSE(many.ok());
  CHECK(many.error().detail.find("at most 256 globs") != std::string::npos);
}

TEST_CASE("extract with a filter writes the matching files and .modelseal/, checks them all") {
  TempDir dir;
  const stdfs::path bundle = build_plain_example(dir);
  auto r = extract_bundle(bundle, dir / "out", {}, {"*.safetensors", "config.json"});
  REQUIRE_MESSAGE(r.ok(), r.error().detail);
  CHECK(stdfs::exists(dir / "out/model.safetensors"));
  CHECK(stdfs::exists(dir / "out/config.json"));
  CHECK(stdfs::exists(dir / "out" / kBundleTomlPath));
  CHECK(stdfs::exists(dir / "out" / kModelCardPath));
  CHECK(stdfs::exists(dir / "out" / kManifestPath));
  CHECK_FALSE(stdfs::exists(dir / "out/tokenizer.json"));
  CHECK_FALSE(stdfs::exists(dir / "out/README.md"));
  CHECK(r->absent_files == std::vector<std::string>{"README.md", "tokenizer.json"});
  CHECK(r->file_count == r->files.size());

  // The whole manifest went along: the folder verifies only with a selection.
  check_error(verify_bundle_folder(dir / "out"), ErrorCode::kTampered,
              "'README.md' is listed in the manifest but missing");
  auto partial = verify_bundle_folder(dir / "out", {}, {"*.safetensors", "config.json"});
  REQUIRE_MESSAGE(partial.ok(), partial.error().detail);
  CHECK(partial->absent_files == r->absent_files);
  CHECK(digests_equal(partial->content_digest, r->content_digest));

  // A selected file missing, a present excluded file changed, an unlisted file: refused.
  check_error(verify_bundle_folder(dir / "out", {}, {"*.safetensors", "*.json"}),
              ErrorCode::kTampered, "'tokenizer.json' is listed in the manifest but missing");
  // A present file no glob selects is still checked: a flipped byte, then a changed size.
  std::string readme = test_support::read_bytes(test_support::example_model() / "README.md");
  readme[0] ^= 0x01;
  test_support::write_bytes(dir / "out/README.md", readme);
  check_error(verify_bundle_folder(dir / "out", {}, {"*.safetensors"}), ErrorCode::kTampered,
              "'README.md' does not match the manifest (sha256 mismatch)");
  test_support::write_bytes(dir / "out/README.md", "not the signed readme\n");
  check_error(verify_bundle_folder(dir / "out", {}, {"*.safetensors"}), ErrorCode::kTampered,
              "'README.md' has 22 bytes");
  stdfs::remove(dir / "out/README.md");
  test_support::write_bytes(dir / "out/extra.bin", "x");
  check_error(verify_bundle_folder(dir / "out", {}, {"*.safetensors"}), ErrorCode::kTampered,
              "'extra.bin' is not listed");
  stdfs::remove(dir / "out/extra.bin");
  // .modelseal/ is never excused.
  stdfs::remove(dir / "out" / kModelCardPath);
  check_error(verify_bundle_folder(dir / "out", {}, {"*.safetensors"}), ErrorCode::kTampered,
              "MODEL_CARD.md");
  check_error(verify_bundle_folder(dir / "out", {}, {"*.bin"}), ErrorCode::kTampered,
              "--only '*.bin' matches no file the manifest lists");
}

TEST_CASE("extract with a filter refuses a glob matching nothing and a tampered left-out file") {
  TempDir dir;
  const stdfs::path bundle = build_plain_example(dir);
  check_error(extract_bundle(bundle, dir / "out", {}, {"config.json", "*.bin"}),
              ErrorCode::kTampered, "--filter '*.bin' matches no file the manifest lists");
  CHECK_FALSE(stdfs::exists(dir / "out"));
  check_error(extract_bundle(bundle, dir / "out", {}, {"a{b,c}"}), ErrorCode::kInvalidArgument,
              "braces");

  // tokenizer.json is left out by the filter; one flipped byte of it still fails the extraction.
  std::string bytes = test_support::read_bytes(bundle);  // an uncompressed tar
  const size_t data =
      bytes.find(test_support::read_bytes(test_support::example_model() / "tokenizer.json"));
  REQUIRE(data != std::string::npos);
  bytes[data + 1] ^= 0x01;
  test_support::write_bytes(dir / "t.mbundle", bytes);
  check_error(extract_bundle(dir / "t.mbundle", dir / "out", {}, {"config.json"}),
              ErrorCode::kTampered, "tokenizer.json");
  CHECK_FALSE(stdfs::exists(dir / "out"));
  for (const auto& entry : stdfs::directory_iterator(dir.path()))
    CHECK(entry.path().filename().string().find("extract") == std::string::npos);
}
