// Text helpers of the TOML readers and of what shows TOML text (the model
// card renderers): UTF-8 decoding, the code points a TOML string value may not
// contain, and safe quoting of hostile text for error messages and terminals.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace modelseal::formats::toml_schema {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point at `pos` and advances `pos` past it. Returns false on
// malformed UTF-8 (overlong forms, surrogates, values above U+10FFFF), leaving
// `pos` one byte further so callers can resynchronise.
bool decode_utf8(std::string_view text, size_t& pos, char32_t& code_point);

// Appends the UTF-8 encoding of `code_point` (which must be a scalar value).
void append_utf8(std::string& out, char32_t code_point);

// Code points never accepted in TOML string values: C0 controls other than tab
// and newline, DEL, C1 controls, and the bidirectional embeddings, overrides
// and isolates (U+202A-U+202E, U+2066-U+2069) that can disguise text.
bool is_forbidden_code_point(char32_t code_point);

// `value` in double quotes for an error message: quotes, backslashes and
// forbidden or malformed characters escaped, at most `max_chars` code points
// (then "...").
std::string quote_for_message(std::string_view value, size_t max_chars = 60);

// A TOML key as it should appear in a dotted path: bare when it is made of
// [A-Za-z0-9_-], quoted otherwise.
std::string display_key(std::string_view key);

// `text` with forbidden code points (tab and newline are kept) and malformed
// UTF-8 replaced by U+FFFD, so hostile metadata cannot drive a terminal.
std::string sanitize_for_display(std::string_view text);

}  // namespace modelseal::formats::toml_schema
