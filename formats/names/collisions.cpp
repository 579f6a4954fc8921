#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "formats/names/names.hpp"
#include "formats/names/names_internal.hpp"

namespace modelseal::formats {
namespace {

// Names collide only where their parents are the same string: when the parents
// differ but share a key, the collision is reported at the parents' level.
using Level =
    std::pair<std::string_view, std::string>;  // parent, collision key of the last component

void add_prefixes(std::string_view path, std::map<Level, std::set<std::string_view>>& levels) {
  size_t start = 0;
  for (;;) {
    const size_t end = path.find('/', start);
    const std::string_view name = path.substr(0, end);
    const std::string_view parent = start == 0 ? std::string_view() : path.substr(0, start - 1);
    const std::string_view component = name.substr(start);
    levels[{parent, collision_key(component)}].insert(name);
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}

bool same_after_folding(const std::set<std::string_view>& names) {
  const std::string first = names_detail::fold_only(*names.begin());
  return std::all_of(std::next(names.begin()), names.end(),
                     [&](std::string_view n) { return names_detail::fold_only(n) == first; });
}

}  // namespace

std::vector<NameCollision> find_collisions(const std::vector<std::string>& paths) {
  std::map<Level, std::set<std::string_view>> levels;
  for (const std::string& path : paths) add_prefixes(path, levels);
  std::vector<NameCollision> out;
  for (const auto& [level, names] : levels) {
    if (names.size() < 2) continue;
    out.push_back(
        {std::vector<std::string>(names.begin(), names.end()), same_after_folding(names)});
  }
  std::sort(out.begin(), out.end(),
            [](const NameCollision& a, const NameCollision& b) { return a.paths < b.paths; });
  return out;
}

}  // namespace modelseal::formats
