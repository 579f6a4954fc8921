#include "formats/model_card_hints/model_hints.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "formats/json/strict_json.hpp"
#include "formats/model_card_hints/front_matter.hpp"
#include "formats/toml/limits.hpp"
#include "formats/toml/text_util.hpp"

namespace modelseal::formats::model_card_hints {
namespace {

constexpr strict_json::JsonLimits kConfigJsonLimits{kMaxConfigJsonBytes, 64, 200000, 1 << 16};

// Generation settings worth showing beside the model card: they shape what users see.
constexpr std::array<std::string_view, 8> kGenerationKeys{
    "do_sample", "temperature", "top_p", "top_k", "num_beams", "repetition_penalty",
    "max_length", "max_new_tokens"};

// Why `value` cannot go into bundle.toml as it is, or nullopt.
std::optional<std::string> unusable(std::string_view value) {
  if (value.size() > kMaxFrontMatterValueBytes)
    return fmt::format("is longer than {} bytes", kMaxFrontMatterValueBytes);
  for (size_t pos = 0; pos < value.size();) {
    char32_t code_point = 0;
    if (!toml_schema::decode_utf8(value, pos, code_point)) return "is not UTF-8";
    if (toml_schema::is_forbidden_code_point(code_point))
      return fmt::format("holds the control character U+{:04X}", static_cast<uint32_t>(code_point));
  }
  if (value.find_first_not_of(" \t\n") == std::string_view::npos) return "is empty";
  if (value.find(toml_schema::kPlaceholder) != std::string_view::npos)
    return fmt::format("holds the text \"{}\"", toml_schema::kPlaceholder);
  return std::nullopt;
}

class Collector {
 public:
  explicit Collector(ModelHints& out) : out_(out) {}

  void warn(std::string message) { out_.warnings.push_back(std::move(message)); }

  // The usable items of `values`, each problem a warning naming `where` and `what`.
  std::vector<std::string> usable(const std::vector<std::string>& values, std::string_view where,
                                  std::string_view what) {
    std::vector<std::string> kept;
    for (const std::string& value : values) {
      if (auto why = unusable(value)) {
        warn(fmt::format("{}: a value of '{}' {}: not used", where, what, *why));
        continue;
      }
      if (std::find(kept.begin(), kept.end(), value) == kept.end()) kept.push_back(value);
    }
    return kept;
  }

  void front_matter(std::string_view readme) {
    FrontMatter matter = read_front_matter(readme);
    for (const FrontMatterWarning& w : matter.warnings)
      warn(fmt::format("{}:{}: {}", kReadmeFile, w.line, w.message));
    auto list = [&](std::string_view key, bool scalar_only) -> std::vector<std::string> {
      auto it = matter.entries.find(std::string(key));
      if (it == matter.entries.end()) return {};
      const FrontMatterEntry& entry = it->second;
      const std::string where = fmt::format("{}:{}", kReadmeFile, entry.line);
      if (entry.kind == FrontMatterKind::kOther ||
          (scalar_only && entry.kind == FrontMatterKind::kList && !entry.items.empty())) {
        warn(fmt::format("{}: '{}' is not {}: not used", where, key,
                         scalar_only ? "a single value" : "a value or a list of values"));
        return {};
      }
      return usable(entry.items, where, key);
    };
    auto single = [&](std::string_view key) -> std::optional<std::string> {
      auto values = list(key, true);
      if (values.empty()) return std::nullopt;
      return values.front();
    };
    out_.license = single("license");
    out_.datasets = list("datasets", false);
    out_.base_models = list("base_model", false);
    out_.base_model_relation = single("base_model_relation");
    out_.languages = list("language", false);
    out_.tags = list("tags", false);
    out_.pipeline_tag = single("pipeline_tag");
  }

  // The top-level object of a JSON file, or nullopt with a warning.
  std::optional<nlohmann::json> json_object(std::string_view text, std::string_view file) {
    strict_json::StrictJson parsed = strict_json::parse_strict_json(text, kConfigJsonLimits);
    if (parsed.problem) {
      warn(fmt::format("{}: not read: {} (at byte {})", file,
                       toml_schema::sanitize_for_display(parsed.problem->message),
                       parsed.problem->offset));
      return std::nullopt;
    }
    if (!parsed.document.is_object()) {
      warn(fmt::format("{}: not read: not a JSON object", file));
      return std::nullopt;
    }
    return std::move(parsed.document);
  }

  std::optional<std::string> json_string(const nlohmann::json& object, std::string_view key,
                                         std::string_view file) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      warn(fmt::format("{}: '{}' is not a string: not used", file, key));
      return std::nullopt;
    }
    auto kept = usable({it->get<std::string>()}, file, key);
    if (kept.empty()) return std::nullopt;
    return kept.front();
  }

  void config(std::string_view text) {
    auto object = json_object(text, kConfigFile);
    if (!object) return;
    if (auto it = object->find("architectures"); it != object->end() && !it->is_null()) {
      std::vector<std::string> names;
      bool strings = it->is_array() && it->size() <= kMaxFrontMatterListItems;
      for (size_t i = 0; strings && i < it->size(); ++i) {
        if (!(*it)[i].is_string()) strings = false;
        else names.push_back((*it)[i].get<std::string>());
      }
      if (strings) {
        out_.architectures = usable(names, kConfigFile, "architectures");
      } else {
        warn(fmt::format("{}: 'architectures' is not a list of at most {} names: not used",
                         kConfigFile, kMaxFrontMatterListItems));
      }
    }
    out_.model_type = json_string(*object, "model_type", kConfigFile);
    out_.name_or_path = json_string(*object, "_name_or_path", kConfigFile);
  }

  void generation_config(std::string_view text) {
    auto object = json_object(text, kGenerationConfigFile);
    if (!object) return;
    for (std::string_view key : kGenerationKeys) {
      auto it = object->find(key);
      if (it == object->end() || !(it->is_boolean() || it->is_number())) continue;
      out_.generation_settings.push_back(fmt::format("{} = {}", key, strict_json::dump(*it)));
    }
  }

 private:
  ModelHints& out_;
};

}  // namespace

ModelHints collect_model_hints(const HintSources& sources) {
  ModelHints hints;
  Collector collector(hints);
  if (sources.readme) collector.front_matter(*sources.readme);
  if (sources.config) collector.config(*sources.config);
  if (sources.generation_config) collector.generation_config(*sources.generation_config);
  return hints;
}

}  // namespace modelseal::formats::model_card_hints
