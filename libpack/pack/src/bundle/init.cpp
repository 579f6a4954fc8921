// `modelseal init`: bundle.toml pre-filled from what the folder already says
// (README.md's front matter, config.json, generation_config.json). Those files
// are read only when they are regular files (never through a link, never a
// FIFO or device) and only up to a bound; any problem with them is a warning.
#include <optional>

#include "base/file_io.hpp"
#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/model_card_hints/front_matter.hpp"
#include "formats/model_card_hints/model_hints.hpp"
#include "modelseal/bundle.hpp"

namespace modelseal {
namespace {

namespace hints = formats::model_card_hints;

// Room after the front matter's bound for a byte-order mark and the closing line.
constexpr size_t kReadmeSlack = 16;

// The first `max_bytes` of `dir/name` (all of it with !`prefix`), nullopt when
// the file is absent or cannot be read (then a warning).
std::optional<std::string> read_hint_file(const std::filesystem::path& dir, std::string_view name,
                                          size_t max_bytes, bool prefix,
                                          std::vector<std::string>& warnings) {
  const std::filesystem::path path = dir / name;
  std::error_code ec;
  if (std::filesystem::symlink_status(path, ec).type() == std::filesystem::file_type::not_found)
    return std::nullopt;  // absent: nothing to say
  auto fd = fs::open_for_reading(path, fs::Links::kRefuse);
  if (!fd.ok()) {
    warnings.push_back(std::string(name) + ": not read: " + fd.error().detail);
    return std::nullopt;
  }
  std::string text;
  uint8_t buffer[16384];
  for (;;) {
    auto n = fs::read_some(fd->get(), buffer, path);
    if (!n.ok()) {
      warnings.push_back(std::string(name) + ": not read: " + n.error().detail);
      return std::nullopt;
    }
    if (*n == 0) break;
    if (text.size() + *n > max_bytes) {
      if (prefix) {
        text.append(reinterpret_cast<const char*>(buffer), max_bytes - text.size());
        break;
      }
      warnings.push_back(std::string(name) + ": not read: larger than " + std::to_string(max_bytes) +
                         " bytes");
      return std::nullopt;
    }
    text.append(reinterpret_cast<const char*>(buffer), *n);
  }
  return text;
}

}  // namespace

Result<InitResult> write_bundle_toml_template(const std::filesystem::path& model_dir,
                                              std::string_view model_name, bool overwrite) {
  const std::filesystem::path target = model_dir / "bundle.toml";
  MS_TRY(fs::check_output_path(target, overwrite));  // before reading anything
  InitResult result;
  const auto readme = read_hint_file(model_dir, hints::kReadmeFile,
                                     hints::kMaxFrontMatterBytes + kReadmeSlack, true, result.warnings);
  const auto config = read_hint_file(model_dir, hints::kConfigFile, hints::kMaxConfigJsonBytes, false,
                                     result.warnings);
  const auto generation = read_hint_file(model_dir, hints::kGenerationConfigFile,
                                         hints::kMaxConfigJsonBytes, false, result.warnings);
  hints::HintSources sources;
  if (readme) sources.readme = *readme;
  if (config) sources.config = *config;
  if (generation) sources.generation_config = *generation;
  hints::ModelHints found = hints::collect_model_hints(sources);
  formats::BundleTomlTemplate generated = formats::bundle_toml_template(model_name, found);

  MS_TRY(fs::write_file_atomically(
      target, {reinterpret_cast<const uint8_t*>(generated.text.data()), generated.text.size()}, overwrite));
  result.bundle_toml = target;
  result.prefilled = std::move(generated.prefilled);
  for (auto& warning : found.warnings) result.warnings.push_back(std::move(warning));
  for (auto& warning : generated.warnings) result.warnings.push_back(std::move(warning));
  result.placeholders = generated.placeholders;
  return result;
}

}  // namespace modelseal
