#include "tree/glob.hpp"

#include <vector>

#include "formats/text/utf8.hpp"

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

// Bytes of the character at s[i]; an invalid byte counts as one character.
size_t char_length(std::string_view s, size_t i) {
  const size_t n = formats::utf8::decode(s, i).length;
  return n == 0 ? 1 : n;
}

// '*' and '?' inside one component; iterative with backtracking to the last
// star, which then swallows one more character.
bool component_match(std::string_view pat, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pat.size() && pat[p] == '?') {
      ++p;
      n += char_length(name, n);
    } else if (p < pat.size() && pat[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      mark += char_length(name, mark);
      n = mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

// Dynamic programming over (pattern index, path index) keeps '**' linear.
bool match_components(const std::vector<std::string_view>& pat,
                      const std::vector<std::string_view>& path) {
  std::vector<std::vector<signed char>> memo(pat.size() + 1,
                                             std::vector<signed char>(path.size() + 1, -1));
  auto rec = [&](auto&& self, size_t i, size_t j) -> bool {
    signed char& m = memo[i][j];
    if (m >= 0) return m;
    bool result;
    if (i == pat.size()) {
      result = j == path.size();
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
