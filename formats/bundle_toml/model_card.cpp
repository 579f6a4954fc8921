// The model card renderers: MODEL_CARD.md for bundles (its bytes are specified
// in specs/bundle-toml-v1.md, section 7, with vectors in tests/vectors/model-card)
// and plain text for terminals. Both are pure functions of the metadata (no
// clock, no locale), and pass every string through sanitize_for_display, so
// metadata that did not come from parse_bundle_toml cannot inject control
// sequences (for parsed metadata it changes nothing).
#include "formats/bundle_toml/model_card.hpp"

#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "formats/toml/text_util.hpp"

namespace modelseal::formats {

namespace {

using toml_schema::sanitize_for_display;

constexpr std::string_view kNoneDeclared = "None declared.";

// Sanitised text on one line: newlines and tabs become spaces.
std::string one_line(std::string_view text) {
  std::string out = sanitize_for_display(text);
  for (char& c : out)
    if (c == '\n' || c == '\t') c = ' ';
  return out;
}

// Sanitised text with every line after the first prefixed by `indent`.
std::string indent_continuation(std::string_view text, std::string_view indent) {
  std::string out;
  for (char c : sanitize_for_display(text)) {
    out.push_back(c);
    if (c == '\n') out += indent;
  }
  return out;
}

// Code points in UTF-8 `text`: the width of an underline for it.
size_t display_length(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return count;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// ---- Markdown (specs/bundle-toml-v1.md, section 7) ------------------------

// Characters preceded by a backslash wherever they occur in a value: every one
// that can start inline HTML, a link, an image, emphasis, code, a heading, a
// block quote, a table cell, strikethrough, an entity or math.
constexpr std::string_view kMarkdownEscaped = "\\`*_[]<>#|~&$";

constexpr std::string_view kBlank = " \t\n";

// A metadata value as Markdown inline text on one line (section 7.1).
std::string md_text(std::string_view value) {
  const size_t first = value.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  value = value.substr(first, value.find_last_not_of(kBlank) - first + 1);
  std::string out;
  for (char c : sanitize_for_display(value)) {
    if (c == '\t') {
      out.push_back(' ');
    } else if (c == '\n') {
      out += "<br>";
    } else {
      if (kMarkdownEscaped.find(c) != std::string_view::npos) out.push_back('\\');
      out.push_back(c);
    }
  }
  if (out.starts_with('-') || out.starts_with('+')) out.insert(out.begin(), '\\');
  return out;
}

// A value that may be absent: its text, or "-".
std::string md_optional(const std::optional<std::string>& value) {
  return value ? md_text(*value) : std::string("-");
}

void md_heading(std::string& out, std::string_view title) { out += fmt::format("\n## {}\n\n", title); }

// One table row of already rendered cells.
void md_row(std::string& out, const std::vector<std::string>& cells) {
  out += "|";
  for (const std::string& c : cells) out += " " + c + " |";
  out += "\n";
}

void md_table_head(std::string& out, const std::vector<std::string>& headers) {
  md_row(out, headers);
  out += "|";
  for (size_t i = 0; i < headers.size(); ++i) out += " --- |";
  out += "\n";
}

void md_paragraph(std::string& out, std::string_view text) {
  out += text.empty() ? std::string(kNoneDeclared) : md_text(text);
  out += "\n";
}

void md_list(std::string& out, const std::vector<std::string>& items) {
  if (items.empty()) out += fmt::format("{}\n", kNoneDeclared);
  for (const std::string& item : items) out += "- " + md_text(item) + "\n";
}

void md_identity(std::string& out, const BundleMetadata& m) {
  std::vector<std::string> authors;
  for (const std::string& a : m.authors) authors.push_back(md_text(a));
  md_heading(out, "Identity");
  md_table_head(out, {"Field", "Value"});
  md_row(out, {"Name", md_text(m.name)});
  md_row(out, {"Version", md_text(m.version)});
  md_row(out, {"License", md_text(m.license)});
  md_row(out, {"Supplier", md_text(m.supplier)});
  md_row(out, {"Authors", join(authors, "; ")});
  md_row(out, {"Security contact", md_text(m.security_contact)});
}

void md_evaluation(std::string& out, const ModelCard& card) {
  md_heading(out, "Evaluation");
  if (card.evaluations.empty()) {
    out += fmt::format("{}\n", kNoneDeclared);
    return;
  }
  md_table_head(out, {"Metric", "Value", "Dataset", "Date"});
  for (const Evaluation& e : card.evaluations)
    md_row(out, {md_text(e.metric), md_text(e.value), md_text(e.dataset), md_text(e.date)});
}

void md_provenance(std::string& out, const BundleMetadata& m) {
  md_heading(out, "Data provenance");
  md_table_head(out, {"Dataset", "Role", "Source URL", "Retrieved at", "License", "Custodian",
                      "Digest"});
  for (const Dataset& d : m.datasets)
    md_row(out, {md_text(d.name), md_text(d.role), md_text(d.source_url), md_text(d.retrieved_at),
                 md_text(d.license), md_text(d.custodian), md_optional(d.digest)});
  md_heading(out, "Personal data and known bias");
  if (m.datasets.empty()) out += fmt::format("{}\n", kNoneDeclared);
  for (const Dataset& d : m.datasets) {
    out += fmt::format("- {}: personal data: {}; known bias: {}\n", md_text(d.name),
                       d.personal_data ? "yes" : "no",
                       d.known_bias ? md_text(*d.known_bias) : "none declared");
  }
}

void md_transparency_and_base(std::string& out, const BundleMetadata& m) {
  md_heading(out, "End-user data transparency");
  out += "- Data use: " + md_text(m.transparency.data_use) + "\n";
  out += "- Data storage: " + md_text(m.transparency.data_storage) + "\n";
  out += "- Data retention: " + md_text(m.transparency.data_retention) + "\n";
  md_heading(out, "Base model");
  if (!m.base_model) {
    out += fmt::format("{}\n", kNoneDeclared);
    return;
  }
  md_table_head(out, {"Name", "Relation", "Digest", "Source URL"});
  md_row(out, {md_text(m.base_model->name), md_text(m.base_model->relation),
               md_text(m.base_model->digest), md_optional(m.base_model->source_url)});
}

// ---- Plain text -----------------------------------------------------------

void text_heading(std::string& out, std::string_view title) {
  out += fmt::format("\n{}\n{}\n", title, std::string(title.size(), '-'));
}

// "  Label:<pad> value", continuation lines aligned under the value.
void text_field(std::string& out, std::string_view label, std::string_view value, size_t width,
                std::string_view indent = "  ") {
  const std::string head = fmt::format("{}{:<{}} ", indent, std::string(label) + ":", width + 1);
  const std::string shown = value.empty() ? std::string(kNoneDeclared) : std::string(value);
  out += head + indent_continuation(shown, std::string(head.size(), ' ')) + "\n";
}

void text_list(std::string& out, const std::vector<std::string>& items) {
  if (items.empty()) out += fmt::format("  {}\n", kNoneDeclared);
  for (const std::string& item : items) out += "  - " + indent_continuation(item, "    ") + "\n";
}

void text_paragraph(std::string& out, std::string_view text) {
  out += "  " + indent_continuation(text.empty() ? kNoneDeclared : text, "  ") + "\n";
}

void text_provenance(std::string& out, const BundleMetadata& m) {
  text_heading(out, "Data provenance");
  if (m.datasets.empty()) out += fmt::format("  {}\n", kNoneDeclared);
  for (const Dataset& d : m.datasets) {
    out += fmt::format("  - {} ({})\n", one_line(d.name), one_line(d.role));
    text_field(out, "Source URL", d.source_url, 13, "      ");
    text_field(out, "Retrieved at", d.retrieved_at, 13, "      ");
    text_field(out, "License", d.license, 13, "      ");
    text_field(out, "Custodian", d.custodian, 13, "      ");
    text_field(out, "Digest", d.digest.value_or("none declared"), 13, "      ");
    text_field(out, "Personal data", d.personal_data ? "yes" : "no", 13, "      ");
    text_field(out, "Known bias", d.known_bias.value_or("none declared"), 13, "      ");
  }
}

void text_evaluation(std::string& out, const ModelCard& card) {
  text_heading(out, "Evaluation");
  if (card.evaluations.empty()) out += "  No evaluation results declared.\n";
  for (const Evaluation& e : card.evaluations)
    out += fmt::format("  - {}: {} (dataset {}, {})\n", one_line(e.metric), one_line(e.value),
                       one_line(e.dataset), one_line(e.date));
}

// ---- Shared ----------------------------------------------------------------

// How one output format writes the building blocks of the card.
struct CardStyle {
  void (*heading)(std::string&, std::string_view);
  void (*paragraph)(std::string&, std::string_view);
  void (*list)(std::string&, const std::vector<std::string>&);
};
constexpr CardStyle kMarkdown{md_heading, md_paragraph, md_list};
constexpr CardStyle kText{text_heading, text_paragraph, text_list};

// The card's sections from intended use to human oversight, in order.
void card_sections(std::string& out, const ModelCard& card, const CardStyle& style) {
  style.heading(out, "Intended use");
  style.paragraph(out, card.intended_use);
  const std::pair<std::string_view, const std::vector<std::string>*> lists[] = {
      {"Out-of-scope uses", &card.out_of_scope_uses}, {"Prohibited uses", &card.prohibited_uses},
      {"Limitations", &card.limitations},             {"Failure modes", &card.failure_modes},
      {"Guardrails", &card.guardrails}};
  for (const auto& [title, items] : lists) {
    style.heading(out, title);
    style.list(out, *items);
  }
  style.heading(out, "Human oversight");
  style.paragraph(out, card.human_oversight);
}

}  // namespace

std::string render_model_card_markdown(const BundleMetadata& m) {
  std::string out = fmt::format("# {} {}\n\n", md_text(m.name), md_text(m.version));
  md_paragraph(out, m.description);
  md_identity(out, m);
  card_sections(out, m.card, kMarkdown);
  md_evaluation(out, m.card);
  md_provenance(out, m);
  md_transparency_and_base(out, m);
  out += "\n---\n\nGenerated by modelseal from bundle.toml (schema modelseal.bundle/v1).\n";
  return out;
}

std::string render_model_card_text(const BundleMetadata& m) {
  const std::string title = fmt::format("{} {}", one_line(m.name), one_line(m.version));
  std::string out = fmt::format("{}\n{}\n", title, std::string(display_length(title), '='));
  text_paragraph(out, m.description);
  text_heading(out, "Identity");
  text_field(out, "Name", m.name, 16);
  text_field(out, "Version", m.version, 16);
  text_field(out, "License", m.license, 16);
  text_field(out, "Supplier", m.supplier, 16);
  text_field(out, "Authors", join(m.authors, "; "), 16);
  text_field(out, "Security contact", m.security_contact, 16);
  card_sections(out, m.card, kText);
  text_evaluation(out, m.card);
  text_provenance(out, m);
  text_heading(out, "End-user data transparency");
  text_field(out, "Data use", m.transparency.data_use, 14);
  text_field(out, "Data storage", m.transparency.data_storage, 14);
  text_field(out, "Data retention", m.transparency.data_retention, 14);
  text_heading(out, "Base model");
  if (!m.base_model) {
    out += fmt::format("  {}\n", kNoneDeclared);
  } else {
    text_field(out, "Name", m.base_model->name, 10);
    text_field(out, "Relation", m.base_model->relation, 10);
    text_field(out, "Digest", m.base_model->digest, 10);
    text_field(out, "Source URL", m.base_model->source_url.value_or("none declared"), 10);
  }
  return out;
}

}  // namespace modelseal::formats
