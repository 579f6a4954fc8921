// Normalization and case folding of names, by utf8proc (Debian libutf8proc-dev).
//   collision_key = NFD(full case fold(NFD(s))), Unicode's canonical caseless match (D145)
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>

#include "formats/names/names.hpp"
#include "formats/names/names_internal.hpp"
#include "formats/text/utf8.hpp"

namespace modelseal::formats {
namespace {

// utf8proc on valid UTF-8; nullopt if it refuses the text.
std::optional<std::string> map_valid(std::string_view text, utf8proc_option_t options) {
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  if (length < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length));
}

// Maps each run of valid UTF-8; bytes of invalid UTF-8 come out unchanged.
std::string map_runs(std::string_view text, utf8proc_option_t options) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    for (size_t n; end < text.size() && (n = utf8::decode(text, end).length) != 0;) end += n;
    const std::string_view run = text.substr(i, end - i);
    if (auto mapped = map_valid(run, options))
      out += *mapped;
    else
      out += run;
    if (end < text.size()) out += text[end++];
    i = end;
  }
  return out;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string collision_key(std::string_view text) {
  if (is_ascii(text)) {
    std::string out(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  return map_runs(text, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                                       UTF8PROC_CASEFOLD));
}

bool is_nfc(std::string_view text) {
  if (is_ascii(text)) return true;
  if (!utf8::valid(text)) return false;
  const auto composed =
      map_valid(text, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  return composed && *composed == text;
}

namespace names_detail {
// Case folding alone, for telling case collisions from normalization ones.
std::string fold_only(std::string_view text) { return map_runs(text, UTF8PROC_CASEFOLD); }
}  // namespace names_detail

}  // namespace modelseal::formats
