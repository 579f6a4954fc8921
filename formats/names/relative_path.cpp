#include "formats/names/relative_path.hpp"

#include <algorithm>
#include <bitset>

#include "formats/text/utf8.hpp"

namespace modelseal::formats {
namespace {

constexpr std::string_view kWindowsCharacters = "<>:\"|?*";
constexpr size_t kRuleCount = static_cast<size_t>(PathRule::kTooDeep) + 1;

struct Collector {
  std::vector<PathProblem> problems;
  std::bitset<kRuleCount> seen;
  void add(PathRule rule, std::string_view part) {
    if (seen.test(static_cast<size_t>(rule))) return;
    seen.set(static_cast<size_t>(rule));
    problems.push_back({rule, std::string(part)});
  }
};

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// Windows maps these names to devices whatever the extension ("con.txt") and
// ignores trailing spaces before it ("CON .txt").
bool is_windows_reserved(std::string_view component) {
  std::string_view stem = component.substr(0, component.find('.'));
  while (!stem.empty() && stem.back() == ' ') stem.remove_suffix(1);
  const std::string upper = ascii_upper(stem);
  if (upper == "CON" || upper == "PRN" || upper == "AUX" || upper == "NUL") return true;
  if (upper.size() < 4 || (upper.substr(0, 3) != "COM" && upper.substr(0, 3) != "LPT"))
    return false;
  const std::string_view digit = std::string_view(upper).substr(3);
  if (digit.size() == 1) return digit[0] >= '0' && digit[0] <= '9';
  return digit == "\xC2\xB9" || digit == "\xC2\xB2" || digit == "\xC2\xB3";  // superscript 1 2 3
}

// A ".." between separators, '\' counting as one as it does on Windows.
bool has_parent_part(std::string_view component) {
  for (size_t start = 0;;) {
    const size_t end = component.find('\\', start);
    if (component.substr(start, end - start) == "..") return true;
    if (end == std::string_view::npos) return false;
    start = end + 1;
  }
}

void check_characters(std::string_view path, Collector& out) {
  for (size_t i = 0; i < path.size();) {
    const char ch = path[i];
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0)
      out.add(PathRule::kNul, path.substr(i, 1));
    else if (c < 0x20 || c == 0x7F)
      out.add(PathRule::kControlCharacter, path.substr(i, 1));
    else if (ch == '\\')
      out.add(PathRule::kBackslash, path.substr(i, 1));
    else if (kWindowsCharacters.find(ch) != std::string_view::npos)
      out.add(PathRule::kWindowsCharacter, path.substr(i, 1));
    const size_t length = utf8::decode(path, i).length;
    if (length == 0) out.add(PathRule::kNonUtf8, path.substr(i, 1));
    i += length == 0 ? 1 : length;
  }
}

void check_component(std::string_view component, size_t depth, const PathLimits& limits,
                     Collector& out) {
  if (component.empty()) out.add(PathRule::kEmptyComponent, component);
  if (component == ".") out.add(PathRule::kDotComponent, component);
  if (has_parent_part(component)) out.add(PathRule::kParentReference, component);
  if (!component.empty() && component != "." && component != "..") {
    if (is_windows_reserved(component)) out.add(PathRule::kWindowsReserved, component);
    if (component.back() == '.' || component.back() == ' ')
      out.add(PathRule::kTrailingDotOrSpace, component);
  }
  if (component.size() > limits.max_component_bytes ||
      (limits.max_component_utf16_units != kNoLimit &&
       utf16_units(component) > limits.max_component_utf16_units))
    out.add(PathRule::kComponentTooLong, component);
  if (depth > limits.max_depth) out.add(PathRule::kTooDeep, component);
}

}  // namespace

bool is_component_rule(PathRule rule) { return rule >= PathRule::kEmptyComponent; }

const PathProblem* first_broken(const std::vector<PathProblem>& problems,
                                std::initializer_list<PathRule> rules) {
  const auto it = std::find_if(problems.begin(), problems.end(), [&](const PathProblem& p) {
    return std::find(rules.begin(), rules.end(), p.rule) != rules.end();
  });
  return it == problems.end() ? nullptr : &*it;
}

size_t utf16_units(std::string_view component) {
  size_t units = 0;
  for (size_t i = 0; i < component.size();) {
    const utf8::Decoded d = utf8::decode(component, i);
    if (d.length == 0) return units + component.size() - i;
    units += d.code_point >= 0x10000 ? 2 : 1;
    i += d.length;
  }
  return units;
}

std::vector<PathProblem> check_relative_path(std::string_view path, const PathLimits& limits) {
  Collector out;
  if (path.empty()) {
    out.add(PathRule::kEmpty, path);
    return std::move(out.problems);
  }
  if (path.size() > limits.max_path_bytes) out.add(PathRule::kTooLong, path);
  if (path.starts_with('/')) out.add(PathRule::kAbsolute, path);
  if (path.size() >= 2 && path[1] == ':') out.add(PathRule::kDriveLetter, path);
  check_characters(path, out);
  std::string_view body = path.starts_with('/') ? path.substr(1) : path;
  if (limits.trailing_slash_marks_folder && body.ends_with('/')) body.remove_suffix(1);
  size_t depth = 0;
  for (size_t start = 0;;) {
    const size_t end = body.find('/', start);
    check_component(body.substr(start, end - start), ++depth, limits, out);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return std::move(out.problems);
}

}  // namespace modelseal::formats
