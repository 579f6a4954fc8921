#include "tree/path_rules.hpp"

#include <algorithm>
#include <unordered_set>

#include "formats/names/names.hpp"

namespace modelseal::tree {
namespace {

Error bad_path(std::string_view path, std::string_view why) {
  return make_error(ErrorCode::kCorrupt, "path '" + std::string(path) + "' " + std::string(why));
}

std::string quoted_path(std::string_view path) { return "'" + std::string(path) + "'"; }

// A path of `paths` at or below `name` (a colliding path, or a folder of one).
std::string_view example_under(std::string_view name, const std::vector<std::string>& paths) {
  for (const std::string& p : paths)
    if (path_is_under(p, name)) return p;
  return name;
}

std::string describe_collision(const formats::NameCollision& c,
                               const std::vector<std::string>& paths) {
  const std::string_view a = c.paths[0], b = c.paths[1];
  const std::string_view path_a = example_under(a, paths), path_b = example_under(b, paths);
  std::string both = quoted_path(path_a) + " and " + quoted_path(path_b);
  if (path_a != a || path_b != b) both += " (their folders " + quoted_path(a) + " and " + quoted_path(b) + ")";
  return both + (c.case_only ? " differ only by case"
                             : " are the same name once Unicode-normalized and case-folded") +
         ": a case-insensitive or normalizing filesystem (macOS, Windows) cannot hold both";
}

}  // namespace

Status check_bundle_paths(const std::vector<std::string>& paths) {
  for (const std::string& p : paths)
    if (!formats::is_nfc(p))
      return bad_path(p, "is not in Unicode Normalization Form C (NFC), the only form a bundle "
                         "stores");
  const std::unordered_set<std::string_view> files(paths.begin(), paths.end());
  for (const std::string& p : paths)
    for (size_t slash = p.find('/'); slash != std::string::npos; slash = p.find('/', slash + 1))
      if (files.contains(std::string_view(p).substr(0, slash)))
        return make_error(ErrorCode::kCorrupt, quoted_path(p.substr(0, slash)) +
                                                   " is a file and also the folder of " + quoted_path(p));
  const std::vector<formats::NameCollision> collisions = formats::find_collisions(paths);
  if (!collisions.empty())
    return make_error(ErrorCode::kCorrupt, describe_collision(collisions.front(), paths));
  return {};
}

Status validate_relative_path(std::string_view path) {
  using formats::PathRule;
  for (const formats::PathProblem& p :
       formats::check_relative_path(path, formats::kBundlePathLimits)) {
    switch (p.rule) {
      case PathRule::kEmpty: return bad_path(path, "is empty");
      case PathRule::kTooLong: return bad_path(path.substr(0, 64), "is too long");
      case PathRule::kAbsolute: return bad_path(path, "is absolute");
      case PathRule::kNul:
      case PathRule::kControlCharacter: return bad_path(path, "contains a control character");
      case PathRule::kBackslash: return bad_path(path, "contains a backslash");
      case PathRule::kNonUtf8: return bad_path(path, "is not valid UTF-8");
      case PathRule::kEmptyComponent: return bad_path(path, "has an empty component");
      case PathRule::kDotComponent:
      case PathRule::kParentReference: return bad_path(path, "has a '.' or '..' component");
      case PathRule::kComponentTooLong: return bad_path(path, "has a component over 255 bytes");
      case PathRule::kTooDeep: return bad_path(path, "is nested too deep");
      // A bundle may hold names Windows refuses; validate warns of them (name.*).
      case PathRule::kDriveLetter:
      case PathRule::kWindowsCharacter:
      case PathRule::kWindowsReserved:
      case PathRule::kTrailingDotOrSpace:
        continue;
    }
  }
  return {};
}

bool path_less(std::string_view a, std::string_view b) {
  for (;;) {
    size_t ea = a.find('/');
    size_t eb = b.find('/');
    std::string_view ca = a.substr(0, ea);
    std::string_view cb = b.substr(0, eb);
    if (ca != cb) return ca < cb;
    if (ea == std::string_view::npos || eb == std::string_view::npos)
      return ea == std::string_view::npos && eb != std::string_view::npos;
    a.remove_prefix(ea + 1);
    b.remove_prefix(eb + 1);
  }
}

bool path_is_under(std::string_view path, std::string_view prefix) {
  if (prefix.empty()) return true;
  if (path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

}  // namespace modelseal::tree
