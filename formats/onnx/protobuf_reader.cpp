#include "formats/onnx/protobuf_reader.hpp"

#include <algorithm>

namespace modelseal::formats::protobuf {
namespace {

// A value needing bytes up to `need` inside a message ending at `end`: past the
// source it is truncated, otherwise it overruns its enclosing message.
WireProblem overrun(uint64_t need_end, uint64_t source_size) {
  return need_end > source_size ? WireProblem::kTruncated : WireProblem::kMalformed;
}

std::string at(uint64_t offset) { return " at offset " + std::to_string(offset); }

}  // namespace

WireState::WireState(const ByteSource& src, uint64_t max_fields)
    : src_(src), size_(src.size()), fields_left_(max_fields) {}

void WireState::fail(WireProblem problem, uint64_t offset, std::string message) {
  if (!error_) error_ = WireError{problem, offset, std::move(message)};
}

bool WireState::spend(uint64_t offset) {
  if (failed()) return false;
  if (fields_left_ == 0) {
    fail(WireProblem::kLimitExceeded, offset, "more protobuf fields than the work limit");
    return false;
  }
  --fields_left_;
  return true;
}

bool WireState::byte_at(uint64_t offset, uint8_t& out) {
  if (offset < window_at_ || offset - window_at_ >= window_len_) {
    if (window_.empty()) window_.resize(kWindowBytes);
    const uint64_t want = std::min<uint64_t>(kWindowBytes, size_ - std::min(size_, offset));
    auto got = src_.read_at(offset, std::span<uint8_t>(window_.data(), want));
    if (!got.ok() || *got == 0) {
      window_len_ = 0;
      fail(WireProblem::kReadError, offset,
           got.ok() ? "the source ended early" + at(offset) : got.error().detail);
      return false;
    }
    window_at_ = offset;
    window_len_ = *got;
  }
  out = window_[offset - window_at_];
  return true;
}

bool WireState::copy(uint64_t offset, std::span<uint8_t> out) {
  for (size_t i = 0; i < out.size(); ++i)
    if (!byte_at(offset + i, out[i])) return false;
  return true;
}

bool WireState::varint(uint64_t& pos, uint64_t end, uint64_t& out) {
  const uint64_t start = pos;
  out = 0;
  for (size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (pos >= end) {
      fail(overrun(end + 1, size_), start, "varint runs past its message" + at(start));
      return false;
    }
    uint8_t b = 0;
    if (!byte_at(pos++, b)) return false;
    if (i == kMaxVarintBytes - 1 && b > 1) {
      fail(WireProblem::kMalformed, start, "varint overflows 64 bits" + at(start));
      return false;
    }
    out |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return true;
  }
  fail(WireProblem::kMalformed, start, "varint longer than 10 bytes" + at(start));
  return false;
}

std::optional<Field> MessageReader::next() {
  if (state_.failed() || pos_ >= end_) return std::nullopt;
  Field f;
  f.offset = pos_;
  uint64_t tag = 0;
  if (!state_.spend(pos_) || !state_.varint(pos_, end_, tag)) return std::nullopt;
  const uint64_t number = tag >> 3;
  if (number == 0 || number > kMaxFieldNumber) {
    state_.fail(WireProblem::kMalformed, f.offset,
                "field number " + std::to_string(number) + " out of range" + at(f.offset));
    return std::nullopt;
  }
  f.number = static_cast<uint32_t>(number);
  const auto wire = static_cast<uint8_t>(tag & 7);
  uint64_t width = 0;
  switch (wire) {
    case 0:
      f.type = WireType::kVarint;
      if (!state_.varint(pos_, end_, f.value)) return std::nullopt;
      return f;
    case 1:
      f.type = WireType::kFixed64;
      width = 8;
      break;
    case 5:
      f.type = WireType::kFixed32;
      width = 4;
      break;
    case 2:
      f.type = WireType::kLengthDelimited;
      if (!state_.varint(pos_, end_, f.value)) return std::nullopt;
      width = f.value;
      break;
    default:
      state_.fail(WireProblem::kMalformed, f.offset,
                  "field " + std::to_string(number) + " has unsupported wire type " +
                      std::to_string(wire) + (wire == 3 || wire == 4 ? " (group)" : "") +
                      at(f.offset));
      return std::nullopt;
  }
  if (width > end_ - pos_) {
    const uint64_t need_end = width > state_.size() - pos_ ? state_.size() + 1 : pos_ + width;
    state_.fail(overrun(need_end, state_.size()), f.offset,
                "field " + std::to_string(number) + " needs " + std::to_string(width) +
                    " bytes, only " + std::to_string(end_ - pos_) + " remain in its message" +
                    at(f.offset));
    return std::nullopt;
  }
  f.payload = pos_;
  if (f.type != WireType::kLengthDelimited) {
    uint8_t raw[8] = {};
    if (!state_.copy(pos_, std::span<uint8_t>(raw, width))) return std::nullopt;
    for (uint64_t i = width; i-- > 0;) f.value = (f.value << 8) | raw[i];
  }
  pos_ += width;
  return f;
}

bool MessageReader::expect(const Field& f, WireType t, std::string_view what) {
  if (f.type == t) return true;
  state_.fail(WireProblem::kMalformed, f.offset,
              std::string(what) + " (field " + std::to_string(f.number) + ") has wire type " +
                  std::to_string(static_cast<int>(f.type)) + ", expected " +
                  std::to_string(static_cast<int>(t)) + at(f.offset));
  return false;
}

std::optional<std::string> MessageReader::bytes(const Field& f, size_t max) {
  std::string out(static_cast<size_t>(std::min<uint64_t>(f.value, max)), '\0');
  if (!state_.copy(f.payload,
                   std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size())))
    return std::nullopt;
  return out;
}

}  // namespace modelseal::formats::protobuf
