// Names a common filesystem cannot hold, and names two filesystems would take
// for the same file.
//
//   path        = component *("/" component)       ; relative, '/'-separated, UTF-8
//   portable    = no Windows device name (CON PRN AUX NUL COM0-9 LPT0-9, COM/LPT with
//                 superscript 1-3, any case, with or without extension), none of
//                 < > : " | ? * \ and no C0 control or DEL, no trailing '.' or ' ',
//                 components <= 255 bytes and <= 255 UTF-16 code units, path <= 4096 bytes
//   collision   = two names with equal collision_key(): NFD(full case fold(NFD(name)))
//                 (macOS APFS/HFS+ ignore case and normalization, Windows ignores case)
//   nfc         = the name is valid UTF-8 in Unicode Normalization Form C
// Unicode data comes from utf8proc.
//
// The rule itself is check_relative_path (relative_path.hpp); check_portable_path words
// its portability part as name.* findings. Structural rules ('.', '..', empty components,
// absolute paths) are the callers' to report (tree/path_rules.cpp, archive.* and zip.*
// findings). Finding ids: docs/findings-archive.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "formats/names/relative_path.hpp"
#include "formats/text/printable.hpp"  // printable_name, for messages about names

namespace modelseal::formats {

// A broken name rule as a finding.
struct NameProblem {
  std::string id;       // "name.*", "zip.*"
  std::string message;  // names the offending path or component
  std::string hint;     // empty when the finding has none
};

// Every problem of a '/'-separated relative path, each id at most once:
// portable_problems(path, check_relative_path(path, kPortablePathLimits)).
std::vector<NameProblem> check_portable_path(std::string_view path);

// The name.* findings among `problems` (found with kPortablePathLimits).
std::vector<NameProblem> portable_problems(std::string_view path,
                                           const std::vector<PathProblem>& problems);

// The key under which two names are the same file on macOS and Windows.
// Precondition: valid UTF-8 (invalid bytes are kept as they are).
std::string collision_key(std::string_view utf8);

// True when `utf8` is valid UTF-8 and equal to its NFC form, the only form a
// bundle stores (specs/bundle-v1.md section 2).
bool is_nfc(std::string_view utf8);

// Names that differ as byte strings but share a collision key. `paths` are the
// colliding names themselves: whole input paths, or folder prefixes of them
// ("A/x" and "a/y" give {"A", "a"}). Only the first level where names collide
// is reported. Groups are sorted, as are the paths inside each group.
struct NameCollision {
  std::vector<std::string> paths;
  bool case_only;  // equal after case folding alone; else a normalization collision
};
std::vector<NameCollision> find_collisions(const std::vector<std::string>& paths);

}  // namespace modelseal::formats
