// BUILD in the pickle scanner follows PyTorch's weights_only unpickler
// (torch/_weights_only_unpickler.py): it may update a Tensor, a Parameter, an
// OrderedDict or another instance an allowed class made, never a class or
// function itself. Hostile pickles are hand-written opcodes checked with
// CPython's pickletools.dis; CPython's own unpickler, given the slotstate
// attack below, does set collections.Counter.most_common to builtins.set.
// The OrderedDict pickles are pickle.dumps(od, protocol=p) of
//   od = OrderedDict(w=1.5); od._metadata = OrderedDict({"": {"version": 1}})
// which is how torch.save writes a state_dict's _metadata.
#include <doctest/doctest.h>

#include <string>

#include "formats/scan/pickle.hpp"
#include "formats/scan/pickle_allow.hpp"
#include "scan_test_support.hpp"

using namespace modelseal::formats;

using scan_test_support::literal_bytes;

namespace {

ScanReport build_scan(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_pickle(src, "model.pkl");
}

void check_accepted(const std::string& bytes) {
  CAPTURE(bytes);
  const ScanReport r = build_scan(bytes);
  CHECK(scan_test_support::finding_ids(r).empty());
  CHECK_FALSE(r.rejected());
}

// Rejected with only pickle.unsafe_build, whose message names `what`.
void check_unsafe_build(const std::string& bytes, const std::string& what) {
  CAPTURE(bytes);
  const ScanReport r = build_scan(bytes);
  scan_test_support::expect_only_finding(r, "pickle.unsafe_build");
  REQUIRE_FALSE(r.findings.empty());
  CHECK(r.findings[0].message.find(what) != std::string::npos);
  CHECK(r.findings[0].file == "model.pkl");
}

}  // namespace

TEST_CASE("pickle BUILD on an imported class is rejected (issue 14)") {
  // GLOBAL collections.Counter; {"most_common": GLOBAL builtins.set}; BUILD
  const std::string issue =
      literal_bytes("\x80\x02" "ccollections\nCounter\n}X\x0b\x00\x00\x00most_commoncbuiltins\nset\nsb.");
  check_unsafe_build(issue, "collections.Counter itself");
  CHECK(build_scan(issue).findings[0].offset == 55);  // the BUILD opcode
  // the form CPython applies to a class: (None, slotstate) sets attributes with setattr
  check_unsafe_build(literal_bytes("\x80\x02" "ccollections\nCounter\nN}X\x0b\x00\x00\x00most_common"
                       "cbuiltins\nset\ns\x86" "b."),
                     "collections.Counter itself");
  // protocol 4: STACK_GLOBAL and MEMOIZE
  check_unsafe_build(literal_bytes("\x80\x04\x8c\x0b" "collections\x94\x8c\x07" "Counter\x94\x93\x94N}\x94"
                       "\x8c\x0bmost_common\x94\x8c\x08" "builtins\x94\x8c\x03" "set\x94\x93\x94"
                       "s\x86\x94" "b."),
                     "collections.Counter itself");
  // the class fetched back from the memo, and a protocol 0 name
  check_unsafe_build(literal_bytes("ccollections\nOrderedDict\np0\n0g0\n(dp1\nVmove_to_end\np2\nc__builtin__\n"
                       "set\np3\nsb."),
                     "collections.OrderedDict itself");
  check_unsafe_build(literal_bytes("\x80\x02" "ctorch._utils\n_rebuild_tensor_v2\n}b."),
                     "torch._utils._rebuild_tensor_v2 itself");
}

TEST_CASE("pickle BUILD only updates objects an allowed class made") {
  check_unsafe_build(literal_bytes("\x80\x02}}b."), "a value no allowed class made");      // a dict
  check_unsafe_build(literal_bytes("\x80\x02]}b."), "a value no allowed class made");      // a list
  check_unsafe_build(literal_bytes("\x80\x02X\x01\x00\x00\x00x}b."), "a string");
  check_unsafe_build(literal_bytes("\x80\x02" "ctorch\nfloat32\n}b."), "torch.float32 itself");
  // a dtype and _codecs.encode are allowed, but what they are or return is not buildable
  check_unsafe_build(literal_bytes("\x80\x02" "c_codecs\nencode\nX\x01\x00\x00\x00xX\x06\x00\x00\x00latin1"
                       "\x86R}b."),
                     "a value no allowed class made");
  // a storage the loader resolves (BINPERSID) is not updated by any pickle torch writes
  check_unsafe_build(literal_bytes("\x80\x02X\x07\x00\x00\x00storage\x85Q}b."), "a value no allowed class made");
}

TEST_CASE("pickle BUILD on tensors, parameters and OrderedDicts is accepted") {
  // pickle.dumps(OrderedDict with _metadata), protocols 2 and 4
  check_accepted(literal_bytes(
      "\200\002ccollections\012OrderedDict\012q\000)Rq\001X\001\000\000\000wq\002G?\370\000\000"
      "\000\000\000\000s}q\003X\011\000\000\000_metadataq\004h\000)Rq\005X\000\000\000\000q\006}"
      "q\007X\007\000\000\000versionq\010K\001sssb."));
  check_accepted(literal_bytes(
      "\200\004\225X\000\000\000\000\000\000\000\214\013collections\224\214\013OrderedDict\224\223"
      "\224)R\224\214\001w\224G?\370\000\000\000\000\000\000s}\224\214\011_metadata\224h\002)R\224"
      "\214\000\224}\224\214\007version\224K\001sssb."));
  // the instance fetched back from the memo (BINPUT, POP, BINGET)
  check_accepted(literal_bytes("\x80\x02" "ccollections\nOrderedDict\n)Rq\x01" "0h\x01}b."));
  check_accepted(literal_bytes("\x80\x04" "ccollections\nOrderedDict\n)R\x94" "0h\x00}b."));
  // legacy tensors: NEWOBJ of a tensor class, BUILD with (storage, offset, size, stride)
  check_accepted(literal_bytes("\x80\x02" "ctorch\nFloatTensor\n)\x81(NK\x00))tb."));
  // a parameter rebuilt by torch._utils, and an instance of another allowed class (Counter):
  // torch's unpickler allows BUILD on both
  check_accepted(literal_bytes("\x80\x02" "ctorch._utils\n_rebuild_parameter\n(N\x89}tR}b."));
  check_accepted(literal_bytes("\x80\x02" "ccollections\nCounter\n)RN}X\x01\x00\x00\x00xK\x01s\x86" "b."));
  // INST and OBJ of an allowed class make instances too
  check_accepted(literal_bytes("(icollections\nOrderedDict\n(db."));
  check_accepted(literal_bytes("(ccollections\nOrderedDict\no}b."));
}

TEST_CASE("pickle BUILD after a forbidden import") {
  // on the forbidden global itself: both are reported
  const ScanReport r = build_scan(literal_bytes("\x80\x02" "cos\nsystem\n}b."));
  CHECK(scan_test_support::finding_ids(r) ==
        std::set<std::string>{"pickle.unsafe_global", "pickle.unsafe_build"});
  CHECK(r.rejected());
  // on what it returned (numpy's _reconstruct then BUILD): the import says it all
  const ScanReport numpy = build_scan(literal_bytes("\x80\x02" "cnumpy.core.multiarray\n_reconstruct\n)R}b."));
  scan_test_support::expect_only_finding(numpy, "pickle.unsafe_global");
}

TEST_CASE("pickle allow-list tells classes from values") {
  using pickle_detail::GlobalUse;
  using pickle_detail::pickle_global_use;
  CHECK(pickle_global_use("collections", "OrderedDict") == GlobalUse::kConstructor);
  CHECK(pickle_global_use("torch", "FloatTensor") == GlobalUse::kConstructor);
  CHECK(pickle_global_use("torch.cuda", "FloatTensor") == GlobalUse::kConstructor);
  CHECK(pickle_global_use("torch._utils", "_rebuild_tensor_v2") == GlobalUse::kConstructor);
  CHECK(pickle_global_use("__builtin__", "set") == GlobalUse::kConstructor);
  CHECK(pickle_global_use("torch", "float32") == GlobalUse::kValue);
  CHECK(pickle_global_use("torch", "FloatStorage") == GlobalUse::kValue);
  CHECK(pickle_global_use("_codecs", "encode") == GlobalUse::kValue);
  CHECK(pickle_global_use("torch.serialization", "_get_layout") == GlobalUse::kValue);
  CHECK(pickle_global_use("builtins", "getattr") == GlobalUse::kForbidden);
  CHECK(pickle_global_use("torch", "load") == GlobalUse::kForbidden);
}
