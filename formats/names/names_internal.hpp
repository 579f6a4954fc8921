// Helpers shared by the files of formats/names/.
#pragma once

#include <string>
#include <string_view>

namespace modelseal::formats::names_detail {

// Full case folding without normalization.
std::string fold_only(std::string_view text);

}  // namespace modelseal::formats::names_detail
