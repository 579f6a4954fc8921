// JSON paths for messages: "a.b[2].\"odd key\"".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace modelseal::formats::strict_json {

// "a" + "b" -> "a.b"; "" + "b" -> "b"; keys other than [A-Za-z0-9_]+ are quoted.
std::string member_path(std::string_view path, std::string_view key);
// "a" + 2 -> "a[2]".
std::string item_path(std::string_view path, size_t i);

}  // namespace modelseal::formats::strict_json
