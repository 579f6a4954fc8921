// Tests of the pickle scanner (formats/scan/pickle.hpp). The benign pickles
// were generated with CPython 3's pickle module and embedded verbatim:
//   data = {"a": [1, 2], "b": "t", "c": b"\x00x", "d": (1.5, None, True),
//           "e": 2**70, "s": {1}}
//   pickle.dumps(data, protocol=p) for p in 0..5
// The torch-like state_dict was pickled (protocol 2) with stand-in modules named
// torch and torch._utils and a persistent_id of ('storage', torch.FloatStorage,
// key, 'cpu', 4), as torch.save writes it; the malicious ones are hand-written.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "formats/scan/pickle.hpp"
#include "scan_test_support.hpp"

using namespace modelseal::formats;

using scan_test_support::literal_bytes;

namespace {

const std::string kBenign[] = {
    literal_bytes("(dp0\012Va\012p1\012(lp2\012I1\012aI2\012asVb\012p3\012Vt\012p4\012sVc\012p5\012c_cod"
    "ecs\012encode\012p6\012(V\134u0000x\012p7\012Vlatin1\012p8\012tp9\012Rp10\012sVd\012p"
    "11\012(F1.5\012NI01\012tp12\012sVe\012p13\012L1180591620717411303424L\012sVs\012p14\012"
    "c__builtin__\012set\012p15\012((lp16\012I1\012atp17\012Rp18\012s."),
    literal_bytes("}q\000(X\001\000\000\000aq\001]q\002(K\001K\002eX\001\000\000\000bq\003X\001\000\000\000"
    "tq\004X\001\000\000\000cq\005c_codecs\012encode\012q\006(X\002\000\000\000\000xq\007X"
    "\006\000\000\000latin1q\010tq\011Rq\012X\001\000\000\000dq\013(G\077\370\000\000\000\000"
    "\000\000NI01\012tq\014X\001\000\000\000eq\015L1180591620717411303424L\012X\001\000\000"
    "\000sq\016c__builtin__\012set\012q\017(]q\020K\001atq\021Rq\022u."),
    literal_bytes("\200\002}q\000(X\001\000\000\000aq\001]q\002(K\001K\002eX\001\000\000\000bq\003X\001\000"
    "\000\000tq\004X\001\000\000\000cq\005c_codecs\012encode\012q\006X\002\000\000\000\000"
    "xq\007X\006\000\000\000latin1q\010\206q\011Rq\012X\001\000\000\000dq\013G\077\370\000"
    "\000\000\000\000\000N\210\207q\014X\001\000\000\000eq\015\212\011\000\000\000\000\000"
    "\000\000\000@X\001\000\000\000sq\016c__builtin__\012set\012q\017]q\020K\001a\205q\021"
    "Rq\022u."),
    literal_bytes("\200\003}q\000(X\001\000\000\000aq\001]q\002(K\001K\002eX\001\000\000\000bq\003X\001\000"
    "\000\000tq\004X\001\000\000\000cq\005C\002\000xq\006X\001\000\000\000dq\007G\077\370\000"
    "\000\000\000\000\000N\210\207q\010X\001\000\000\000eq\011\212\011\000\000\000\000\000"
    "\000\000\000@X\001\000\000\000sq\012cbuiltins\012set\012q\013]q\014K\001a\205q\015Rq\016"
    "u."),
    literal_bytes("\200\004\225L\000\000\000\000\000\000\000}\224(\214\001a\224]\224(K\001K\002e\214\001"
    "b\224\214\001t\224\214\001c\224C\002\000x\224\214\001d\224G\077\370\000\000\000\000\000"
    "\000N\210\207\224\214\001e\224\212\011\000\000\000\000\000\000\000\000@\214\001s\224\217"
    "\224(K\001\220u."),
    literal_bytes("\200\005\225L\000\000\000\000\000\000\000}\224(\214\001a\224]\224(K\001K\002e\214\001"
    "b\224\214\001t\224\214\001c\224C\002\000x\224\214\001d\224G\077\370\000\000\000\000\000"
    "\000N\210\207\224\214\001e\224\212\011\000\000\000\000\000\000\000\000@\214\001s\224\217"
    "\224(K\001\220u."),
};

const std::string kTorchStateDict = literal_bytes(
    "\200\002ccollections\012OrderedDict\012q\000)Rq\001(X\014\000\000\000layer.weightq\002"
    "ctorch._utils\012_rebuild_tensor_v2\012q\003((X\007\000\000\000storageq\004ctorch\012"
    "FloatStorage\012q\005X\001\000\000\0000q\006X\003\000\000\000cpuq\007K\004tq\010QK\000"
    "K\002K\002\206q\011K\002K\001\206q\012\211h\000)Rq\013tq\014Rq\015X\012\000\000\000la"
    "yer.biasq\016h\003((h\004h\005X\001\000\000\0001q\017h\007K\004tq\020QK\000K\001K\002"
    "\206q\021K\002K\001\206q\022\211h\000)Rq\023tq\024Rq\025u}q\026X\011\000\000\000_meta"
    "dataq\027h\000)Rq\030X\000\000\000\000q\031}q\032X\007\000\000\000versionq\033K\001ss"
    "sb.");

ScanReport pickle_scan(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_pickle(src, "model.pkl");
}

bool pickle_sniff(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return looks_like_pickle(src);
}

std::vector<std::string> pickle_ids(const ScanReport& report) {
  std::vector<std::string> out;
  for (const auto& f : report.findings) out.push_back(f.id);
  return out;
}

// The report has exactly one finding, with this id, whose message names `what`.
void check_only(const std::string& bytes, const std::string& id, const std::string& what = "") {
  const ScanReport report = pickle_scan(bytes);
  CAPTURE(bytes);
  REQUIRE(report.findings.size() == 1);
  const Finding& f = report.findings.front();
  CHECK(f.id == id);
  CHECK(f.file == "model.pkl");
  CHECK(f.message.find(what) != std::string::npos);
  CHECK_FALSE(f.hint.empty());
}

}  // namespace

TEST_CASE("pickle scanner accepts benign pickles of protocols 0 to 5") {
  for (const std::string& bytes : kBenign) {
    CAPTURE(bytes);
    CHECK(pickle_sniff(bytes));
    const ScanReport report = pickle_scan(bytes);
    CHECK(report.format == "pickle");
    CHECK(report.findings.empty());
    CHECK_FALSE(report.rejected());
  }
}

TEST_CASE("pickle scanner accepts a torch state_dict with allowed globals") {
  CHECK(pickle_sniff(kTorchStateDict));
  const ScanReport report = pickle_scan(kTorchStateDict);
  CHECK(pickle_ids(report).empty());
  CHECK_FALSE(report.rejected());
}

TEST_CASE("pickle scanner rejects unsafe globals and names them") {
  // GLOBAL os.system + REDUCE
  check_only(literal_bytes("cos\nsystem\n(S'id'\ntR."), "pickle.unsafe_global", "os.system");
  check_only(literal_bytes("cposix\nsystem\n(S'id'\ntR."), "pickle.unsafe_global", "posix.system");
  check_only(literal_bytes("c__builtin__\neval\n(S'1'\ntR."), "pickle.unsafe_global", "__builtin__.eval");
  // STACK_GLOBAL builtins.eval
  check_only(literal_bytes("\x80\x04\x8c\x08" "builtins\x8c\x04" "eval\x93\x8c\x03" "1+1\x85R."),
             "pickle.unsafe_global", "builtins.eval (STACK_GLOBAL at offset 18");
  check_only(literal_bytes("\x80\x02" "csubprocess\nPopen\nS'id'\n\x85R."), "pickle.unsafe_global",
             "subprocess.Popen");
  // INST (protocol 0 instantiation) follows the same allow-list
  check_only(literal_bytes("(S'id'\nios\nsystem\n."), "pickle.unsafe_global", "os.system");
  const ScanReport r = pickle_scan(literal_bytes("(S'id'\nios\nsystem\n."));
  CHECK(r.findings.front().offset == 7);  // the INST opcode
  CHECK(r.rejected());
}

TEST_CASE("pickle scanner follows a getattr chain") {
  // builtins.getattr(builtins.__import__('os'), 'system')('id')
  const ScanReport report = pickle_scan(literal_bytes(
      "\x80\x04\x8c\x08" "builtins\x8c\x07" "getattr\x93\x8c\x08" "builtins\x8c\x0a"
      "__import__\x93\x8c\x02" "os\x85R\x8c\x06" "system\x86R\x8c\x02" "id\x85R."));
  const auto got = pickle_ids(report);
  REQUIRE(report.findings.size() == 3);
  CHECK(report.findings[0].message.find("builtins.getattr") != std::string::npos);
  CHECK(report.findings[1].message.find("builtins.__import__") != std::string::npos);
  CHECK(got[0] == "pickle.unsafe_global");
  CHECK(got[1] == "pickle.unsafe_global");
  CHECK(got[2] == "pickle.dynamic_call");  // calling getattr's result
}

TEST_CASE("pickle scanner flags computed imports and calls") {
  // STACK_GLOBAL("builtins", _codecs.encode("eval", "ascii"))()
  check_only(literal_bytes("\x80\x04\x8c\x08" "builtins\x8c\x07_codecs\x8c\x06" "encode\x93\x8c\x04"
               "eval\x8c\x05" "ascii\x86R\x93)R."),
             "pickle.dynamic_global", "STACK_GLOBAL at offset");
  check_only(literal_bytes("(S'x'\no."), "pickle.dynamic_call", "OBJ");
  check_only(literal_bytes("\x80\x02\x82\x01)R."), "pickle.extension_code", "EXT1");
}

TEST_CASE("pickle scanner reports broken streams") {
  const std::string& p2 = kBenign[2];
  check_only(p2.substr(0, p2.size() - 1), "pickle.truncated", "STOP");
  check_only(p2.substr(0, 20), "pickle.truncated");
  const ScanReport trailing = pickle_scan(p2 + "junk");
  REQUIRE(trailing.findings.size() == 1);
  CHECK(trailing.findings[0].id == "pickle.trailing_data");
  CHECK(trailing.findings[0].severity == Severity::kWarning);
  CHECK(trailing.findings[0].offset == p2.size());
  CHECK_FALSE(trailing.rejected());
  check_only(literal_bytes("\x80\x02" "a."), "pickle.malformed", "underflow");
  check_only(literal_bytes("\x80\x02(K\x01s."), "pickle.malformed", "underflow");  // below the MARK
  check_only(literal_bytes("\x80\x02h\x05."), "pickle.malformed", "memo index 5");
  check_only(literal_bytes("\x80\x02g7\n."), "pickle.malformed", "memo index 7");
  check_only(literal_bytes("\x80\x02\xff."), "pickle.malformed", "0xff");
  check_only(literal_bytes("\x80\x02" "e."), "pickle.malformed", "MARK");
  check_only(literal_bytes("\x80\x07N."), "pickle.malformed", "protocol 7");
  check_only(literal_bytes("\x80\x02X\xff\xff\xff\xff" "ab."), "pickle.truncated", "4294967295");
  check_only(literal_bytes("\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\xff."), "pickle.truncated");
  check_only(literal_bytes("\x80\x02T\xff\xff\xff\xff."), "pickle.malformed", "negative");
  check_only(literal_bytes(""), "pickle.truncated");
}

TEST_CASE("pickle scanner enforces its limits") {
  check_only(std::string(20000, '('), "pickle.limit_exceeded", "MARK");
  check_only("\x80\x02" + std::string(200000, 'N'), "pickle.limit_exceeded", "stack");
  check_only("c" + std::string(2 << 20, 'a'), "pickle.limit_exceeded", "line");
  check_only(literal_bytes("\x80\x02Nr\xff\xff\xff\xff."), "pickle.limit_exceeded", "memo index 4294967295");
  CHECK(pickle_scan(literal_bytes("\x80\x02Nr\xff\xff\x3f\x00j\xff\xff\x3f\x00\x86.")).findings.empty());
  std::string many = "\x80\x04";  // 150 distinct unsafe globals
  for (int i = 0; i < 150; ++i) many += "cm" + std::to_string(i) + "\nf\n0";
  const ScanReport report = pickle_scan(many + "N.");
  CHECK(report.findings.size() == 100);
  CHECK(report.findings.back().id == "pickle.limit_exceeded");
}

TEST_CASE("pickle sniffing recognises pickles only") {
  CHECK(pickle_sniff(literal_bytes("\x80\x05N.")));
  CHECK(pickle_sniff(literal_bytes("N.")));
  CHECK(pickle_sniff(literal_bytes("cos\nsystem\n(S'id'\ntR.")));
  CHECK_FALSE(pickle_sniff(literal_bytes("\x80\x06N.")));
  CHECK_FALSE(pickle_sniff(literal_bytes("\x80")));
  CHECK_FALSE(pickle_sniff(""));
  CHECK_FALSE(pickle_sniff("hello world"));
  CHECK_FALSE(pickle_sniff("(see above)."));
  CHECK_FALSE(pickle_sniff("I love pickles.\n"));
  CHECK_FALSE(pickle_sniff(literal_bytes("\x08\x00\x00\x00\x00\x00\x00\x00{\"a\":1}")));  // safetensors
  CHECK_FALSE(pickle_sniff("GGUF\x03"));
}
