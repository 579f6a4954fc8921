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

enum class VKind : uint8_t {
  kOther,
  kString,
  kGlobal,
  kInstance,  // returned by calling an allowed class or tensor rebuild function (or a reported global)
};

struct Value {
  VKind kind = VKind::kOther;
  bool exact = false;        // kString: text is the whole, exactly decoded string
  bool constructor = false;  // kGlobal: GlobalUse::kConstructor, its result is a kInstance
  // kString: the text; kGlobal: the allowed global's module.name (null when not allowed)
  std::shared_ptr<const std::string> text;
};

struct SimResult {
  std::vector<Finding> findings;
  bool stopped = false;     // reached STOP
  uint64_t end = 0;         // offset after the last opcode read
  bool malformed = false;   // a pickle.malformed finding was made
};

// Simulates bytes [0, end) of src; `file` names it in findings. With
// `probe`, no trailing-data finding is made (the caller only sniffs).
SimResult simulate_pickle(const ByteSource& src, std::string_view file, uint64_t end, bool probe);

class PickleSim {
 public:
  PickleSim(const ByteSource& src, std::string_view file, uint64_t end);
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
