// Text seen as the bytes it is made of (for hashing, signing, writing).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace modelseal {

inline std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace modelseal
