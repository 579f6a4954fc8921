// What a Hugging Face style model folder already says about its model, for
// `modelseal init` to pre-fill bundle.toml: README.md's YAML front matter,
// config.json and generation_config.json. Every value kept is UTF-8 text of at
// most kMaxFrontMatterValueBytes, with no control character other than tab and
// newline, no bidirectional override and no template placeholder; anything
// else, and any file that is not what it should be, becomes a warning.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelseal::formats::model_card_hints {

inline constexpr std::string_view kReadmeFile = "README.md";
inline constexpr std::string_view kConfigFile = "config.json";
inline constexpr std::string_view kGenerationConfigFile = "generation_config.json";

// Largest config.json and generation_config.json read.
inline constexpr size_t kMaxConfigJsonBytes = 1 << 20;

// The texts of the files, nullopt when absent or unreadable. `readme` may be a
// prefix of README.md of at least kMaxFrontMatterBytes + 8 bytes.
struct HintSources {
  std::optional<std::string_view> readme;
  std::optional<std::string_view> config;
  std::optional<std::string_view> generation_config;
};

struct ModelHints {
  // README.md's front matter.
  std::optional<std::string> license;
  std::vector<std::string> datasets;  // in order, without repeats
  std::vector<std::string> base_models;
  std::optional<std::string> base_model_relation;
  std::vector<std::string> languages;
  std::vector<std::string> tags;
  std::optional<std::string> pipeline_tag;
  // config.json.
  std::vector<std::string> architectures;
  std::optional<std::string> model_type;
  std::optional<std::string> name_or_path;  // `_name_or_path`
  // generation_config.json: its sampling and length settings, "temperature = 0.7".
  std::vector<std::string> generation_settings;
  // "README.md:3: ...", "config.json: ...": safe to print (no raw control characters).
  std::vector<std::string> warnings;
};

ModelHints collect_model_hints(const HintSources& sources);

}  // namespace modelseal::formats::model_card_hints
