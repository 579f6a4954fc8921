// UTF-8 decoding, validation and encoding: the one implementation every
// parser and name check uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace modelseal::formats::utf8 {

// The code point starting at s[i] and its length in bytes; length 0 when the
// sequence is invalid (overlong, surrogate, beyond U+10FFFF, truncated).
struct Decoded {
  uint32_t code_point;
  size_t length;
};
Decoded decode(std::string_view s, size_t i);

bool valid(std::string_view s);

void append(std::string& out, uint32_t code_point);

}  // namespace modelseal::formats::utf8
