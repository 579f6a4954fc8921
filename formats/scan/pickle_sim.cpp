#include "formats/scan/pickle_sim.hpp"

#include <array>
#include <string>

namespace modelseal::formats::pickle_detail {

namespace {

constexpr std::string_view kDynamicHint = "the pickle computes what it imports or calls; treat it as hostile";

const HintTable& pickle_hints() {
  static constexpr std::array<HintEntry, 13> kHints{{
      {"pickle.unsafe_global",
       "loading this pickle can run arbitrary code; convert the weights to safetensors"},
      {"pickle.unsafe_build",
       "BUILD would change a class or value outside the weights_only rules; treat it as hostile"},
      {"pickle.dynamic_global", kDynamicHint},
      {"pickle.dynamic_call", kDynamicHint},
      {"pickle.extension_code",
       "the copyreg extension registry is never used by model files; treat it as hostile"},
      {"pickle.truncated", "the file is cut short; upload it again"},
      {"pickle.trailing_data", "bytes follow the pickle's STOP; check what was appended to the file"},
      {"pickle.limit_exceeded",
       "the pickle exceeds a scanner safety limit; convert the weights to safetensors"},
      {"pickle.io_error", "the file could not be read; scan it again"},
      {"joblib.bad_array_header",
       "the NumpyArrayWrapper state does not say where its array ends; treat the file as hostile"},
      {"joblib.truncated", "the file ends inside a joblib array; dump it again"},
      {"joblib.limit_exceeded", "a joblib array over 1 TiB is not scanned; save the arrays as .npy or safetensors"},
      {"joblib.unaligned_array",
       "re-dump with joblib >= 1.2, which aligns its arrays and marks where they start"},
  }};
  static const HintTable kTable{kHints, "the pickle is not well-formed and no unpickler would load it"};
  return kTable;
}

bool all_of(std::string_view s, std::string_view allowed) {
  if (s.empty()) return false;
  return s.find_first_not_of(allowed) == std::string_view::npos;
}

}  // namespace

PickleSim::PickleSim(const ByteSource& src, std::string_view file, uint64_t end,
                     const SimOptions& options)
    : options_(options),
      file_(file),
      src_(src),
      end_(end),
      cur_(src, end),
      sink_(findings_, file, pickle_hints(),
            {kMaxFindings - 1, "pickle.limit_exceeded",
             "more than " + std::to_string(kMaxFindings) + " findings; scan stopped"}) {}

void PickleSim::add(std::string_view id, Severity sev, std::string message) {
  if (sink_.add(id, sev, op_offset_, std::move(message)) && id == "pickle.malformed")
    malformed_ = true;
  if (sink_.full()) done_ = true;
}

void PickleSim::fail(std::string_view id, std::string message) {
  add(id, Severity::kError, std::move(message) + " at offset " + std::to_string(op_offset_));
  done_ = true;
}

size_t PickleSim::frame_size() const {
  return stack_.size() - (marks_.empty() ? 0 : marks_.back());
}

bool PickleSim::need(size_t n, const PickleOp& op) {
  if (frame_size() >= n) return true;
  fail("pickle.malformed", std::string("stack underflow: ") + op.name + " needs " +
                               std::to_string(n) + " item(s), " +
                               std::to_string(frame_size()) + " available");
  return false;
}

bool PickleSim::pop_mark(size_t& count, const PickleOp& op) {
  if (marks_.empty()) {
    fail("pickle.malformed", std::string(op.name) + " without a MARK");
    return false;
  }
  count = stack_.size() - marks_.back();
  marks_.pop_back();
  return true;
}

void PickleSim::push(Value v) {
  if (stack_.size() >= kMaxStack) {
    fail("pickle.limit_exceeded", "stack deeper than " + std::to_string(kMaxStack) + " items");
    return;
  }
  stack_.push_back(std::move(v));
}

void PickleSim::push_string(bool exact) {
  Value v;
  v.kind = VKind::kString;
  v.exact = exact && !cut_;
  kept_bytes_ += text_.size() + 64;  // with the allocation overhead
  if (kept_bytes_ > kMaxKeptStringBytes) {
    fail("pickle.limit_exceeded", "more than " + std::to_string(kMaxKeptStringBytes) +
                                      " bytes of strings held (64 bytes overhead each)");
    return;
  }
  v.text = std::make_shared<const std::string>(text_);
  push(std::move(v));
}

bool PickleSim::memo_index(uint64_t& index) {
  if (cut_ || !all_of(text_, "0123456789") || text_.size() > 18) {
    fail("pickle.malformed", "bad memo index '" + text_.substr(0, 32) + "'");
    return false;
  }
  index = std::stoull(text_);
  return true;
}

bool PickleSim::read_arg(const PickleOp& op) {
  Got got = Got::kOk;
  bool too_long = false;
  switch (op.arg) {
    case PickleArg::kNone: return true;
    case PickleArg::kLine:
      got = cur_.line(kMaxKeptString, kMaxLineBytes, text_, cut_, too_long);
      break;
    case PickleArg::kTwoLines:
      got = cur_.line(kMaxKeptString, kMaxLineBytes, text_, cut_, too_long);
      if (got == Got::kOk) got = cur_.line(kMaxKeptString, kMaxLineBytes, text2_, cut2_, too_long);
      break;
    case PickleArg::kFixed: got = cur_.le(op.width, num_); break;
    case PickleArg::kCounted: {
      uint64_t len = 0;
      got = cur_.le(op.width, len);
      if (got != Got::kOk) break;
      if (op.is_signed && op.width == 4 && len >= 0x80000000u) {
        fail("pickle.malformed", std::string(op.name) + " has a negative length");
        return false;
      }
      if (len > cur_.remaining()) {
        fail("pickle.truncated", std::string(op.name) + " length " + std::to_string(len) +
                                     " exceeds the " + std::to_string(cur_.remaining()) +
                                     " bytes left");
        return false;
      }
      num_ = len;
      got = cur_.take(len, kMaxKeptString, text_, cut_);
      break;
    }
  }
  if (got == Got::kOk) return true;
  if (got == Got::kIoError) {
    fail("pickle.io_error", "cannot read: " + cur_.io_error());
  } else if (too_long) {
    fail("pickle.limit_exceeded", std::string(op.name) + " line longer than " +
                                      std::to_string(kMaxLineBytes) + " bytes");
  } else {
    fail("pickle.truncated", std::string("the argument of ") + op.name + " is cut short");
  }
  return false;
}

SimResult PickleSim::run(bool probe) {
  uint64_t ops = 0;
  while (!done_) {
    op_offset_ = cur_.pos();
    uint8_t code = 0;
    const Got got = cur_.byte(code);
    if (got == Got::kIoError) {
      fail("pickle.io_error", "cannot read: " + cur_.io_error());
      break;
    }
    if (got == Got::kShort) {
      fail("pickle.truncated", "the pickle ends without a STOP opcode");
      break;
    }
    if (++ops > kMaxOpcodes) {
      fail("pickle.limit_exceeded", "more than " + std::to_string(kMaxOpcodes) + " opcodes");
      break;
    }
    const PickleOp* op = find_pickle_op(code);
    if (op == nullptr) {
      fail("pickle.malformed", "unknown opcode 0x" + std::string(1, "0123456789abcdef"[code >> 4]) +
                                   std::string(1, "0123456789abcdef"[code & 15]));
      break;
    }
    op_code_ = code;
    if (!read_arg(*op)) break;
    execute(*op);
  }
  if (options_.joblib == JoblibMode::kDetect && joblib_arrays_ == 0)
    for (const auto& [shown, where] : pending_joblib_) report_unsafe_global(shown, where.first, where.second);
  SimResult result;
  result.joblib_arrays = joblib_arrays_;
  result.stopped = stopped_;
  result.end = cur_.pos();
  result.malformed = malformed_;
  if (stopped_ && !probe && cur_.remaining() > 0) {
    op_offset_ = cur_.pos();
    add("pickle.trailing_data", Severity::kWarning,
        std::to_string(cur_.remaining()) + " byte(s) follow STOP at offset " +
            std::to_string(op_offset_));
  }
  result.findings = std::move(findings_);
  return result;
}

SimResult simulate_pickle(const ByteSource& src, std::string_view file, uint64_t end, bool probe,
                          const SimOptions& options) {
  PickleSim sim(src, file, end, options);
  return sim.run(probe);
}

}  // namespace modelseal::formats::pickle_detail
