// Payload globs of bundle.toml: '*' and '?' within one path component, '**'
// for any number of components. A pattern that matches a folder matches
// everything below it.
#pragma once

#include <string_view>

namespace modelseal::tree {

bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace modelseal::tree
