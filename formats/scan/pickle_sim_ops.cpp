// The opcode semantics of PickleSim (the loop and the bounds are in pickle_sim.cpp).
#include <algorithm>
#include <string>

#include "formats/scan/pickle_allow.hpp"
#include "formats/scan/pickle_sim.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::pickle_detail {

namespace {

bool only(std::string_view s, std::string_view allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr std::string_view kIntChars = "0123456789abcdefABCDEFxXoO_+- \t\r";
constexpr std::string_view kFloatChars = "0123456789+-.eEinfatyINFATY_ \t\r";

}  // namespace

void PickleSim::execute(const PickleOp& op) {
  switch (op.code) {
    case 'p': case 'q': case 'r': case 0x94:
    case 'g': case 'h': case 'j': execute_memo(op); return;
    case '(': case '0': case '1': case '2': case 'a': case 'e': case 'd': case '}': case 'l':
    case ']': case 's': case 'u': case 't': case ')': case 0x85: case 0x86: case 0x87:
    case 0x8f: case 0x90: case 0x91: case '.': execute_struct(op); return;
    case 'c': case 0x93: case 'i': case 'o': case 'R': case 0x81: case 0x92: case 'b':
    case 'P': case 'Q': case 0x82: case 0x83: case 0x84: execute_object(op); return;
    default: execute_data(op); return;
  }
}

void PickleSim::execute_data(const PickleOp& op) {
  switch (op.code) {
    case 0x80:
      if (num_ > 5) fail("pickle.malformed", "unsupported protocol " + std::to_string(num_));
      return;
    case 0x95:
      if (num_ > cur_.remaining())
        fail("pickle.truncated", "FRAME of " + std::to_string(num_) + " bytes exceeds the " +
                                     std::to_string(cur_.remaining()) + " bytes left");
      frame_end_ = cur_.pos() + num_;
      return;
    case 'I': case 'L':
      if (!only(text_, kIntChars) && !(op.code == 'L' && only(text_, "0123456789+-L")))
        fail("pickle.malformed", std::string(op.name) + " argument is not a number");
      else if (!push_number())
        push_other();
      return;
    case 'F':
      if (!only(text_, kFloatChars)) fail("pickle.malformed", "FLOAT argument is not a number");
      else push_other();
      return;
    case 'S': {
      const bool quoted = text_.size() >= 2 && !cut_ && text_.front() == text_.back() &&
                          (text_.front() == '\'' || text_.front() == '"');
      if (!quoted && !(cut_ && !text_.empty() && (text_[0] == '\'' || text_[0] == '"'))) {
        fail("pickle.malformed", "STRING argument is not quoted");
        return;
      }
      if (quoted) text_ = text_.substr(1, text_.size() - 2);
      push_string(text_.find('\\') == std::string::npos);  // escapes: not an exact name
      return;
    }
    case 'V': push_string(text_.find('\\') == std::string::npos); return;
    case 'T': case 'U': case 'X': case 0x8c: case 0x8d: push_string(true); return;
    case 0x97: push_other(); return;  // NEXT_BUFFER: out-of-band data
    case 0x98: need(1, op); return;  // READONLY_BUFFER: the top stays
    default:
      if (!push_number()) push_other();  // numbers, bytes, None, booleans
      return;
  }
}

void PickleSim::execute_memo(const PickleOp& op) {
  uint64_t index = num_;
  if ((op.code == 'p' || op.code == 'g') && !memo_index(index)) return;
  if (op.code == 'g' || op.code == 'h' || op.code == 'j') {
    const uint32_t slot = index < memo_slots_.size() ? memo_slots_[index] : kMemoUnset;
    if (slot == kMemoUnset) {
      fail("pickle.malformed", std::string(op.name) + " of memo index " + std::to_string(index) +
                                   " that was never set");
      return;
    }
    if (slot == kMemoOther) push_other();
    else if (slot == kMemoInstance) push(Value::of(VKind::kInstance));
    else push(memo_values_[slot - kMemoValues]);
    return;
  }
  if (!need(1, op)) return;
  if (op.code == 0x94) index = memo_count_;
  if (index >= kMaxMemo) {
    fail("pickle.limit_exceeded", "memo index " + std::to_string(index) + " is not below " +
                                      std::to_string(kMaxMemo));
    return;
  }
  if (index >= memo_slots_.size())
    memo_slots_.resize(static_cast<size_t>(index) + 1, kMemoUnset);
  uint32_t& slot = memo_slots_[index];
  if (slot == kMemoUnset) ++memo_count_;
  const Value& top = stack_.back();
  if (slot >= kMemoValues) {  // reused, so memo_values_ has at most one entry per index
    memo_values_[slot - kMemoValues] = top;
  } else if (top.kind == VKind::kOther || (top.kind == VKind::kInstance && !top.text && !top.dtype)) {
    slot = top.kind == VKind::kOther ? kMemoOther : kMemoInstance;
  } else {
    if (top.kind != VKind::kString && top.kind != VKind::kGlobal) {
      kept_bytes_ += sizeof(Value);  // a tracked joblib value: bounded with the strings
      if (kept_bytes_ > kMaxKeptStringBytes) {
        fail("pickle.limit_exceeded", "more than " + std::to_string(kMaxKeptStringBytes) +
                                          " bytes of strings and values held");
        return;
      }
    }
    slot = static_cast<uint32_t>(memo_values_.size() + kMemoValues);
    memo_values_.push_back(top);
  }
}

void PickleSim::execute_struct(const PickleOp& op) {
  size_t n = 0;
  switch (op.code) {
    case '(':
      if (marks_.size() >= kMaxMarkDepth)
        fail("pickle.limit_exceeded", "MARKs nested deeper than " + std::to_string(kMaxMarkDepth));
      else
        marks_.push_back(stack_.size());
      return;
    case '.':
      if (need(1, op)) {
        pop(1);
        stopped_ = true;
        done_ = true;
      }
      return;
    case '0':
      if (frame_size() > 0) pop(1);
      else if (!marks_.empty()) marks_.pop_back();
      else need(1, op);
      return;
    case '1': if (pop_mark(n, op)) pop(n); return;
    case '2': if (need(1, op)) push(stack_.back()); return;
    case 'a': if (need(2, op)) pop(1); return;
    case 's':
      if (need(3, op)) {
        if (tracking()) set_items(stack_[stack_.size() - 3], 2);
        else pop(2);
      }
      return;
    case ')': if (tracking()) push_tuple(0); else push_other(); return;
    case '}':
      if (tracking()) push(Value::container(VKind::kDict));
      else push_other();
      return;
    case ']': case 0x8f: push_other(); return;
    case 0x85: case 0x86: case 0x87:
      n = static_cast<size_t>(op.code - 0x84);
      if (need(n, op)) {
        if (tracking()) return push_tuple(n);
        pop(n);
        push_other();
      }
      return;
    default: break;
  }
  // the opcodes that take the items above the topmost MARK
  if (!pop_mark(n, op)) return;
  if ((op.code == 'd' || op.code == 'u') && n % 2 != 0) {
    pop(n);
    fail("pickle.malformed", std::string(op.name) + " with an odd number of items");
    return;
  }
  if (tracking() && op.code == 't') return push_tuple(n);
  if (tracking() && (op.code == 'd' || op.code == 'u')) {
    Value dict = Value::container(VKind::kDict);
    if (op.code == 'u' && frame_size() <= n) {
      pop(n);
      need(1, op);  // fails: no collection below the MARK
      return;
    }
    set_items(op.code == 'd' ? dict : stack_[stack_.size() - n - 1], n);
    if (op.code == 'd') push(std::move(dict));
    return;
  }
  pop(n);
  if (op.code == 'e' || op.code == 'u' || op.code == 0x90) {
    need(1, op);  // the collection they add to stays on the stack
    return;
  }
  push_other();  // LIST, TUPLE, DICT, FROZENSET
}

GlobalUse PickleSim::global_use(std::string_view module, std::string_view name) {
  if (options_.dialect == PickleDialect::kTorchScript) return torchscript_global_use(module, name);
  return pickle_global_use(module, name);
}

void PickleSim::report_unsafe_global(const std::string& shown, const char* how, uint64_t offset) {
  if (reported_.size() >= kMaxFindings || !reported_.insert(shown).second) return;
  const char* list = options_.dialect == PickleDialect::kTorchScript ? "TorchScript" : "weights_only";
  sink_.add("pickle.unsafe_global", Severity::kError, offset,
            "imports " + shown + " (" + how + " at offset " + std::to_string(offset) + "), which the " +
                list + " allow-list does not permit");
  if (sink_.full()) done_ = true;
}

Value PickleSim::import_global(std::string_view module, std::string_view name, bool exact,
                               const char* how) {
  Value v;
  v.kind = VKind::kGlobal;
  GlobalUse use = exact ? global_use(module, name) : GlobalUse::kForbidden;
  const std::string shown = printable_name(module) + "." + printable_name(name);
  if (use == GlobalUse::kForbidden && exact && tracking()) {
    use = joblib_global_use(module, name);
    // Allowed only in a file that turns out to be joblib's (reported at the end otherwise).
    if (use != GlobalUse::kForbidden && options_.joblib == JoblibMode::kDetect && joblib_arrays_ == 0 &&
        pending_joblib_.size() < kMaxFindings &&
        std::none_of(pending_joblib_.begin(), pending_joblib_.end(),
                     [&](const auto& p) { return p.first == shown; }))
      pending_joblib_.push_back({shown, {how, op_offset_}});
  }
  if (use == GlobalUse::kForbidden) {
    report_unsafe_global(shown, how, op_offset_);
    return v;
  }
  v.constructor = use == GlobalUse::kConstructor;
  std::string full = std::string(normalize_pickle_module(module)) + "." + std::string(name);
  std::shared_ptr<const std::string>& shared = global_names_[full];
  if (!shared) shared = std::make_shared<const std::string>(std::move(full));
  v.text = shared;
  return v;
}

void PickleSim::check_call(const Value& callable, const PickleOp& op) {
  if (callable.kind == VKind::kGlobal) return;  // its import was checked
  add("pickle.dynamic_call", Severity::kError,
      std::string(op.name) + " at offset " + std::to_string(op_offset_) +
          " calls a value that is not an imported global (" +
          (callable.kind == VKind::kString ? "a string" : "a computed object") + ")");
}

// An instance BUILD may update, when an allowed class made it. A forbidden or
// computed global (no name kept) was reported already: BUILD on what it returns
// is not reported again.
void PickleSim::push_result(const Value& callable) {
  if (callable.kind == VKind::kGlobal && (callable.constructor || !callable.text))
    push(Value::of(VKind::kInstance, tracking() ? callable.text : nullptr));
  else
    push_other();
}

// PyTorch's weights_only unpickler runs BUILD only on a Tensor, a Parameter, an
// OrderedDict or an instance of another allowed class: never on a class or
// function itself, whose attributes BUILD would replace for every later user.
void PickleSim::check_build(const Value& target) {
  if (target.kind == VKind::kInstance) return;
  std::string what;
  if (target.kind == VKind::kGlobal)
    what = target.text ? "the imported global " + *target.text + " itself"
                       : "an imported global itself";
  else if (target.kind == VKind::kString)
    what = "a string";
  else
    what = "a value no allowed class made (a literal, a container or a computed object)";
  add("pickle.unsafe_build", Severity::kError,
      "BUILD at offset " + std::to_string(op_offset_) + " sets the state of " + what +
          "; the weights_only unpickler lets BUILD update only objects that allowed classes "
          "made (tensors, parameters, OrderedDict)");
}

void PickleSim::execute_object(const PickleOp& op) {
  size_t n = 0;
  switch (op.code) {
    case 'c': push(import_global(text_, text2_, !cut_ && !cut2_, "GLOBAL")); return;
    case 0x93: {
      if (!need(2, op)) return;
      const Value name = stack_.back();
      const Value module = stack_[stack_.size() - 2];
      pop(2);
      if (module.kind != VKind::kString || name.kind != VKind::kString) {
        add("pickle.dynamic_global", Severity::kError,
            "STACK_GLOBAL at offset " + std::to_string(op_offset_) +
                " imports a name that is not a literal string");
        push(Value::of(VKind::kGlobal));
        return;
      }
      push(import_global(*module.text, *name.text, module.exact && name.exact, "STACK_GLOBAL"));
      return;
    }
    case 'i': {
      if (!pop_mark(n, op)) return;
      pop(n);
      push_result(import_global(text_, text2_, !cut_ && !cut2_, "INST"));
      return;
    }
    case 'o': {
      if (!pop_mark(n, op)) return;
      if (n == 0) {
        fail("pickle.malformed", "OBJ without a class");
        return;
      }
      const Value cls = stack_[stack_.size() - n];
      pop(n);
      check_call(cls, op);
      push_result(cls);
      return;
    }
    case 'R': case 0x81: case 0x92: {
      n = op.code == 0x92 ? 3 : 2;  // callable/class, args[, kwargs]
      if (!need(n, op)) return;
      const Value callable = stack_[stack_.size() - n];
      const Value args = stack_[stack_.size() - n + 1];
      pop(n);
      check_call(callable, op);
      push_result(callable);
      if (tracking() && !done_) note_call(callable, args, stack_.back());
      return;
    }
    case 'b':  // the object stays, updated by the state popped
      if (need(2, op)) {
        const Value target = stack_[stack_.size() - 2];
        const Value state = stack_.back();
        check_build(target);
        pop(1);
        if (tracking()) note_build(target, state);
        if (options_.joblib == JoblibMode::kDetect && target.kind == VKind::kInstance &&
            target.text && *target.text == kJoblibWrapper)
          read_joblib_array(state);
      }
      return;
    case 'P': push_other(); return;             // persistent id: resolved by the loader
    case 'Q': if (need(1, op)) { pop(1); push_other(); } return;
    default: break;
  }
  // EXT1, EXT2, EXT4: a global looked up in copyreg's extension registry
  add("pickle.extension_code", Severity::kError,
      std::string(op.name) + " at offset " + std::to_string(op_offset_) +
          " imports extension code " + std::to_string(num_) +
          " from the copyreg registry, which no model file uses");
  push(Value::of(VKind::kGlobal));
}

}  // namespace modelseal::formats::pickle_detail
