// The globals a pickle may import: those PyTorch's weights_only unpickler
// allows by default (torch/_weights_only_unpickler.py, _get_allowed_globals).
// Listed in docs/findings-pickle.md.
#pragma once

#include <string>
#include <string_view>

namespace modelseal::formats::pickle_detail {

// Python 2 module names as the unpickler maps them (fix_imports), e.g.
// "__builtin__" -> "builtins", "copy_reg" -> "copyreg"; others unchanged.
std::string_view normalize_pickle_module(std::string_view module);

// True when module.name (after normalize_pickle_module) is on the allow-list.
bool pickle_global_allowed(std::string_view module, std::string_view name);

}  // namespace modelseal::formats::pickle_detail
