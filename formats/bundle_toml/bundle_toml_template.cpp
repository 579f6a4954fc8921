// bundle_toml_template: the commented bundle.toml written by `modelseal init`,
// pre-filled with what the folder already says (model_card_hints). A required
// value that must come from a person holds the "FILL ME" placeholder (a string
// even where a date or boolean belongs), so the file parses as TOML but fails
// validation until it is filled in; optional tables and keys are commented
// out, so they never block a build. Keys mirror specs/bundle-toml-v1.md.
#include <string>

#include <fmt/format.h>

#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/toml_text.hpp"
#include "formats/bundle_toml/validators.hpp"
#include "formats/model_card_hints/hf_license.hpp"

namespace modelseal::formats {
namespace {

using bundle_toml_internal::toml_basic_string;
using model_card_hints::kConfigFile;
using model_card_hints::kGenerationConfigFile;
using model_card_hints::kReadmeFile;
using model_card_hints::ModelHints;

constexpr std::string_view kHead = R"(# bundle.toml: what modelseal needs to know about this model.
# Schema: modelseal.bundle/v1 (specs/bundle-toml-v1.md). Replace every
# "FILL ME" value; modelseal refuses to build the folder until none is left.
# Lines starting "# key =" and "# [table]" are optional: uncomment those that apply.
# ETSI EN 304 223 principles referenced below: P4 human responsibility,
# P5 asset inventory, P7 supply chain, P8 documentation of data, models and
# prompts, P9 testing and evaluation, P10 end-user communication.
schema = "modelseal.bundle/v1"
)";

// Most items of a list shown in a comment.
constexpr size_t kMaxShownItems = 16;

// A Hugging Face repository id: [A-Za-z0-9._-]+ with at most one '/' inside.
bool is_hf_id(std::string_view name) {
  if (name.empty() || name.size() > 200) return false;
  size_t slashes = 0;
  for (char c : name) {
    if (c == '/') {
      ++slashes;
      continue;
    }
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  if (slashes > 1 || name.front() == '/' || name.back() == '/') return false;
  // No "." or ".." component: they would walk the URL's path.
  for (size_t start = 0; start <= name.size();) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

// "https://huggingface.co/<prefix><id>" when `id` is a plain Hugging Face id and the URI is valid.
std::optional<std::string> hf_url(std::string_view prefix, std::string_view id) {
  if (!is_hf_id(id)) return std::nullopt;
  std::string url = fmt::format("https://huggingface.co/{}{}", prefix, id);
  if (bundle_toml_internal::check_source_uri(url)) return std::nullopt;
  return url;
}

// `items` quoted and joined by ", ", at most kMaxShownItems of them.
std::string shown_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < kMaxShownItems; ++i) {
    if (i > 0) out += ", ";
    out += toml_basic_string(items[i]);
  }
  if (items.size() > kMaxShownItems) out += fmt::format(", ... ({} in all)", items.size());
  return out;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

// "A text-classification model (BertForSequenceClassification, bert); language: en."
std::optional<std::string> description_draft(const ModelHints& hints) {
  std::vector<std::string> kinds = hints.architectures;
  if (hints.model_type) kinds.push_back(*hints.model_type);
  if (!hints.pipeline_tag && kinds.empty() && hints.languages.empty()) return std::nullopt;
  std::string text;
  if (hints.pipeline_tag) {
    const char first = hints.pipeline_tag->front();
    text = fmt::format("{} {} model", std::string_view("aeiouAEIOU").find(first) != std::string_view::npos ? "An" : "A",
                       *hints.pipeline_tag);
  } else {
    text = "A model";
  }
  if (!kinds.empty()) text += " (" + joined(kinds, ", ") + ")";
  if (!hints.languages.empty())
    text += fmt::format("; language{}: {}", hints.languages.size() > 1 ? "s" : "",
                        joined(hints.languages, ", "));
  text += ".";
  return text;
}

class TemplateWriter {
 public:
  TemplateWriter(BundleTomlTemplate& out) : out_(out) {}

  void line(std::string_view text = {}) {
    out_.text += text;
    out_.text += '\n';
  }
  void comment(std::string_view text) { line(fmt::format("# {}", text)); }
  void value(std::string_view key, std::string_view text) {
    line(fmt::format("{} = {}", key, toml_basic_string(text)));
  }
  // A required value a person must write, after the comment saying why it is asked for.
  void placeholder(std::string_view key, std::string_view why, std::string_view what, bool array = false) {
    comment(why);
    const std::string quoted = toml_basic_string(fmt::format("FILL ME: {}", what));
    line(fmt::format("{} = {}", key, array ? "[" + quoted + "]" : quoted));
    ++out_.placeholders;
  }
  void prefilled(std::string note) { out_.prefilled.push_back(std::move(note)); }
  void warn(std::string note) { out_.warnings.push_back(std::move(note)); }

 private:
  BundleTomlTemplate& out_;
};

void write_model(TemplateWriter& w, std::string_view model_name, const ModelHints& hints) {
  w.line();
  w.comment("Identity of the model (ETSI EN 304 223 P5, asset inventory).");
  w.line("[model]");
  if (!bundle_toml_internal::check_model_name(model_name)) {
    w.comment("Used in file names: lower-case letters, digits, '.', '_', '-' (max 128).");
    w.value("name", model_name);
  } else {
    w.placeholder("name", "What the model is called (ETSI EN 304 223 P5, asset inventory), used in file names: "
                          "lower-case letters, digits, '.', '_', '-' (max 128).",
                  "model-name");
  }
  w.comment("Semantic version 2.0.0: MAJOR.MINOR.PATCH[-pre.release][+build].");
  w.value("version", "0.1.0");

  std::optional<std::string> license;
  if (hints.license) {
    model_card_hints::LicenseMapping mapping = model_card_hints::map_hf_license(*hints.license);
    if (mapping.spdx && !bundle_toml_internal::check_spdx_expression(*mapping.spdx)) {
      license = mapping.spdx;
    } else {
      w.warn(fmt::format("{}: license {}: {}; model.license is left to fill", kReadmeFile,
                         toml_basic_string(*hints.license),
                         mapping.why_not.empty() ? "not an SPDX expression" : mapping.why_not));
    }
  }
  const std::string_view license_why =
      "The terms the model is offered under (ETSI EN 304 223 P7, supply chain): an SPDX expression "
      "such as \"Apache-2.0\" or \"MIT OR Apache-2.0\"; LicenseRef-<name> for other terms.";
  if (license) {
    w.comment(license_why);
    w.comment(fmt::format("From {} (license: {}): check it.", kReadmeFile, toml_basic_string(*hints.license)));
    w.value("license", *license);
    w.prefilled(fmt::format("license {} from {}", *license, kReadmeFile));
  } else {
    if (hints.license)
      w.comment(fmt::format("{} says license: {}.", kReadmeFile, toml_basic_string(*hints.license)));
    w.placeholder("license", license_why, "SPDX license expression");
  }

  if (auto draft = description_draft(hints)) {
    std::vector<std::string> from;
    if (hints.pipeline_tag || !hints.languages.empty()) from.emplace_back(kReadmeFile);
    if (!hints.architectures.empty() || hints.model_type) from.emplace_back(kConfigFile);
    const std::string sources = joined(from, " and ");
    w.comment(fmt::format("What the model does (ETSI EN 304 223 P8, model documentation). A draft from {}:",
                          sources));
    w.comment("rewrite it in one or two sentences of your own.");
    w.value("description", *draft);
    w.prefilled(fmt::format("description (a draft to rewrite) from {}", sources));
  } else {
    w.placeholder("description", "What the model does, in one or two sentences (ETSI EN 304 223 P8, model "
                                 "documentation).",
                  "what the model does");
  }
  w.placeholder("authors", "Who made the model (ETSI EN 304 223 P5, asset inventory): people or teams.",
                "author name", true);
  w.placeholder("supplier", "Who answers for the model (ETSI EN 304 223 P7, supply chain): the organisation "
                            "that supplies it.",
                "supplier organisation");
  w.placeholder("security_contact", "Where to report the model's vulnerabilities (ETSI EN 304 223 P7, supply "
                                    "chain): an email address or an https URL.",
                "security@your-domain");
}

void write_base(TemplateWriter& w, const ModelHints& hints) {
  w.line();
  if (hints.base_models.empty()) {
    w.comment("The model this one derives from (ETSI EN 304 223 P7, supply chain). Optional: uncomment");
    w.comment("the table if there is one.");
    if (hints.name_or_path)
      w.comment(fmt::format("{} names {} (_name_or_path): the base model, if this one derives from it.",
                            kConfigFile, toml_basic_string(*hints.name_or_path)));
    w.comment("[model.base]");
    w.comment("name = \"base model name\"");
    w.comment("digest = \"sha256:<64 lower-case hex digits of its weights or bundle>\"");
    w.comment("relation = \"finetune\"   # or quantized, distilled, adapter, merge, other");
    w.comment("source_url = \"https://...\"   # optional: where it was obtained");
    return;
  }
  w.comment(fmt::format("The model this one derives from (ETSI EN 304 223 P7, supply chain): named by {} "
                        "(base_model).",
                        kReadmeFile));
  w.line("[model.base]");
  const std::string name = joined(hints.base_models, ", ");
  w.value("name", name);
  w.placeholder("digest", "Which exact base model (ETSI EN 304 223 P7, supply chain): \"sha256:\" and 64 "
                          "lower-case hex digits of its weights or bundle.",
                "sha256:...");
  const std::string_view relation_why =
      "How this model derives from it (ETSI EN 304 223 P7, supply chain): finetune, quantized, distilled, "
      "adapter, merge or other.";
  std::string note = fmt::format("base model {}", toml_basic_string(name));
  const auto& relation = hints.base_model_relation;
  if (relation && !bundle_toml_internal::check_base_relation(*relation)) {
    w.comment(fmt::format("From {} (base_model_relation). {}", kReadmeFile, relation_why));
    w.value("relation", *relation);
    note += fmt::format(", relation {}", *relation);
  } else {
    if (relation)
      w.warn(fmt::format("{}: base_model_relation {} is not one of finetune, quantized, distilled, adapter, "
                         "merge, other; model.base.relation is left to fill",
                         kReadmeFile, toml_basic_string(*relation)));
    w.placeholder("relation", relation_why, "finetune, quantized, distilled, adapter, merge or other");
  }
  auto url = hints.base_models.size() == 1 ? hf_url("", hints.base_models.front()) : std::nullopt;
  if (url) {
    w.comment("Where the base model was obtained (optional): its Hugging Face page, from base_model.");
    w.value("source_url", *url);
    note += " and its source_url";
  } else {
    w.comment("source_url = \"https://...\"   # optional: where the base model was obtained");
  }
  w.prefilled(fmt::format("{} from {}", note, kReadmeFile));
}

void write_card(TemplateWriter& w, const ModelHints& hints) {
  w.line();
  w.comment("The model card (ETSI EN 304 223 P8, model documentation; P10, end-user communication).");
  w.line("[card]");
  std::vector<std::string> said;
  if (hints.pipeline_tag) said.push_back("pipeline_tag " + toml_basic_string(*hints.pipeline_tag));
  if (!hints.languages.empty()) said.push_back("language " + shown_list(hints.languages));
  if (!hints.tags.empty()) said.push_back("tags " + shown_list(hints.tags));
  if (!said.empty()) {
    w.comment(fmt::format("{} says: {}.", kReadmeFile, joined(said, "; ")));
    w.prefilled(fmt::format("pipeline_tag, language and tags from {} (a comment in [card])", kReadmeFile));
  }
  w.placeholder("intended_use", "What the model is for, and for whom (ETSI EN 304 223 P8, model "
                                "documentation; P10, end-user communication).",
                "the intended use and users");
  w.placeholder("prohibited_uses", "What it must never be used for (ETSI EN 304 223 P10, end-user "
                                   "communication): at least one.",
                "a prohibited use", true);
  w.placeholder("limitations", "Where it falls short (ETSI EN 304 223 P10, end-user communication): at "
                               "least one.",
                "a known limitation", true);
  w.comment("Optional: uses it was not designed or tested for.");
  w.comment("out_of_scope_uses = [\"an out-of-scope use\"]");
  w.comment("Optional: how it is known to fail.");
  w.comment("failure_modes = [\"a failure mode\"]");
  w.comment("Optional: safeguards around it (input filters, thresholds, ...).");
  if (!hints.generation_settings.empty()) {
    w.comment(fmt::format("{} sets {}.", kGenerationConfigFile, joined(hints.generation_settings, ", ")));
    w.prefilled(fmt::format("generation settings from {} (a comment in [card])", kGenerationConfigFile));
  }
  w.comment("guardrails = [\"a guardrail\"]");
  w.comment("Recommended: how people oversee its outputs (ETSI EN 304 223 P4, human responsibility).");
  w.comment("human_oversight = \"how people oversee the outputs\"");

  w.line();
  w.comment("Evaluation results (ETSI EN 304 223 P9, testing and evaluation), one table per result.");
  w.comment("Recommended: uncomment and repeat.");
  w.comment("[[card.evaluation]]");
  w.comment("metric = \"accuracy\"");
  w.comment("value = 0.91   # a number, or a string such as \"23/30 correct\"");
  w.comment("dataset = \"name of a [[dataset]] below\"");
  w.comment("date = 2026-09-12   # unquoted; or an offset date-time");
}

void write_dataset(TemplateWriter& w, const std::string* name) {
  w.line();
  w.line("[[dataset]]");
  if (name != nullptr) {
    w.value("name", *name);
  } else {
    w.placeholder("name", "Which data (ETSI EN 304 223 P8, documentation of data): a short name, unique in "
                          "this file.",
                  "short unique name");
  }
  w.placeholder("role", "How the data was used (ETSI EN 304 223 P8, documentation of data).",
                "train, finetune or eval");
  auto url = name != nullptr ? hf_url("datasets/", *name) : std::nullopt;
  if (url) {
    w.comment("Where the data was obtained (ETSI EN 304 223 P8): its Hugging Face page. Check it.");
    w.value("source_url", *url);
  } else {
    w.placeholder("source_url", "Where the data was obtained (ETSI EN 304 223 P8, documentation of data): "
                                "an absolute URI (https://, s3://, hf:, urn:...).",
                  "https://...");
  }
  w.placeholder("retrieved_at", "When it was retrieved (ETSI EN 304 223 P8 asks for the date and time): an "
                                "offset date-time, unquoted.",
                "date-time, unquoted, e.g. 2026-09-12T10:00:00Z");
  w.placeholder("license", "The data's terms (ETSI EN 304 223 P8, documentation of data): an SPDX "
                           "expression, LicenseRef-<name> for other terms.",
                "SPDX license expression");
  w.placeholder("custodian", "Who answers for the data (ETSI EN 304 223 P8, documentation of data).",
                "data custodian");
  w.placeholder("personal_data", "Whether it holds personal data (ETSI EN 304 223 P8, documentation of "
                                 "data): true or false, unquoted.",
                "true or false, unquoted");
  w.comment("Optional: sha256 of the data as retrieved, and its known biases.");
  w.comment("digest = \"sha256:<64 lower-case hex digits>\"");
  w.comment("known_bias = \"known biases of the data\"");
}

void write_datasets(TemplateWriter& w, const ModelHints& hints) {
  w.line();
  w.comment("Every dataset used to train, fine-tune or evaluate the model, one [[dataset]] table");
  w.comment("each, at least one (ETSI EN 304 223 P8, documentation of data).");
  if (hints.datasets.empty()) {
    write_dataset(w, nullptr);
    return;
  }
  w.comment(fmt::format("Named by {} (datasets): add any it does not name.", kReadmeFile));
  size_t with_url = 0;
  for (const std::string& name : hints.datasets) {
    write_dataset(w, &name);
    if (hf_url("datasets/", name)) ++with_url;
  }
  w.prefilled(fmt::format("{} {} from {}{}", hints.datasets.size(),
                          hints.datasets.size() == 1 ? "dataset" : "datasets", kReadmeFile,
                          with_url == 0 ? ""
                                        : fmt::format(" ({} with a Hugging Face source_url)", with_url)));
}

void write_rest(TemplateWriter& w) {
  w.line();
  w.comment("What happens to end-users' data when the model is used (ETSI EN 304 223 P10).");
  w.line("[transparency]");
  w.placeholder("data_use", "How users' inputs and outputs are used, e.g. whether they train future "
                            "models (ETSI EN 304 223 P10, end-user communication).",
                "how end-users' inputs and outputs are used");
  w.placeholder("data_storage", "Where and how they are stored (ETSI EN 304 223 P10, end-user "
                                "communication).",
                "where and how they are stored");
  w.placeholder("data_retention", "How long they are kept (ETSI EN 304 223 P10, end-user communication).",
                "how long they are kept, and how to have them deleted");
  w.line();
  w.comment("Which files of this folder are the payload (ETSI EN 304 223 P5, asset inventory):");
  w.comment("relative '/'-separated globs with *, ** and ?. Optional; the default includes all.");
  w.line("[payload]");
  w.line("include = [\"**\"]");
  w.line("exclude = []");
}

}  // namespace

BundleTomlTemplate bundle_toml_template(std::string_view model_name, const ModelHints& hints) {
  BundleTomlTemplate out;
  out.text = kHead;
  TemplateWriter w(out);
  write_model(w, model_name, hints);
  write_base(w, hints);
  write_card(w, hints);
  write_datasets(w, hints);
  write_rest(w);
  return out;
}

std::string bundle_toml_template(std::string_view model_name) {
  return bundle_toml_template(model_name, ModelHints{}).text;
}

}  // namespace modelseal::formats
