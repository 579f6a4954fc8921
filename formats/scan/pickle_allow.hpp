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

// Which unpickler will read the pickle, so which allow-list applies.
enum class PickleDialect : uint8_t {
  kWeightsOnly,  // torch.load(weights_only=True): the list below
  kTorchScript,  // torch.jit.load's C++ unpickler (Unpickler::readGlobal in
                 // torch/csrc/jit/serialization/unpickler.cpp) and __torch__.* classes
};

// What joblib.dump writes for NumPy data: NumpyArrayWrapper, numpy.dtype, the
// ndarray classes, numpy's _reconstruct/scalar/_frombuffer (kForbidden otherwise).
GlobalUse joblib_global_use(std::string_view module, std::string_view name);
inline constexpr std::string_view kJoblibWrapper = "joblib.numpy_pickle.NumpyArrayWrapper";
inline constexpr std::string_view kNumpyDtype = "numpy.dtype";

// Operator and custom-class namespaces that libtorch itself registers
// (torch.ops.<ns>, torch.classes.<ns>); any other comes from a shared library
// the loading process must have loaded (torch.ops.load_library).
bool torchscript_builtin_namespace(std::string_view ns);

// What module.name (after normalize_pickle_module) is to TorchScript's unpickler;
// a __torch__.torch.classes.<ns> class outside the builtin namespaces is kForbidden.
GlobalUse torchscript_global_use(std::string_view module, std::string_view name);

// What module.name (after normalize_pickle_module) is to the weights_only
// unpickler. Its BUILD updates only objects whose type is Tensor, Parameter,
// OrderedDict or an allowed class, i.e. what calling a kConstructor returns.
GlobalUse pickle_global_use(std::string_view module, std::string_view name);

// True when module.name (after normalize_pickle_module) is on the allow-list.
bool pickle_global_allowed(std::string_view module, std::string_view name);

}  // namespace modelseal::formats::pickle_detail
