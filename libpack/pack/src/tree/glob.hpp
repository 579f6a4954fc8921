// Payload globs of bundle.toml (specs/bundle-toml-v1.md, [payload]). A glob is
// matched against the whole relative path of a FILE, never a folder:
//   - pattern and path are split at '/'; components are matched in order and
//     every component of the path must be consumed (no implicit subtree);
//   - a component "**" matches zero or more whole path components;
//   - in any other component, '*' matches zero or more characters and '?'
//     exactly one character (a UTF-8 encoded code point), neither crossing
//     '/'; every other byte matches itself (case-sensitive, bytewise);
//   - names starting with '.' get no special treatment.
// Precondition: `pattern` passed bundle.toml's glob check (no '[', ']', '{',
// '}', no '**' inside a component) and `path` is a valid relative path.
#pragma once

#include <string_view>

namespace modelseal::tree {

bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace modelseal::tree
