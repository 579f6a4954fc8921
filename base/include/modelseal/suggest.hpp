// "Did you mean": the known name closest to a misspelt one (TOML keys, policy
// names, commands and options of the command line).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace modelseal {

// Restricted Damerau-Levenshtein distance, ASCII case-insensitive.
size_t edit_distance(std::string_view a, std::string_view b);

// The name of `known` closest to `unknown` (first of equals), when it is close
// enough to be a typo: 1 edit for names of up to 4 characters, 2 up to 9, else 3.
// Names longer than 64 bytes get no suggestion.
std::optional<std::string> suggest_name(std::string_view unknown,
                                       std::span<const std::string_view> known);

}  // namespace modelseal
