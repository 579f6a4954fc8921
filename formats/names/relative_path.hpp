// The one rule for a relative file path inside a bundle, tar archive, ZIP or
// model folder, and the limits that go with it.
//
//   path      = component *("/" component)   ; relative, '/'-separated, UTF-8
//   component = 1*byte, not "." or ".."       ; no NUL, control byte, DEL or '\'
//
// check_relative_path says which parts of the rule a path breaks; it writes no
// message. Each caller enforces the parts it needs and words them itself:
//   tree/path_rules.cpp      (validate_relative_path: the first broken rule, an Error)
//   archive/entry_names.cpp  (archive.* findings)
//   zip/zip_names.cpp        (zip.* findings: the first broken rule)
//   names/portable_path.cpp  (name.* findings: check_portable_path)
// The callers differ in their limits (PathLimits) and in the rules they enforce.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace modelseal::formats {

inline constexpr size_t kNoLimit = std::numeric_limits<size_t>::max();

inline constexpr size_t kMaxPathBytes = 4096;           // Linux PATH_MAX
inline constexpr size_t kMaxComponentBytes = 255;       // ext4 NAME_MAX
inline constexpr size_t kMaxComponentUtf16Units = 255;  // NTFS and APFS, UTF-16 code units
inline constexpr size_t kMaxBundleDepth = 128;          // components of a bundle path

struct PathLimits {
  size_t max_path_bytes = kNoLimit;
  size_t max_component_bytes = kNoLimit;
  size_t max_component_utf16_units = kNoLimit;
  size_t max_depth = kNoLimit;  // components
  // A single trailing '/' marks a folder (ZIP) instead of an empty last component.
  bool trailing_slash_marks_folder = false;
};

// A path stored in a bundle or manifest (tree/path_rules).
inline constexpr PathLimits kBundlePathLimits{kMaxPathBytes, kMaxComponentBytes, kNoLimit,
                                              kMaxBundleDepth, false};
// A path every common filesystem can hold (name.* findings, archive entries).
inline constexpr PathLimits kPortablePathLimits{kMaxPathBytes, kMaxComponentBytes,
                                                kMaxComponentUtf16Units, kNoLimit, false};
// A ZIP entry name: its length field bounds it; a trailing '/' marks a folder.
inline constexpr PathLimits kZipNameLimits{kNoLimit, kNoLimit, kNoLimit, kNoLimit, true};

// Stable ids of the parts of the rule. Grouped by where they are found: the
// whole path, its characters, its components.
enum class PathRule {
  // whole path
  kEmpty,        // "" (and nothing else is checked)
  kTooLong,      // over max_path_bytes
  kAbsolute,     // starts with '/'
  kDriveLetter,  // ':' as second byte ("C:x"), a drive on Windows
  // characters
  kNul,
  kControlCharacter,  // C0 control other than NUL, or DEL
  kBackslash,
  kWindowsCharacter,  // < > : " | ? *
  kNonUtf8,
  // components ('/'-separated; an absolute path's leading '/' starts none)
  kEmptyComponent,
  kDotComponent,        // "."
  kParentReference,     // "..", also as a '\'-separated part, as Windows reads it
  kWindowsReserved,     // a device name: CON PRN AUX NUL COM0-9 LPT0-9, any extension
  kTrailingDotOrSpace,  // which Windows drops
  kComponentTooLong,    // over max_component_bytes or max_component_utf16_units
  kTooDeep,             // more than max_depth components
};

bool is_component_rule(PathRule rule);

struct PathProblem {
  PathRule rule;
  // The offending part: the component, the character (for kNonUtf8 the byte
  // where decoding fails), or the whole path for whole-path rules.
  std::string part;
};

// Every rule `path` breaks, each at most once (its first occurrence): first the
// whole-path rules, then the character rules in the order of their bytes, then
// the component rules in the order of their components (within a component in
// the order of PathRule).
std::vector<PathProblem> check_relative_path(std::string_view path, const PathLimits& limits);

// The first of `problems` that breaks one of `rules`; nullptr when none does.
const PathProblem* first_broken(const std::vector<PathProblem>& problems,
                                std::initializer_list<PathRule> rules);

// UTF-16 code units of `component`; an invalid UTF-8 byte counts as one.
size_t utf16_units(std::string_view component);

}  // namespace modelseal::formats
