#include <doctest/doctest.h>
#include <zstd.h>

#include "modelseal/bundle.hpp"
#include "test_support.hpp"

using namespace modelseal;
using test_support::TempDir;

namespace {

struct Region {
  size_t begin, end;
};

// Data regions of every entry of an uncompressed tar (the bytes a flip must never slip through).
std::vector<Region> data_regions(const std::string& tar) {
  std::vector<Region> regions;
  size_t offset = 0;
  while (offset + 512 <= tar.size() && tar[offset] != '\0') {
    uint64_t size = std::stoull(tar.substr(offset + 124, 11), nullptr, 8);
    char type = tar[offset + 156];
    if (type == '0') regions.push_back({offset + 512, offset + 512 + size});
    offset += 512 + (size + 511) / 512 * 512;
  }
  return regions;
}

Result<BuildResult> build_example(const std::filesystem::path& out, std::string_view compression) {
  BuildOptions options;
  options.model_dir = test_support::example_model();
  options.output = out;
  options.compression = *parse_compression(compression);
  return build_bundle(options);
}

}  // namespace

TEST_CASE("build, inspect, verify and extract the example model") {
  TempDir dir;
  auto built = build_example(dir / "m.mbundle", "zstd");
  REQUIRE_MESSAGE(built.ok(), built.error().detail);
  CHECK(built->files.size() >= 4);

  auto info = inspect_bundle(dir / "m.mbundle");
  REQUIRE(info.ok());
  CHECK(info->name == built->metadata.name);
  CHECK(digests_equal(info->content_digest, built->content_digest));
  CHECK(info->model_card_markdown.find(built->metadata.name) != std::string::npos);

  auto verified = verify_bundle(dir / "m.mbundle");
  REQUIRE(verified.ok());
  CHECK(verified->file_count == built->files.size());
  CHECK(digests_equal(*read_bundle_digest(dir / "m.mbundle"), built->content_digest));

  auto extracted = extract_bundle(dir / "m.mbundle", dir / "out");
  REQUIRE(extracted.ok());
  auto folder = digest_folder(dir / "out", {});
  REQUIRE(folder.ok());
  CHECK(digests_equal(folder->root, built->content_digest));
  CHECK(verify_bundle_folder(dir / "out").ok());
}

// extract reads through the same stream_bundle as verify: a sample of the flips is enough for it.
TEST_CASE("every flipped byte of payload or manifest is caught by verify, a sample by extract") {
  TempDir dir;
  REQUIRE(build_example(dir / "plain.mbundle", "none").ok());
  const std::string original = test_support::read_bytes(dir / "plain.mbundle");
  auto regions = data_regions(original);
  REQUIRE(regions.size() >= 5);  // manifest, bundle.toml, MODEL_CARD.md and payload
  size_t flips = 0;
  for (const Region& r : regions) {
    for (size_t i = r.begin; i < r.end; ++i) {
      std::string tampered = original;
      tampered[i] = static_cast<char>(tampered[i] ^ 0x20);
      test_support::write_bytes(dir / "t.mbundle", tampered);
      if (verify_bundle(dir / "t.mbundle").ok()) FAIL_CHECK("verify missed the flip at " << i);
      ++flips;
      const bool sampled = i == r.begin || i + 1 == r.end || (i - r.begin) % 32 == 0;
      if (!sampled) continue;
      if (extract_bundle(dir / "t.mbundle", dir / "out").ok()) FAIL_CHECK("extract missed the flip at " << i);
      if (std::filesystem::exists(dir / "out")) FAIL_CHECK("extract left files after the flip at " << i);
    }
  }
  MESSAGE("flipped " << flips << " bytes");
}

TEST_CASE("a flipped byte in a compressed bundle is caught or changes nothing") {
  TempDir dir;
  REQUIRE(build_example(dir / "z.mbundle", "zstd").ok());
  REQUIRE(build_example(dir / "plain.mbundle", "none").ok());
  const std::string original = test_support::read_bytes(dir / "z.mbundle");
  const std::string tar = test_support::read_bytes(dir / "plain.mbundle");
  size_t caught = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    std::string tampered = original;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    test_support::write_bytes(dir / "t.mbundle", tampered);
    if (!verify_bundle(dir / "t.mbundle").ok()) {
      ++caught;
      continue;
    }
    // Accepted: then the archive inside must be exactly the original one.
    std::string out(tar.size() + 1, '\0');
    size_t n = ZSTD_decompress(out.data(), out.size(), tampered.data(), tampered.size());
    REQUIRE_FALSE(ZSTD_isError(n));
    CHECK_MESSAGE(out.substr(0, n) == tar, "flip at " << i << " accepted with other content");
  }
  CHECK(caught > original.size() * 9 / 10);
}

TEST_CASE("a failed extraction leaves nothing behind") {
  TempDir dir;
  REQUIRE(build_example(dir / "plain.mbundle", "none").ok());
  std::string bytes = test_support::read_bytes(dir / "plain.mbundle");
  auto regions = data_regions(bytes);
  bytes[regions.back().begin] ^= 1;  // last payload file: earlier files were already written
  test_support::write_bytes(dir / "t.mbundle", bytes);
  auto r = extract_bundle(dir / "t.mbundle", dir / "out");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTampered);
  CHECK_FALSE(std::filesystem::exists(dir / "out"));
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    CHECK(entry.path().filename().string().find("extract") == std::string::npos);
}

TEST_CASE("compression settings parse strictly") {
  CHECK(parse_compression("zstd")->level == 1);
  CHECK(parse_compression("zstd:19")->level == 19);
  CHECK(parse_compression("none")->kind == CompressionKind::kNone);
  for (const char* bad : {"zstd:0", "zstd:20", "zstd:", "zstd:3x", "gzip", ""})
    CHECK_FALSE(parse_compression(bad).ok());
}

TEST_CASE("check_model_folder lists every problem of bundle.toml, then of the payload") {
  TempDir dir;
  const std::filesystem::path folder = dir / "m";
  std::filesystem::copy(test_support::example_model(), folder);
  auto clean = check_model_folder(folder);
  REQUIRE_MESSAGE(clean.ok(), clean.error().detail);
  CHECK(clean->problems.empty());
  CHECK(clean->problem_count == 0);

  const std::filesystem::path toml = folder / "bundle.toml";
  std::string text = test_support::read_bytes(toml);
  auto replace = [&](std::string_view from, std::string_view to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("version = \"1.2.0\"", "version = \"1.2\"");
  replace("[transparency]\n", "[transparency]\ncolour = 1\n");
  test_support::write_bytes(toml, text);
  auto broken = check_model_folder(folder);
  REQUIRE(broken.ok());
  REQUIRE(broken->problems.size() == 2);
  CHECK(broken->problem_count == 2);
  CHECK(broken->problems[0].starts_with(toml.string() + ":8:11: invalid value for 'model.version'"));
  CHECK(broken->problems[1].find(": unknown key 'transparency.colour'") != std::string::npos);
  // The same problems field by field (lint --json).
  REQUIRE(broken->located.size() == 2);
  CHECK(broken->located[0].file == toml.string());
  CHECK(broken->located[0].line == 8);
  CHECK(broken->located[0].column == 11);
  CHECK(broken->located[0].message.starts_with("invalid value for 'model.version'"));
  const FolderProblem& second = broken->located[1];
  CHECK(broken->problems[1] == second.file + ":" + std::to_string(second.line) + ":" +
                                   std::to_string(second.column) + ": " + second.message);
  // The build stops at the same problems, all of them in one error (exit 2: configuration).
  BuildOptions options;
  options.model_dir = folder;
  options.output = dir / "m.mbundle";
  auto built = build_bundle(options);
  REQUIRE_FALSE(built.ok());
  CHECK(built.error().code == ErrorCode::kInvalidConfig);
  CHECK(built.error().detail == broken->problems[0] + "\n" + broken->problems[1]);
  CHECK_FALSE(std::filesystem::exists(dir / "m.mbundle"));

  // bundle.toml valid, the payload empty: the one problem of the payload.
  std::filesystem::copy_file(test_support::example_model() / "bundle.toml", toml,
                             std::filesystem::copy_options::overwrite_existing);
  text = test_support::read_bytes(toml);
  replace("include = [\"config.json\", \"tokenizer.json\", \"model.safetensors\", \"README.md\"]",
          "include = [\"nothing/*\"]");
  test_support::write_bytes(toml, text);
  auto empty = check_model_folder(folder);
  REQUIRE(empty.ok());
  REQUIRE(empty->problems.size() == 1);
  CHECK(empty->problems[0].find("no payload file selected") != std::string::npos);
  REQUIRE(empty->located.size() == 1);
  CHECK(empty->located[0].file == toml.string());
  CHECK(empty->located[0].line == 0);
  CHECK(empty->located[0].message.starts_with("no payload file selected"));

  // A TOML syntax error: one problem, at its line and column.
  test_support::write_bytes(toml, text + "\n[broken\n");
  auto syntax = check_model_folder(folder);
  REQUIRE(syntax.ok());
  REQUIRE(syntax->located.size() == 1);
  CHECK(syntax->located[0].file == toml.string());
  CHECK(syntax->located[0].line > 1);
  CHECK(syntax->problems[0].starts_with(toml.string() + ":" + std::to_string(syntax->located[0].line) + ":" +
                                        std::to_string(syntax->located[0].column) + ": "));
  CHECK(syntax->problems[0].ends_with(syntax->located[0].message));

  // Nothing could be checked: errors, not problems.
  CHECK_FALSE(check_model_folder(dir / "absent").ok());
  std::filesystem::remove(toml);
  std::filesystem::create_symlink(test_support::example_model() / "bundle.toml", toml);
  auto linked = check_model_folder(folder);
  REQUIRE_FALSE(linked.ok());
  CHECK(linked.error().code == ErrorCode::kInvalidArgument);
  CHECK(linked.error().detail.find("symbolic link") != std::string::npos);
}
