// The globals a pickle may import: those PyTorch's weights_only unpickler
// allows by default (torch/_weights_only_unpickler.py, _get_allowed_globals).
// Listed in docs/findings-pickle.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace modelseal::formats::pickle_detail {

// Python 2 module names as the unpickler maps them (fix_imports), e.g.
// "__builtin__" -> "builtins", "copy_reg" -> "copyreg"; others unchanged.
std::string_view normalize_pickle_module(std::string_view module);

enum class GlobalUse : uint8_t {
  kForbidden,    // not on the allow-list
  kValue,        // allowed; calling it gives no object BUILD may update (dtypes, _codecs.encode)
  kConstructor,  // an allowed class or tensor rebuild function: BUILD may update what it returns
};

// What module.name (after normalize_pickle_module) is to the weights_only
// unpickler. Its BUILD updates only objects whose type is Tensor, Parameter,
// OrderedDict or an allowed class, i.e. what calling a kConstructor returns.
GlobalUse pickle_global_use(std::string_view module, std::string_view name);

// True when module.name (after normalize_pickle_module) is on the allow-list.
bool pickle_global_allowed(std::string_view module, std::string_view name);

}  // namespace modelseal::formats::pickle_detail
