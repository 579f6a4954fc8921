// The portability part of the relative-path rule, worded as name.* findings.
#include <optional>
#include <set>
#include <utility>

#include "formats/names/names.hpp"

#include "formats/text/printable.hpp"

namespace modelseal::formats {
namespace {

struct Collector {
  std::vector<NameProblem> problems;
  std::set<std::string_view> seen;
  void add(std::string_view id, std::string message, std::string_view hint) {
    if (seen.insert(id).second)
      problems.push_back({std::string(id), std::move(message), std::string(hint)});
  }
};

std::string hex_byte(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return {"0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]};
}

void add_finding(std::string_view path, const PathProblem& p, Collector& out) {
  const std::string quoted_path = "'" + printable_name(path) + "'";
  const std::string in_path = "'" + printable_name(p.part) + "' in " + quoted_path;
  switch (p.rule) {
    case PathRule::kTooLong:
      out.add("name.path_too_long",
              quoted_path + " is " + std::to_string(path.size()) + " bytes (limit " +
                  std::to_string(kMaxPathBytes) + ")",
              "shorten the path to at most 4096 bytes");
      return;
    case PathRule::kNul:
    case PathRule::kControlCharacter:
      out.add("name.control_character",
              quoted_path + " contains the control byte 0x" + hex_byte(p.part[0]),
              "remove control characters (including NUL and newlines) from file names");
      return;
    case PathRule::kBackslash:
    case PathRule::kWindowsCharacter:
      out.add("name.illegal_character",
              quoted_path + " contains '" + p.part + "', which Windows file names cannot hold",
              "rename the file without < > : \" | ? * or backslash");
      return;
    case PathRule::kNonUtf8:
      out.add("name.non_utf8", quoted_path + " is not valid UTF-8",
              "rename the file with a UTF-8 name");
      return;
    case PathRule::kWindowsReserved:
      out.add("name.windows_reserved", in_path + " is a Windows device name",
              "rename the file: CON, PRN, AUX, NUL, COM0-9 and LPT0-9 (any extension) are "
              "devices on Windows");
      return;
    case PathRule::kTrailingDotOrSpace:
      out.add("name.trailing_dot_or_space",
              in_path + " ends with a dot or space, which Windows drops",
              "remove the trailing dot or space");
      return;
    case PathRule::kComponentTooLong:
      out.add("name.component_too_long",
              "a component of " + quoted_path + " is " + std::to_string(p.part.size()) +
                  " bytes, " + std::to_string(utf16_units(p.part)) +
                  " UTF-16 units (limit 255 of each)",
              "shorten the file or folder name to at most 255 bytes");
      return;
    // Structure is the caller's to report; ':' is a character Windows refuses.
    case PathRule::kEmpty:
    case PathRule::kAbsolute:
    case PathRule::kDriveLetter:
    case PathRule::kEmptyComponent:
    case PathRule::kDotComponent:
    case PathRule::kParentReference:
    case PathRule::kTooDeep:
      return;
  }
}

}  // namespace

std::vector<NameProblem> portable_problems(std::string_view path,
                                           const std::vector<PathProblem>& problems) {
  Collector out;
  // name.non_utf8 follows the character findings, whatever byte it was found at.
  std::optional<PathProblem> non_utf8;
  for (const PathProblem& p : problems) {
    if (p.rule == PathRule::kNonUtf8) {
      non_utf8 = p;
      continue;
    }
    if (non_utf8 && is_component_rule(p.rule)) add_finding(path, *std::exchange(non_utf8, {}), out);
    add_finding(path, p, out);
  }
  if (non_utf8) add_finding(path, *non_utf8, out);
  return std::move(out.problems);
}

std::vector<NameProblem> check_portable_path(std::string_view path) {
  return portable_problems(path, check_relative_path(path, kPortablePathLimits));
}

}  // namespace modelseal::formats
