#include "formats/archive/entry_names.hpp"

#include <algorithm>
#include <initializer_list>
#include <unordered_map>

#include "formats/names/names.hpp"
#include "formats/text/utf8.hpp"

namespace modelseal::formats::archive_detail {
namespace {

std::string quoted_name(std::string_view path) { return "'" + printable_name(path) + "'"; }

bool breaks(const std::vector<PathProblem>& problems, std::initializer_list<PathRule> rules) {
  return first_broken(problems, rules) != nullptr;
}

}  // namespace

std::string_view entry_name(std::string_view path, char type) {
  if (type == '5' && path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

bool EntryNames::add(std::string_view path, char type, uint64_t offset) {
  const std::string_view name = entry_name(path, type);
  bytes_ += path.size() + 1;
  if (bytes_ > limits_.max_name_bytes) {
    out_.fatal(
        "archive.too_many_names", offset,
        "the entry names exceed " + std::to_string(limits_.max_name_bytes) + " bytes together");
    return false;
  }
  // The relative-path rule with portable limits and no depth limit; a drive
  // letter is reported as name.illegal_character (':').
  const std::vector<PathProblem> problems = check_relative_path(name, kPortablePathLimits);
  if (breaks(problems, {PathRule::kNonUtf8}))
    out_.error("archive.non_utf8_name", offset, quoted_name(name) + " is not valid UTF-8");
  else if (!is_nfc(name))
    out_.error("archive.non_nfc_name", offset,
               quoted_name(name) + " is not in Unicode NFC (tar readers store or normalize it differently)");
  if (breaks(problems, {PathRule::kAbsolute}))
    out_.error("archive.absolute_path", offset, quoted_name(name) + " is an absolute path");
  if (breaks(problems, {PathRule::kParentReference}))
    out_.error("archive.parent_reference", offset, quoted_name(name) + " has a '..' component");
  if (breaks(problems, {PathRule::kEmpty, PathRule::kEmptyComponent, PathRule::kDotComponent}))
    out_.error("archive.non_canonical_path", offset,
               quoted_name(name) + " is empty or has an empty or '.' component");
  for (NameProblem& p : portable_problems(name, problems))
    if (p.id != "name.non_utf8") out_.error(p.id, offset, std::move(p.message), std::move(p.hint));
  if (!seen_.emplace(name).second)
    out_.error("archive.duplicate_name", offset, quoted_name(name) + " appears more than once");
  return true;
}

void EntryNames::report_collisions(const std::vector<AuditedEntry>& entries) {
  std::vector<std::string> names;
  names.reserve(seen_.size());
  for (const std::string& n : seen_)
    if (utf8::valid(n)) names.push_back(n);
  seen_.clear();
  const std::vector<NameCollision> collisions = find_collisions(names);
  if (collisions.empty()) return;
  // Where each colliding name first appears (itself or as a folder of an entry).
  std::unordered_map<std::string_view, uint64_t> first_offset;
  for (const NameCollision& c : collisions)
    for (const std::string& p : c.paths) first_offset.emplace(p, UINT64_MAX);
  for (const AuditedEntry& e : entries) {
    const std::string_view name = entry_name(e.path, e.type);
    for (size_t from = 0;;) {
      const size_t slash = name.find('/', from);
      const auto it = first_offset.find(name.substr(0, slash));
      if (it != first_offset.end() && it->second == UINT64_MAX) it->second = e.header_offset;
      if (slash == std::string_view::npos) break;
      from = slash + 1;
    }
  }
  for (const NameCollision& c : collisions) {
    std::string list;
    uint64_t offset = UINT64_MAX;
    for (const std::string& p : c.paths) {
      list += (list.empty() ? "" : ", ") + quoted_name(p);
      offset = std::min(offset, first_offset[p]);
    }
    out_.error(
        c.case_only ? "name.case_collision" : "name.unicode_collision", offset,
        list + (c.case_only ? " differ only by case" : " are the same name once normalized"));
  }
}

}  // namespace modelseal::formats::archive_detail
