#include "modelseal/suggest.hpp"

#include <algorithm>
#include <vector>

namespace modelseal {

namespace {

// Suggestions are offered for names up to this long; longer ones are not typos.
constexpr size_t kMaxSuggestedNameBytes = 64;

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

size_t max_typo_distance(std::string_view known) {
  if (known.size() <= 4) return 1;
  return known.size() <= 9 ? 2 : 3;
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment over three rolling rows.
  std::vector<size_t> two_back(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
          ascii_lower(a[i - 2]) == ascii_lower(b[j - 1]))
        current[j] = std::min(current[j], two_back[j - 2] + 1);
    }
    std::swap(two_back, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> suggest_name(std::string_view unknown,
                                       std::span<const std::string_view> known) {
  if (unknown.size() > kMaxSuggestedNameBytes) return std::nullopt;
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (std::string_view candidate : known) {
    const size_t distance = edit_distance(unknown, candidate);
    if (distance <= max_typo_distance(candidate) && (!best || distance < best_distance)) {
      best = std::string(candidate);
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace modelseal
