// Abstract interpreter of the pickle opcode stream (never executes it): tracks
// which values are literal strings, which are imported globals and which are
// objects an allowed class made, so every import, call and BUILD can be
// checked against the allow-list. Bounded in opcodes, stack, memo, MARK depth,
// line length and retained string bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "formats/scan/findings_sink.hpp"
#include "formats/scan/pickle_allow.hpp"
#include "formats/scan/pickle_cursor.hpp"
#include "formats/scan/pickle_ops.hpp"
#include "formats/scan/scan.hpp"

namespace modelseal::formats::pickle_detail {

inline constexpr uint64_t kMaxOpcodes = 50'000'000;
inline constexpr size_t kMaxStack = 100'000;
inline constexpr size_t kMaxMemo = size_t{1} << 22;  // memo indices are below this
inline constexpr size_t kMaxMarkDepth = 10'000;
inline constexpr uint64_t kMaxLineBytes = 1 << 20;
inline constexpr size_t kMaxKeptString = 256;           // longer strings are not names
inline constexpr uint64_t kMaxKeptStringBytes = 128 << 20;  // incl. 64 per string
// Findings listed: kMaxFindings - 1, then "pickle.limit_exceeded" ("more than
// kMaxFindings findings; scan stopped") as the kMaxFindings-th.
inline constexpr size_t kMaxFindings = 100;

// joblib files (joblib.dump): a NumpyArrayWrapper's BUILD is followed by the
// array's raw bytes (or, for object arrays, a nested pickle), which the scan
// skips by the size its state declares (docs/findings-joblib.md).
inline constexpr uint64_t kJoblibMaxArrayBytes = uint64_t{1} << 40;
// Items kept per tuple or dict while joblib values are tracked; more: not kept.
inline constexpr size_t kMaxKeptItems = 64;

enum class JoblibMode : uint8_t {
  kOff,     // a plain pickle: joblib and numpy globals are not allowed
  kDetect,  // a file joblib.load may read: joblib globals are allowed once a
            // NumpyArrayWrapper is built, whose array bytes are then skipped
  kNested,  // the pickle of an object array inside a joblib file (pickle.load)
};

struct SimOptions {
  PickleDialect dialect = PickleDialect::kWeightsOnly;
  JoblibMode joblib = JoblibMode::kOff;
};

enum class VKind : uint8_t {
  kOther,
  kString,
  kGlobal,
  kInstance,  // returned by calling an allowed class or tensor rebuild function (or a reported global)
  // tracked only with joblib values (SimOptions::joblib not kOff):
  kInt,
  kNone,
  kTuple,  // items: scalars only (a nested container is kept as kOther)
  kDict,   // items: key, value, key, value...; values may be tuples or dtypes
};

struct Value;
struct Items {
  std::vector<Value> values;
  bool cut = false;  // more than kMaxKeptItems: the values were dropped
};

// A numpy.dtype being rebuilt: REDUCE's (code, align, copy), BUILD's state.
struct DtypeInfo {
  std::string code;    // "f8", "U10", "O8", "V12"...
  int64_t elsize = -1;  // state[5]
  int64_t flags = 0;    // state[7]; bit 0: the dtype holds Python objects
  bool state_ok = true;
};

struct Value {
  VKind kind = VKind::kOther;
  bool exact = false;        // kString: text is the whole, exactly decoded string
  bool constructor = false;  // kGlobal: GlobalUse::kConstructor, its result is a kInstance
  // kString: the text; kGlobal: the allowed global's module.name (null when not allowed);
  // kInstance (joblib values tracked): the allowed class that made it
  std::shared_ptr<const std::string> text;
  int64_t num = 0;                        // kInt
  std::shared_ptr<Items> items;           // kTuple, kDict
  std::shared_ptr<DtypeInfo> dtype;       // kInstance of numpy.dtype

  static Value of(VKind kind, std::shared_ptr<const std::string> text = nullptr) {
    Value v;
    v.kind = kind;
    v.text = std::move(text);
    return v;
  }
  static Value container(VKind kind) {  // an empty kTuple or kDict
    Value v;
    v.kind = kind;
    v.items = std::make_shared<Items>();
    return v;
  }
};

struct SimResult {
  std::vector<Finding> findings;
  bool stopped = false;     // reached STOP
  uint64_t end = 0;         // offset after the last opcode read
  bool malformed = false;   // a pickle.malformed finding was made
  uint64_t joblib_arrays = 0;  // NumpyArrayWrapper arrays skipped (JoblibMode::kDetect)
};

// Simulates bytes [0, end) of src; `file` names it in findings. With
// `probe`, no trailing-data finding is made (the caller only sniffs).
SimResult simulate_pickle(const ByteSource& src, std::string_view file, uint64_t end, bool probe,
                          const SimOptions& options = {});

class PickleSim {
 public:
  PickleSim(const ByteSource& src, std::string_view file, uint64_t end, const SimOptions& options);
  SimResult run(bool probe);

 private:
  bool read_arg(const PickleOp& op);
  void execute(const PickleOp& op);
  void execute_data(const PickleOp& op);
  void execute_struct(const PickleOp& op);
  void execute_object(const PickleOp& op);
  void execute_memo(const PickleOp& op);

  void add(std::string_view id, Severity sev, std::string message);
  void fail(std::string_view id, std::string message);  // error; stops the scan
  size_t frame_size() const;
  bool need(size_t n, const PickleOp& op);
  bool pop_mark(size_t& count, const PickleOp& op);
  void pop(size_t n) { stack_.resize(stack_.size() - n); }
  void push(Value v);
  void push_other() { push(Value{}); }
  void push_string(bool exact);  // the argument just read, as a string value
  Value import_global(std::string_view module, std::string_view name, bool exact,
                      const char* how);
  void check_call(const Value& callable, const PickleOp& op);
  void push_result(const Value& callable);  // what calling or instantiating it returns
  void check_build(const Value& target);
  bool memo_index(uint64_t& index);  // parses the decimal line argument
  GlobalUse global_use(std::string_view module, std::string_view name);
  void report_unsafe_global(const std::string& shown, const char* how, uint64_t offset);

  // joblib values (pickle_joblib.cpp)
  bool tracking() const { return options_.joblib != JoblibMode::kOff; }
  void push_int(int64_t v);
  bool push_number();  // the argument of the numeric opcode just read, when tracked
  void push_tuple(size_t n);      // of the top n items, which are popped
  Value keep_item(const Value& v, bool in_dict);
  void set_items(Value& dict, size_t n);  // the top n items into dict, popped
  void note_call(const Value& callable, const Value& args, Value& result);
  void note_build(const Value& target, const Value& state);
  void read_joblib_array(const Value& state);
  void read_object_array();

  SimOptions options_;
  std::string file_;
  const ByteSource& src_;
  uint64_t end_;
  uint64_t frame_end_ = 0;
  uint8_t op_code_ = 0;
  bool unaligned_reported_ = false;
  uint64_t joblib_arrays_ = 0;
  // joblib globals allowed only once a wrapper is built (kDetect): name -> where and how first imported
  std::vector<std::pair<std::string, std::pair<const char*, uint64_t>>> pending_joblib_;

  PickleCursor cur_;
  std::vector<Finding> findings_;
  FindingsSink sink_;  // into findings_
  std::vector<Value> stack_;
  std::vector<size_t> marks_;
  // memo: slot i is kMemoUnset, kMemoOther, kMemoInstance or kMemoValues + an
  // index into memo_values_ (a string or global, the values whose identity matters)
  static constexpr uint32_t kMemoUnset = 0, kMemoOther = 1, kMemoInstance = 2, kMemoValues = 3;
  std::vector<uint32_t> memo_slots_;
  std::vector<Value> memo_values_;
  // the names of allowed globals, one string each (at most the allow-list)
  std::unordered_map<std::string, std::shared_ptr<const std::string>> global_names_;
  size_t memo_count_ = 0;
  std::unordered_set<std::string> reported_;
  uint64_t op_offset_ = 0;
  uint64_t kept_bytes_ = 0;
  bool done_ = false;
  bool stopped_ = false;
  bool malformed_ = false;
  // the argument of the current opcode
  uint64_t num_ = 0;
  std::string text_, text2_;
  bool cut_ = false, cut2_ = false;
};

}  // namespace modelseal::formats::pickle_detail
