#include "formats/zip/zip_names.hpp"

#include <cstdint>
#include <cstdio>

#include "formats/text/utf8.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::zip {
namespace {


bool is_ascii(std::string_view s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool has_control_char(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

// The first component that is empty, "." or ".." (a trailing '/' marks a folder).
std::string_view bad_component(std::string_view name) {
  if (!name.empty() && name.back() == '/') name.remove_suffix(1);
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return part.empty() ? "<empty>" : part;
    start = end + 1;
  }
  return {};
}

NameProblem problem(std::string id, std::string_view name, std::string_view why) {
  return {std::move(id), "entry name '" + printable_name(name) + "' " + std::string(why)};
}

}  // namespace

bool is_valid_utf8(std::string_view text) { return utf8::valid(text); }

std::optional<NameProblem> check_entry_name(std::string_view name, bool utf8_flag) {
  if (name.empty()) return problem("zip.invalid_name", name, "is empty");
  if (name.find('\0') != std::string_view::npos)
    return problem("zip.invalid_name", name, "contains a NUL byte");
  if (name.find('\\') != std::string_view::npos)
    return problem("zip.invalid_name", name, "contains a backslash");
  if (has_control_char(name)) return problem("zip.invalid_name", name, "contains a control character");
  if (name.front() == '/') return problem("zip.absolute_path", name, "is an absolute path");
  if (name.size() >= 2 && name[1] == ':')
    return problem("zip.absolute_path", name, "starts with a drive letter");
  const std::string_view bad = bad_component(name);
  if (bad == "..") return problem("zip.path_traversal", name, "climbs out with '..'");
  if (!bad.empty())
    return problem("zip.invalid_name", name, "has a '" + std::string(bad) + "' path component");
  if (utf8_flag ? !is_valid_utf8(name) : !is_ascii(name))
    return problem("zip.non_utf8_name", name,
                   utf8_flag ? "is flagged UTF-8 but is not valid UTF-8"
                             : "is not ASCII and lacks the UTF-8 flag (bit 11)");
  return std::nullopt;
}

}  // namespace modelseal::formats::zip
