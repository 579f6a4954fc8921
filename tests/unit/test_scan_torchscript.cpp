// Tests of the TorchScript side of the ZIP scanner (zip_torchscript.cpp, the
// TorchScript allow-list in pickle_allow.cpp) and of joblib files in the pickle
// scanner (pickle_joblib.cpp). kJoblibArange is what python3-joblib 1.2 writes for
//   joblib.dump(numpy.arange(3, dtype="<i2"), f, protocol=2)
// (the wrapper's state, 5 bytes of alignment padding after a length byte, then
// the six array bytes 00 00 01 00 02 00, then STOP).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "formats/scan/pickle.hpp"
#include "formats/scan/pickle_allow.hpp"
#include "formats/scan/zip_scan.hpp"
#include "formats/scan/zip_scan_internal.hpp"
#include "scan_test_support.hpp"
#include "zip_test_support.hpp"

using namespace modelseal::formats;
using namespace zip_test_support;
using namespace std::string_literals;
using scan_test_support::finding_ids;
using Ids = std::set<std::string>;

using scan_test_support::literal_bytes;
namespace {

const std::string kJoblibArange = literal_bytes(
    "\200\002cjoblib.numpy_pickle\012NumpyArrayWrapper\012q\000)\201q\001}q\002(X\010\000\000"
    "\000subclassq\003cnumpy\012ndarray\012q\004X\005\000\000\000shapeq\005K\003\205q\006X"
    "\005\000\000\000orderq\007X\001\000\000\000Cq\010X\005\000\000\000dtypeq\011cnumpy\012dt"
    "ype\012q\012X\002\000\000\000i2q\013\211\210\207q\014Rq\015(K\003X\001\000\000\000<q\016"
    "NNNJ\377\377\377\377J\377\377\377\377K\000tq\017bX\012\000\000\000allow_mmapq\020\210X"
    "\033\000\000\000numpy_array_alignment_bytesq\021K\020ub\005\377\377\377\377\377\000\000"
    "\001\000\002\000."
);
constexpr size_t kShapeAt = 95;  // "K\003\205": shape (3,)

ScanReport torch_pickle_scan(const std::string& bytes, PickleContext context = PickleContext::kFile) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_pickle(src, "f.joblib", context);
}

ScanReport torch_zip_scan(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_zip(src, "m.pt");
}

Ids code_ids(const std::string& code) {
  return finding_ids(zip_scan_detail::scan_torchscript_code(code, "m.pt:m/code/__torch__.py"));
}

// data.pkl of `__torch__.Tiny` with one attribute, as torch.jit.save writes it.
const std::string kTinyModule =
    "\x80\x02" "c__torch__\nTiny\nq\x00)\x81}(X\x08\x00\x00\x00trainingq\x01\x89ub."s;

std::vector<Member> torchscript_members(const std::string& data_pkl = kTinyModule,
                                        const std::string& code = "def forward(self): return 1\n") {
  return {Member("m/data.pkl", data_pkl), Member("m/code/__torch__.py", code),
          Member("m/constants.pkl", "\x80\x02)."s), Member("m/data/0", "\x01\x02\x03\x04"),
          Member("m/version", "3\n")};
}

}  // namespace

TEST_CASE("torchscript: code is scanned for operator and class namespaces outside libtorch") {
  CHECK(code_ids("x = torch.ops.aten.add(a, b)\ny = ops.prim.NumToTensor(c)\n").empty());
  CHECK(code_ids("x = torch.ops.evil_ns.run(a)\n") == Ids{"torchscript.custom_op"});
  CHECK(code_ids("x = ops.evil_ns.run(a)\n") == Ids{"torchscript.custom_op"});
  CHECK(code_ids("x = torch . ops .\\\n evil_ns.run(a)\n") == Ids{"torchscript.custom_op"});
  CHECK(code_ids("x : __torch__.torch.classes.evil_ns.Runner\n") == Ids{"torchscript.custom_class"});
  CHECK(code_ids("x = torch.classes.evil_ns.Runner()\n") == Ids{"torchscript.custom_class"});
  CHECK(code_ids("x : __torch__.torch.classes.quantized.LinearPackedParamsBase\n").empty());
  // An attribute named ops, a comment and a string literal call nothing.
  CHECK(code_ids("x = self.ops.evil_ns\n# torch.ops.evil_ns.run\ns = \"torch.ops.evil_ns\"\n").empty());
  CHECK(code_ids("s = '''torch.ops.evil_ns\n'''\n").empty());
  CHECK(code_ids("t = torch.from_file(\"/etc/shadow\", False, 64)\n") == Ids{"torchscript.file_access"});
  CHECK(code_ids("t = ops.aten.from_file(name)\nu = torch.ops.aten.from_file(name)\n") == Ids{"torchscript.file_access"});
  CHECK(code_ids("t = self.from_file(name)\n").empty());

  // Each namespace is reported once.
  const ScanReport twice = zip_scan_detail::scan_torchscript_code("torch.ops.a.x\ntorch.ops.a.y\ntorch.ops.b.z", "c");
  CHECK(twice.findings.size() == 2);
}

TEST_CASE("torchscript: the allow-list of torch.jit.load's unpickler") {
  using pickle_detail::GlobalUse;
  using pickle_detail::torchscript_global_use;
  CHECK(torchscript_global_use("__torch__", "Tiny") == GlobalUse::kConstructor);
  CHECK(torchscript_global_use("__torch__.torch.nn.modules.linear", "Linear") == GlobalUse::kConstructor);
  CHECK(torchscript_global_use("__torch__.torch.classes.quantized", "LinearPackedParamsBase") ==
        GlobalUse::kConstructor);
  CHECK(torchscript_global_use("__torch__.torch.classes.evil_ns", "Runner") == GlobalUse::kForbidden);
  CHECK(torchscript_global_use("__torch__.torch.classes", "Runner") == GlobalUse::kForbidden);
  CHECK(torchscript_global_use("__torch__.a-b", "X") == GlobalUse::kForbidden);
  CHECK(torchscript_global_use("__torch__x", "Y") == GlobalUse::kForbidden);
  CHECK(torchscript_global_use("__torch__", "a b") == GlobalUse::kForbidden);
  CHECK(torchscript_global_use("torch._utils", "_rebuild_tensor_v2") == GlobalUse::kConstructor);
  CHECK(torchscript_global_use("torch.jit._pickle", "build_intlist") == GlobalUse::kConstructor);
  CHECK(torchscript_global_use("torch", "FloatStorage") == GlobalUse::kValue);
  CHECK(torchscript_global_use("torch", "load") == GlobalUse::kForbidden);
  CHECK(torchscript_global_use("os", "system") == GlobalUse::kForbidden);
  CHECK(torchscript_global_use("builtins", "eval") == GlobalUse::kForbidden);
}

TEST_CASE("torchscript: archives are recognised and their pickles get the TorchScript allow-list") {
  const ScanReport ok = torch_zip_scan(build_zip(torchscript_members()).bytes);
  CHECK(ok.format == "torchscript");
  CHECK(finding_ids(ok) == Ids{"torchscript.code"});
  CHECK_FALSE(ok.rejected());

  // The same data.pkl in a torch.save checkpoint (no code/, no constants.pkl): weights_only rules.
  const ScanReport plain = torch_zip_scan(build_zip({Member("m/data.pkl", kTinyModule), Member("m/version", "3\n")}).bytes);
  CHECK(plain.format == "pytorch-zip");
  CHECK(finding_ids(plain) == Ids{"pickle.unsafe_global"});

  const std::string evil = "\x80\x02" "cos\nsystem\nX\x02\x00\x00\x00id\x85R."s;
  CHECK(finding_ids(torch_zip_scan(build_zip(torchscript_members(evil)).bytes)) ==
        Ids{"torchscript.code", "pickle.unsafe_global"});
  std::vector<Member> debug = torchscript_members();
  debug.push_back(Member("m/code/__torch__.py.debug_pkl", evil));
  CHECK(finding_ids(torch_zip_scan(build_zip(debug).bytes)).count("pickle.unsafe_global") == 1);
  CHECK(finding_ids(torch_zip_scan(build_zip(torchscript_members(kTinyModule, "torch.ops.evil.x()\n")).bytes)) ==
        Ids{"torchscript.code", "torchscript.custom_op"});

  std::vector<Member> extra = torchscript_members();
  extra.push_back(Member("m/run.sh", "rm -rf /"));
  const ScanReport outside = torch_zip_scan(build_zip(extra).bytes);
  CHECK(finding_ids(outside).count("zip.pytorch_layout") == 1);
}

TEST_CASE("joblib: the NumpyArrayWrapper's array bytes are skipped") {
  const ScanReport ok = torch_pickle_scan(kJoblibArange);
  CHECK(ok.format == "joblib");
  CHECK(ok.findings.empty());

  // Array bytes that would be opcodes (a GLOBAL os.system) are never simulated.
  std::string lure = kJoblibArange;
  lure.replace(lure.size() - 7, 6, "cos\ns.");
  CHECK(torch_pickle_scan(lure).findings.empty());

  // A torch.save checkpoint's pickle is never joblib's.
  CHECK(finding_ids(torch_pickle_scan(kJoblibArange, PickleContext::kTorchMember)).count("pickle.unsafe_global") == 1);

  // A reduce after the array is still found.
  std::string after = kJoblibArange.substr(0, kJoblibArange.size() - 1) + "0cos\nsystem\nX\x02\x00\x00\x00id\x85R."s;
  CHECK(finding_ids(torch_pickle_scan(after)).count("pickle.unsafe_global") == 1);
  CHECK(torch_pickle_scan(after).format == "joblib");
}

TEST_CASE("joblib: cut, oversized and unreadable arrays are findings") {
  CHECK(finding_ids(torch_pickle_scan(kJoblibArange.substr(0, kJoblibArange.size() - 3))) == Ids{"joblib.truncated"});
  CHECK(finding_ids(torch_pickle_scan(kJoblibArange.substr(0, kJoblibArange.size() - 10))) == Ids{"joblib.truncated"});

  std::string huge = kJoblibArange;  // shape (2^62,): 2^63 bytes of int16
  huge.replace(kShapeAt, 3, "\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x40\x85"s);
  CHECK(finding_ids(torch_pickle_scan(huge)) == Ids{"joblib.limit_exceeded"});
  std::string overflow = kJoblibArange;  // shape (2^62, 2^62)
  overflow.replace(kShapeAt, 3, "\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x40\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x40\x86"s);
  CHECK(finding_ids(torch_pickle_scan(overflow)) == Ids{"joblib.limit_exceeded"});
  std::string negative = kJoblibArange;
  negative.replace(kShapeAt, 3, "J\xff\xff\xff\xff\x85"s);
  CHECK(finding_ids(torch_pickle_scan(negative)) == Ids{"joblib.bad_array_header"});
  std::string no_shape = kJoblibArange;
  no_shape.replace(kShapeAt, 3, "N");
  CHECK(finding_ids(torch_pickle_scan(no_shape)) == Ids{"joblib.bad_array_header"});

  // joblib < 1.2: no alignment, the array bytes follow BUILD directly (a warning).
  std::string unaligned = kJoblibArange;
  const size_t at = unaligned.find("K\020ub\005");
  REQUIRE(at != std::string::npos);
  unaligned.replace(at, 10, "Nub");  // K 16 u b, the length byte 5 and its 5 padding bytes
  const ScanReport old = torch_pickle_scan(unaligned);
  CHECK(finding_ids(old) == Ids{"joblib.unaligned_array"});
  CHECK_FALSE(old.rejected());
  std::string bad_dtype = kJoblibArange;
  bad_dtype.replace(bad_dtype.find("i2q"), 2, "x2");
  CHECK(finding_ids(torch_pickle_scan(bad_dtype)) == Ids{"joblib.bad_array_header"});

  // numpy globals in a pickle with no wrapper stay forbidden.
  const std::string dtype_only = "\x80\x02" "cnumpy\ndtype\nX\x02\x00\x00\x00i2\x85R."s;
  CHECK(finding_ids(torch_pickle_scan(dtype_only)) == Ids{"pickle.unsafe_global"});
  CHECK(torch_pickle_scan(dtype_only).format == "pickle");
}
