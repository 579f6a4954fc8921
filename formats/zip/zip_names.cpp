#include "formats/zip/zip_names.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "formats/text/printable.hpp"

namespace modelseal::formats::zip {
namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

NameProblem problem(std::string id, std::string_view name, std::string_view why) {
  return {std::move(id), "entry name '" + printable_name(name) + "' " + std::string(why), {}};
}

}  // namespace

// Reports one rule, the first in this order; the rest of the relative-path rule
// (length, depth, Windows names and characters) does not apply to ZIP names.
std::optional<NameProblem> check_entry_name(std::string_view name, bool utf8_flag) {
  const std::vector<PathProblem> problems = check_relative_path(name, kZipNameLimits);
  const auto broken = [&](PathRule rule) { return first_broken(problems, {rule}) != nullptr; };
  if (broken(PathRule::kEmpty)) return problem("zip.invalid_name", name, "is empty");
  if (broken(PathRule::kNul)) return problem("zip.invalid_name", name, "contains a NUL byte");
  if (broken(PathRule::kBackslash))
    return problem("zip.invalid_name", name, "contains a backslash");
  if (broken(PathRule::kControlCharacter))
    return problem("zip.invalid_name", name, "contains a control character");
  if (broken(PathRule::kAbsolute)) return problem("zip.absolute_path", name, "is an absolute path");
  if (broken(PathRule::kDriveLetter))
    return problem("zip.absolute_path", name, "starts with a drive letter");
  // The first bad component, wherever it is.
  if (const PathProblem* bad = first_broken(
          problems,
          {PathRule::kEmptyComponent, PathRule::kDotComponent, PathRule::kParentReference})) {
    if (bad->rule == PathRule::kParentReference)
      return problem("zip.path_traversal", name, "climbs out with '..'");
    const std::string shown = bad->rule == PathRule::kEmptyComponent ? "<empty>" : ".";
    return problem("zip.invalid_name", name, "has a '" + shown + "' path component");
  }
  if (utf8_flag ? broken(PathRule::kNonUtf8) : !is_ascii(name))
    return problem("zip.non_utf8_name", name,
                   utf8_flag ? "is flagged UTF-8 but is not valid UTF-8"
                             : "is not ASCII and lacks the UTF-8 flag (bit 11)");
  return std::nullopt;
}

}  // namespace modelseal::formats::zip
