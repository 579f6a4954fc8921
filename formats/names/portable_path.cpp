#include <algorithm>
#include <array>
#include <set>

#include "formats/names/names.hpp"

#include "formats/text/printable.hpp"
#include "formats/text/utf8.hpp"

namespace modelseal::formats {
namespace {

constexpr std::string_view kIllegalCharacters = "<>:\"|?*\\";

struct Collector {
  std::vector<NameProblem> problems;
  std::set<std::string_view> seen;
  void add(std::string_view id, std::string message, std::string_view hint) {
    if (seen.insert(id).second)
      problems.push_back({std::string(id), std::move(message), std::string(hint)});
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

void check_characters(std::string_view path, Collector& out) {
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      out.add("name.control_character",
              "'" + printable_name(path) + "' contains the control byte 0x" +
                  std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15],
              "remove control characters (including NUL and newlines) from file names");
    } else if (kIllegalCharacters.find(ch) != std::string_view::npos) {
      out.add("name.illegal_character",
              "'" + printable_name(path) + "' contains '" + std::string(1, ch) +
                  "', which Windows file names cannot hold",
              "rename the file without < > : \" | ? * or backslash");
    }
  }
  if (!utf8::valid(path))
    out.add("name.non_utf8", "'" + printable_name(path) + "' is not valid UTF-8",
            "rename the file with a UTF-8 name");
}

void check_component(std::string_view path, std::string_view component, Collector& out) {
  if (component.empty() || component == "." || component == "..") return;
  if (is_windows_reserved(component))
    out.add("name.windows_reserved",
            "'" + printable_name(component) + "' in '" + printable_name(path) +
                "' is a Windows device name",
            "rename the file: CON, PRN, AUX, NUL, COM0-9 and LPT0-9 (any extension) are devices on "
            "Windows");
  if (component.back() == '.' || component.back() == ' ')
    out.add("name.trailing_dot_or_space",
            "'" + printable_name(component) + "' in '" + printable_name(path) +
                "' ends with a dot or space, which Windows drops",
            "remove the trailing dot or space");
  const size_t units = utf16_units(component);
  if (component.size() > kPortableMaxComponentBytes || units > kPortableMaxComponentUnits)
    out.add("name.component_too_long",
            "a component of '" + printable_name(path) + "' is " + std::to_string(component.size()) +
                " bytes, " + std::to_string(units) + " UTF-16 units (limit 255 of each)",
            "shorten the file or folder name to at most 255 bytes");
}

}  // namespace

std::vector<NameProblem> check_portable_path(std::string_view path) {
  Collector out;
  if (path.size() > kPortableMaxPathBytes)
    out.add("name.path_too_long",
            "'" + printable_name(path) + "' is " + std::to_string(path.size()) + " bytes (limit " +
                std::to_string(kPortableMaxPathBytes) + ")",
            "shorten the path to at most 4096 bytes");
  check_characters(path, out);
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    check_component(path, path.substr(start, end - start), out);
    start = end + 1;
  }
  return std::move(out.problems);
}


}  // namespace modelseal::formats
