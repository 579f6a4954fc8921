#include "tree/glob.hpp"

#include <string>
#include <vector>

namespace modelseal::tree {
namespace {

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t end = s.find('/', start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// '*' and '?' inside one component; iterative with backtracking to the last star.
bool component_match(std::string_view pat, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pat.size() && (pat[p] == '?' || pat[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

// Matches the pattern's components against the path's leading components:
// components left over mean the pattern named one of the path's folders.
bool match_components(const std::vector<std::string_view>& pat,
                      const std::vector<std::string_view>& path) {
  // Dynamic programming over (pattern index, path index) keeps '**' linear.
  std::vector<std::vector<char>> memo(pat.size() + 1, std::vector<char>(path.size() + 1, -1));
  auto rec = [&](auto&& self, size_t i, size_t j) -> bool {
    char& m = memo[i][j];
    if (m >= 0) return m;
    bool result;
    if (i == pat.size()) {
      result = j >= 1;  // the pattern matched the path or one of its folders
    } else if (pat[i] == "**") {
      result = self(self, i + 1, j) || (j < path.size() && self(self, i, j + 1));
    } else {
      result = j < path.size() && component_match(pat[i], path[j]) && self(self, i + 1, j + 1);
    }
    m = result;
    return result;
  };
  return rec(rec, 0, 0);
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return match_components(split(pattern), split(path));
}

}  // namespace modelseal::tree
