// The joblib side of PickleSim: the literal values a NumpyArrayWrapper's state
// is made of (ints, None, tuples, dicts, numpy.dtype), and the array bytes
// joblib.dump writes right after the wrapper's BUILD (joblib/numpy_pickle.py,
// NumpyArrayWrapper.write_array / read_array), which the scan skips.
#include <algorithm>
#include <string>

#include "formats/scan/pickle_sim.hpp"
#include "formats/scan/subrange_source.hpp"

namespace modelseal::formats::pickle_detail {

namespace {

constexpr uint64_t kItemBytes = 64;  // what one kept item counts against kMaxKeptStringBytes

bool parse_decimal(std::string_view s, int64_t& out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos)
    return false;
  out = std::stoll(std::string(s));
  if (negative) out = -out;
  return true;
}

// What the dtype's reduce and state say about one item (numpy's arraydescr_reduce).
struct ItemLayout {
  uint64_t size = 0;
  bool object = false;  // holds Python objects: the array is a nested pickle
};

bool item_layout(const DtypeInfo& d, ItemLayout& out, std::string& why) {
  const std::string_view code = d.code;
  why = "has a dtype '" + d.code.substr(0, 16) + "' the scanner does not know";
  if (!d.state_ok || code.size() < 2 || code.size() > 10) return false;
  const std::string_view digits = code.substr(1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const uint64_t coded = std::stoull(std::string(digits));
  const char kind = code[0];
  out.object = kind == 'O' || (d.flags & 1) != 0;
  if (kind == 'S' || kind == 'U' || kind == 'V' || kind == 'a') {  // flexible: the state's elsize
    out.size = d.elsize >= 0 ? static_cast<uint64_t>(d.elsize) : coded;
    return true;
  }
  if (std::string_view("biufcmMO").find(kind) == std::string_view::npos) return false;
  if (d.elsize != -1 && static_cast<uint64_t>(d.elsize) != coded) return false;
  out.size = coded;
  return true;
}

const Value* dict_get(const Value& dict, std::string_view key) {
  const std::vector<Value>& v = dict.items->values;
  for (size_t i = 0; i + 1 < v.size(); i += 2)
    if (v[i].kind == VKind::kString && v[i].exact && *v[i].text == key) return &v[i + 1];
  return nullptr;
}

}  // namespace

void PickleSim::push_int(int64_t v) {
  Value value;
  value.kind = VKind::kInt;
  value.num = v;
  push(std::move(value));
}

bool PickleSim::push_number() {
  if (!tracking()) return false;
  int64_t v = 0;
  const uint8_t code = op_code_;
  switch (code) {
    case 'J': push_int(static_cast<int32_t>(static_cast<uint32_t>(num_))); return true;
    case 'K': case 'M': push_int(static_cast<int64_t>(num_)); return true;
    case 'N': push(Value::of(VKind::kNone)); return true;
    case 0x88: push_int(1); return true;
    case 0x89: push_int(0); return true;
    case 'I': case 'L': {
      std::string_view t = text_;
      if (code == 'L' && t.ends_with('L')) t.remove_suffix(1);
      if (cut_ || !parse_decimal(t, v)) return false;
      push_int(v);
      return true;
    }
    case 0x8a: case 0x8b: {
      if (num_ > 8 || cut_) return false;
      uint64_t u = 0;
      for (size_t i = text_.size(); i-- > 0;) u = (u << 8) | static_cast<uint8_t>(text_[i]);
      if (num_ > 0 && num_ < 8 && (static_cast<uint8_t>(text_.back()) & 0x80))
        u |= ~uint64_t{0} << (8 * num_);  // sign-extend
      push_int(static_cast<int64_t>(u));
      return true;
    }
    default: return false;
  }
}

Value PickleSim::keep_item(const Value& v, bool in_dict) {
  if (v.kind == VKind::kDict || (v.kind == VKind::kTuple && !in_dict)) return Value{};
  return v;
}

void PickleSim::push_tuple(size_t n) {
  Value tuple = Value::container(VKind::kTuple);
  if (n > kMaxKeptItems) {
    tuple.items->cut = true;
  } else {
    kept_bytes_ += n * kItemBytes;
    if (kept_bytes_ > kMaxKeptStringBytes) {
      fail("pickle.limit_exceeded", "more than " + std::to_string(kMaxKeptStringBytes) +
                                        " bytes of strings and values held");
      return;
    }
    for (size_t i = stack_.size() - n; i < stack_.size(); ++i)
      tuple.items->values.push_back(keep_item(stack_[i], false));
  }
  pop(n);
  push(std::move(tuple));
}

void PickleSim::set_items(Value& dict, size_t n) {
  if (dict.kind == VKind::kDict && dict.items && !dict.items->cut) {
    std::vector<Value>& values = dict.items->values;
    for (size_t i = stack_.size() - n; i + 1 < stack_.size(); i += 2) {
      const Value& key = stack_[i];
      size_t same = values.size();  // the index of an equal string key
      if (key.kind == VKind::kString && key.exact)
        for (size_t k = 0; k + 1 < values.size(); k += 2)
          if (values[k].kind == VKind::kString && values[k].exact && *values[k].text == *key.text) same = k;
      if (same != values.size()) {
        values[same + 1] = keep_item(stack_[i + 1], true);
        continue;
      }
      if (values.size() >= 2 * kMaxKeptItems) {
        values.clear();
        dict.items->cut = true;
        break;
      }
      kept_bytes_ += 2 * kItemBytes;
      values.push_back(keep_item(key, true));
      values.push_back(keep_item(stack_[i + 1], true));
    }
  }
  pop(n);
  if (kept_bytes_ > kMaxKeptStringBytes)
    fail("pickle.limit_exceeded", "more than " + std::to_string(kMaxKeptStringBytes) +
                                      " bytes of strings and values held");
}

void PickleSim::note_call(const Value& callable, const Value& args, Value& result) {
  if (callable.kind != VKind::kGlobal || !callable.text || *callable.text != kNumpyDtype) return;
  if (args.kind != VKind::kTuple || !args.items || args.items->values.empty()) return;
  const Value& code = args.items->values[0];
  if (code.kind != VKind::kString || !code.exact) return;
  result.dtype = std::make_shared<DtypeInfo>();
  result.dtype->code = *code.text;
}

// numpy's dtype state: (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]).
void PickleSim::note_build(const Value& target, const Value& state) {
  if (!target.dtype) return;
  DtypeInfo& d = *target.dtype;
  const bool tuple = state.kind == VKind::kTuple && state.items && !state.items->cut &&
                     state.items->values.size() >= 8;
  if (!tuple || state.items->values[5].kind != VKind::kInt ||
      state.items->values[7].kind != VKind::kInt) {
    d.state_ok = false;
    return;
  }
  d.elsize = state.items->values[5].num;
  d.flags = state.items->values[7].num;
}

void PickleSim::read_joblib_array(const Value& state) {
  ++joblib_arrays_;
  const std::string built = "a joblib NumpyArrayWrapper";  // fail() appends " at offset N" (its BUILD)
  auto bad = [&](const std::string& why) { fail("joblib.bad_array_header", built + " " + why); };
  if (state.kind != VKind::kDict || !state.items || state.items->cut)
    return bad("has no state dict the scanner can read");
  const Value* shape = dict_get(state, "shape");
  const Value* dtype = dict_get(state, "dtype");
  const Value* order = dict_get(state, "order");
  const Value* alignment = dict_get(state, "numpy_array_alignment_bytes");
  if (shape == nullptr || shape->kind != VKind::kTuple || shape->items->cut)
    return bad("has no shape tuple");
  if (order == nullptr || order->kind != VKind::kString || (*order->text != "C" && *order->text != "F"))
    return bad("has no order 'C' or 'F'");
  if (dtype == nullptr || !dtype->dtype) return bad("has no numpy.dtype");
  ItemLayout item;
  std::string why;
  if (!item_layout(*dtype->dtype, item, why)) return bad(why);
  if (frame_end_ > cur_.pos()) return bad("ends inside a pickle frame, so its array bytes have no place");
  uint64_t bytes = item.size;
  bool overflow = false;
  for (const Value& dim : shape->items->values) {
    if (dim.kind != VKind::kInt || dim.num < 0) return bad("has a shape that is not a tuple of non-negative ints");
    overflow = overflow || __builtin_mul_overflow(bytes, static_cast<uint64_t>(dim.num), &bytes);
  }
  stack_.back() = Value{};  // the array joblib reads replaces the wrapper
  if (item.object) return read_object_array();
  if (overflow || bytes > kJoblibMaxArrayBytes)
    return fail("joblib.limit_exceeded",
                built + " declares " + (overflow ? std::string("more than 2^64") : std::to_string(bytes)) +
                    " array bytes, more than the limit of " + std::to_string(kJoblibMaxArrayBytes));
  if (alignment != nullptr && alignment->kind != VKind::kNone) {
    uint8_t padding = 0;
    if (cur_.byte(padding) != Got::kOk || cur_.skip(padding) != Got::kOk)
      return fail("joblib.truncated", "the file ends in the alignment padding of " + built);
  } else if (!unaligned_reported_) {
    unaligned_reported_ = true;
    add("joblib.unaligned_array", Severity::kWarning,
        built + " has no numpy_array_alignment_bytes (joblib < 1.2): its array bytes follow BUILD directly");
  }
  if (bytes > cur_.remaining())
    return fail("joblib.truncated", built + " declares " + std::to_string(bytes) +
                                        " array bytes, only " + std::to_string(cur_.remaining()) + " are left");
  cur_.skip(bytes);
}

// An object array: joblib calls pickle.load on the stream, a plain pickle
// (protocol 2) of the ndarray, scanned with the NumPy globals allowed.
void PickleSim::read_object_array() {
  const uint64_t at = cur_.pos();
  const SubrangeSource rest(src_, at, end_ - at);
  const SimResult inner =
      simulate_pickle(rest, file_, rest.size(), true, {options_.dialect, JoblibMode::kNested});
  if (inner.malformed) malformed_ = true;
  for (Finding f : inner.findings) {
    f.offset += at;
    if (!sink_.add_finding(std::move(f))) break;
  }
  if (sink_.full()) done_ = true;
  if (!inner.stopped) {
    if (inner.findings.empty()) fail("joblib.truncated", "the object array's pickle at offset " + std::to_string(at) + " ends without STOP");
    done_ = true;
    return;
  }
  cur_.skip(inner.end);
}

}  // namespace modelseal::formats::pickle_detail
