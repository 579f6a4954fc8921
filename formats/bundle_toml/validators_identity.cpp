// Model name, semantic version and SPDX license expression checks.
#include <fmt/format.h>

#include "base/ascii.hpp"
#include "formats/bundle_toml/validators.hpp"
#include "formats/toml/text_util.hpp"

namespace modelseal::formats::bundle_toml_internal {

using toml_schema::quote_for_message;
using ascii::is_digit;
using ascii::is_alpha;
using ascii::is_alnum;
namespace {

bool all_of(std::string_view s, bool (*pred)(char)) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

bool is_semver_ident_char(char c) { return is_alnum(c) || c == '-'; }
bool is_spdx_id_char(char c) { return is_alnum(c) || c == '.' || c == '-'; }

// One dot-separated semver identifier: numbers in the core, no leading zeros in
// numeric core and pre-release identifiers.
Problem check_semver_identifier(std::string_view ident, bool core, bool pre_release) {
  if (ident.empty()) return "is not a semantic version: it has an empty identifier";
  if (core && !all_of(ident, is_digit))
    return fmt::format("is not a semantic version: {} is not a number",
                       quote_for_message(ident, 20));
  if (!all_of(ident, is_semver_ident_char))
    return fmt::format("is not a semantic version: {} may only contain [0-9A-Za-z-]",
                       quote_for_message(ident, 20));
  if ((core || pre_release) && ident.size() > 1 && ident[0] == '0' && all_of(ident, is_digit))
    return fmt::format("is not a semantic version: the number {} has a leading zero",
                       quote_for_message(ident, 20));
  return std::nullopt;
}

Problem check_semver_part(std::string_view part, bool core, bool pre_release) {
  size_t count = 0;
  while (true) {
    const size_t dot = part.find('.');
    if (auto problem = check_semver_identifier(part.substr(0, dot), core, pre_release)) return problem;
    ++count;
    if (dot == std::string_view::npos) break;
    part.remove_prefix(dot + 1);
  }
  if (core && count != 3)
    return "is not a semantic version: expected MAJOR.MINOR.PATCH (three numbers)";
  return std::nullopt;
}

enum class Expect { kOperand, kOperator, kException };

// One word of an SPDX expression that is not an operator.
Problem check_license_term(std::string_view word) {
  std::string_view id = word;
  if (word.starts_with("DocumentRef-")) {
    const size_t colon = word.find(':');
    if (colon == std::string_view::npos || colon == 12 ||
        !all_of(word.substr(12, colon - 12), is_spdx_id_char))
      return fmt::format("has a malformed DocumentRef in {}", quote_for_message(word, 40));
    id = word.substr(colon + 1);
    if (!id.starts_with("LicenseRef-"))
      return "has a DocumentRef- not followed by ':LicenseRef-<id>'";
  }
  if (id.starts_with("LicenseRef-")) {
    const std::string_view ref = id.substr(11);
    if (ref.empty() || !all_of(ref, is_spdx_id_char))
      return fmt::format("has a malformed LicenseRef {} (expected LicenseRef- then [A-Za-z0-9.-])",
                         quote_for_message(word, 40));
    return std::nullopt;
  }
  if (id.ends_with("+")) id.remove_suffix(1);
  if (id.empty() || !is_alnum(id[0]) || !all_of(id, is_spdx_id_char))
    return fmt::format("has a malformed license identifier {}", quote_for_message(word, 40));
  if (id == "NONE" || id == "NOASSERTION")
    return fmt::format("uses {}, which declares no license", id);
  return std::nullopt;
}

Problem check_spdx_word(std::string_view word, Expect& expect, bool& after_simple) {
  const bool is_operator = word == "AND" || word == "OR" || word == "WITH";
  if (word == "and" || word == "or" || word == "with")
    return fmt::format("uses the operator '{}': SPDX operators are upper case", word);
  if (expect == Expect::kException) {
    if (is_operator || !all_of(word, is_spdx_id_char) || !is_alnum(word[0]))
      return "has WITH not followed by an exception identifier";
    expect = Expect::kOperator;
    after_simple = false;
    return std::nullopt;
  }
  if (expect == Expect::kOperand) {
    if (is_operator) return fmt::format("has the operator {} where a license was expected", word);
    if (auto problem = check_license_term(word)) return problem;
    expect = Expect::kOperator;
    after_simple = true;
    return std::nullopt;
  }
  if (!is_operator)
    return fmt::format("has {} where AND, OR or WITH was expected", quote_for_message(word, 40));
  if (word == "WITH") {
    if (!after_simple) return "has WITH after a parenthesis: WITH applies to a single license";
    expect = Expect::kException;
  } else {
    expect = Expect::kOperand;
  }
  return std::nullopt;
}

}  // namespace

Problem check_model_name(std::string_view value) {
  if (value.size() > kMaxModelNameBytes)
    return fmt::format("is longer than {} characters", kMaxModelNameBytes);
  if (value.empty() || !((value[0] >= 'a' && value[0] <= 'z') || is_digit(value[0])))
    return "does not start with a lower-case letter or a digit";
  for (char c : value) {
    if (c >= 'A' && c <= 'Z') return "contains upper-case letters";
    if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '_' || c == '-'))
      return "contains characters other than [a-z0-9._-]";
  }
  return std::nullopt;
}

Problem check_semver(std::string_view value) {
  if (value.size() > kMaxVersionBytes)
    return fmt::format("is longer than {} characters", kMaxVersionBytes);
  if (value.starts_with('v') || value.starts_with('V'))
    return "is not a semantic version: remove the leading 'v'";
  std::string_view core = value;
  std::string_view pre_release;
  std::string_view build;
  bool has_pre = false;
  bool has_build = false;
  if (const size_t plus = core.find('+'); plus != std::string_view::npos) {
    build = core.substr(plus + 1);
    core = core.substr(0, plus);
    has_build = true;
  }
  if (const size_t dash = core.find('-'); dash != std::string_view::npos) {
    pre_release = core.substr(dash + 1);
    core = core.substr(0, dash);
    has_pre = true;
  }
  if (auto problem = check_semver_part(core, true, false)) return problem;
  if (has_pre)
    if (auto problem = check_semver_part(pre_release, false, true)) return problem;
  if (has_build)
    if (auto problem = check_semver_part(build, false, false)) return problem;
  return std::nullopt;
}

Problem check_spdx_expression(std::string_view value) {
  Expect expect = Expect::kOperand;
  bool after_simple = false;
  size_t depth = 0;
  size_t pos = 0;
  while (pos < value.size()) {
    const char c = value[pos];
    if (c == ' ') {
      ++pos;
    } else if (c == '(') {
      if (expect != Expect::kOperand) return "has '(' where AND, OR or WITH was expected";
      ++depth;
      ++pos;
    } else if (c == ')') {
      if (expect != Expect::kOperator || depth == 0) return "has an unexpected ')'";
      --depth;
      after_simple = false;
      ++pos;
    } else if (is_spdx_id_char(c) || c == '+' || c == ':') {
      size_t end = pos;
      while (end < value.size() &&
             (is_spdx_id_char(value[end]) || value[end] == '+' || value[end] == ':'))
        ++end;
      if (auto problem = check_spdx_word(value.substr(pos, end - pos), expect, after_simple))
        return problem;
      pos = end;
    } else {
      return fmt::format("contains {}, which is not allowed in an SPDX expression",
                         quote_for_message(value.substr(pos, 1)));
    }
  }
  if (value.find_first_not_of(' ') == std::string_view::npos)
    return "is not an SPDX expression: it names no license";
  if (expect != Expect::kOperator) return "is not a complete SPDX expression: it ends early";
  if (depth != 0) return "has an unclosed '('";
  return std::nullopt;
}

}  // namespace modelseal::formats::bundle_toml_internal
