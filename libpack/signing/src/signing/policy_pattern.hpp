// Certificate subject and issuer patterns of policy.toml (docs/policy.md):
// '*' matches any run of characters (none included), every other character
// matches itself, and the pattern must match the whole text. Case-sensitive.
#pragma once

#include <cstddef>
#include <string_view>

namespace modelseal::policy_internal {

// Greedy match with backtracking to the last '*' only: O(pattern * text).
inline bool pattern_matches(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace modelseal::policy_internal
