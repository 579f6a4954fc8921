#include "formats/scan/pickle_allow.hpp"

#include <algorithm>
#include <array>

namespace modelseal::formats::pickle_detail {

namespace {

// module "torch", values no one calls: dtypes (str(dtype)), quantization
// schemes, legacy storage classes.
constexpr std::string_view kTorchNames[] = {
    // dtypes: torch.storage._dtype_to_storage_type_map() and _new_dtypes()
    "float64", "float32", "float16", "bfloat16", "complex32", "complex64", "complex128",
    "int64", "int32", "int16", "int8", "uint8", "uint16", "uint32", "uint64", "bool",
    "quint8", "qint8", "qint32", "quint4x2", "quint2x4", "float8_e5m2", "float8_e4m3fn",
    "float8_e5m2fnuz", "float8_e4m3fnuz", "bits8", "bits16", "bits1x8", "bits2x4", "bits4x2",
    "uint1", "uint2", "uint3", "uint4", "uint5", "uint6", "uint7",
    "int1", "int2", "int3", "int4", "int5", "int6", "int7",
    // quantization schemes
    "per_tensor_affine", "per_tensor_symmetric", "per_channel_affine", "per_channel_symmetric",
    "per_channel_affine_float_qparams",
    // torch._storage_classes (legacy typed storages, wrapped in a StorageType that is no class)
    "DoubleStorage", "FloatStorage", "HalfStorage", "BFloat16Storage", "LongStorage",
    "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage",
    "ComplexFloatStorage", "ComplexDoubleStorage", "QUInt8Storage", "QInt8Storage",
    "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage",
};

// module "torch": classes, torch._tensor_classes and the classes listed by name.
constexpr std::string_view kTorchClasses[] = {
    "DoubleTensor", "FloatTensor", "HalfTensor", "BFloat16Tensor", "LongTensor", "IntTensor",
    "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor", "Size", "Tensor", "device",
};

// module "torch.cuda": CUDA tensor classes (torch._tensor_classes).
constexpr std::string_view kTorchCudaNames[] = {
    "DoubleTensor", "FloatTensor", "HalfTensor", "BFloat16Tensor", "LongTensor",
    "IntTensor", "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor",
};

// Functions whose results BUILD may not update (bytes, torch.layout), by full name.
constexpr std::string_view kFullFunctions[] = {
    "torch.serialization._get_layout",
    "_codecs.encode",  // bytes, protocols 0-2
};

// Everything else, by full name: classes, and functions that return tensors or parameters.
constexpr std::string_view kFullConstructors[] = {
    "collections.OrderedDict",
    "collections.Counter",
    "torch.nn.parameter.Parameter",
    "torch.storage.UntypedStorage",
    "torch.storage.TypedStorage",
    "torch._tensor._rebuild_from_type_v2",
    // torch.serialization._tensor_rebuild_functions()
    "torch._utils._rebuild_parameter",
    "torch._utils._rebuild_parameter_with_state",
    "torch._utils._rebuild_qtensor",
    "torch._utils._rebuild_tensor",
    "torch._utils._rebuild_tensor_v2",
    "torch._utils._rebuild_tensor_v3",
    "torch._utils._rebuild_sparse_tensor",
    "torch._utils._rebuild_meta_tensor_no_storage",
    "torch._utils._rebuild_nested_tensor",
    "torch._utils._rebuild_wrapper_subclass",
    "torch._utils._rebuild_device_tensor_from_numpy",
    "torch._utils._rebuild_device_tensor_from_cpu_tensor",
    // builtins the default pickler uses for plain data
    "builtins.bytearray",  // bytearray, protocols 0-4
    "builtins.set",        // set, protocols 0-3
    "builtins.complex",    // complex numbers
};

// joblib.dump of NumPy data (joblib/numpy_pickle.py, NumpyPickler.save): the
// wrapper and its state (subclass, dtype), and what numpy's own reduce writes
// for arrays inside object arrays and for NumPy scalars (numpy 1.x and 2.x names).
constexpr std::string_view kJoblibConstructors[] = {
    "joblib.numpy_pickle.NumpyArrayWrapper",
    "numpy.dtype",
    "numpy.core.multiarray._reconstruct",
    "numpy._core.multiarray._reconstruct",
};
constexpr std::string_view kJoblibValues[] = {
    "numpy.ndarray", "numpy.matrix", "numpy.memmap",
    "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
    "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
};

// torch.jit.load (Unpickler::readGlobal): the helpers it implements itself.
constexpr std::string_view kTorchScriptFunctions[] = {
    "torch.jit._pickle.build_tensor_from_id", "torch.jit._pickle.restore_type_tag",
    "torch.jit._pickle.build_intlist",        "torch.jit._pickle.build_tensorlist",
    "torch.jit._pickle.build_doublelist",     "torch.jit._pickle.build_boollist",
    "torch._utils._rebuild_tensor_v2",        "torch._utils._rebuild_qtensor",
    "torch._utils._rebuild_sparse_tensor",    "torch._tensor._rebuild_from_type_v2",
    "builtins.complex",                       "collections.OrderedDict",
    "torch.device",                           "__main__.TensorID",
    "__main__.IntList",
};

// "torch.<Scalar>Storage" (AT_FORALL_SCALAR_TYPES_WITH_COMPLEX_AND_QINTS) and the
// quantization schemes: readGlobal pushes them as plain values.
constexpr std::string_view kTorchScriptTorchValues[] = {
    "ByteStorage", "CharStorage", "ShortStorage", "IntStorage", "LongStorage", "HalfStorage",
    "FloatStorage", "DoubleStorage", "ComplexHalfStorage", "ComplexFloatStorage",
    "ComplexDoubleStorage", "BoolStorage", "BFloat16Storage", "QInt8Storage", "QUInt8Storage",
    "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage", "Float8_e5m2Storage",
    "Float8_e4m3fnStorage", "Float8_e5m2fnuzStorage", "Float8_e4m3fnuzStorage",
    "per_tensor_affine", "per_channel_affine", "per_tensor_symmetric", "per_channel_symmetric",
    "per_channel_affine_float_qparams",
};

constexpr std::string_view kTorchBuiltinNamespaces[] = {
    "aten", "prim", "prims", "quantized", "_quantized", "_caffe2", "profiler", "cuda",
    "xnnpack", "mkldnn", "mkldnn_prepacked", "onednn", "sparse", "_nnapi", "_c10d_functional",
    "c10d", "dist_c10d", "fbgemm", "static_runtime",
};

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (const char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

// "__torch__" or "__torch__.a.b": a class compiled from the archive's code/.
bool is_torch_module(std::string_view module) {
  if (module == "__torch__") return true;
  if (!module.starts_with("__torch__.")) return false;
  module.remove_prefix(10);
  for (;;) {
    const size_t dot = module.find('.');
    if (!is_identifier(module.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    module.remove_prefix(dot + 1);
  }
}

template <size_t N>
bool contains(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

}  // namespace

std::string_view normalize_pickle_module(std::string_view module) {
  if (module == "__builtin__") return "builtins";
  if (module == "copy_reg") return "copyreg";
  return module;
}

GlobalUse pickle_global_use(std::string_view module, std::string_view name) {
  module = normalize_pickle_module(module);
  if (module == "torch") {
    if (contains(kTorchClasses, name)) return GlobalUse::kConstructor;
    return contains(kTorchNames, name) ? GlobalUse::kValue : GlobalUse::kForbidden;
  }
  if (module == "torch.cuda")
    return contains(kTorchCudaNames, name) ? GlobalUse::kConstructor : GlobalUse::kForbidden;
  std::string full;
  full.reserve(module.size() + 1 + name.size());
  full.append(module).append(".").append(name);
  if (contains(kFullConstructors, full)) return GlobalUse::kConstructor;
  return contains(kFullFunctions, full) ? GlobalUse::kValue : GlobalUse::kForbidden;
}

GlobalUse joblib_global_use(std::string_view module, std::string_view name) {
  const std::string full = std::string(normalize_pickle_module(module)) + "." + std::string(name);
  if (contains(kJoblibConstructors, full)) return GlobalUse::kConstructor;
  return contains(kJoblibValues, full) ? GlobalUse::kValue : GlobalUse::kForbidden;
}

bool torchscript_builtin_namespace(std::string_view ns) {
  return contains(kTorchBuiltinNamespaces, ns);
}

GlobalUse torchscript_global_use(std::string_view module, std::string_view name) {
  module = normalize_pickle_module(module);
  if (is_torch_module(module) && is_identifier(name)) {
    constexpr std::string_view kClasses = "__torch__.torch.classes";
    if (module == kClasses) return GlobalUse::kForbidden;
    if (module.starts_with(kClasses) && module[kClasses.size()] == '.') {
      const std::string_view ns = module.substr(kClasses.size() + 1);
      if (!torchscript_builtin_namespace(ns.substr(0, ns.find('.')))) return GlobalUse::kForbidden;
    }
    return GlobalUse::kConstructor;
  }
  if (module == "torch" && contains(kTorchScriptTorchValues, name)) return GlobalUse::kValue;
  const std::string full = std::string(module) + "." + std::string(name);
  return contains(kTorchScriptFunctions, full) ? GlobalUse::kConstructor : GlobalUse::kForbidden;
}

bool pickle_global_allowed(std::string_view module, std::string_view name) {
  return pickle_global_use(module, name) != GlobalUse::kForbidden;
}

}  // namespace modelseal::formats::pickle_detail
