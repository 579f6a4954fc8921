#include "formats/zip/zip_names.hpp"

#include <cstdint>
#include <cstdio>

namespace modelseal::formats::zip {
namespace {

constexpr size_t kShownNameBytes = 200;

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
  return {std::move(id), "entry name '" + shown_name(name) + "' " + std::string(why)};
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
    else return false;
    if (len > text.size() - i) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

std::string shown_name(std::string_view name) {
  std::string out;
  for (const char c : name.substr(0, kShownNameBytes)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\') {
      out += c;
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    }
  }
  if (name.size() > kShownNameBytes) out += "...";
  return out;
}

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
