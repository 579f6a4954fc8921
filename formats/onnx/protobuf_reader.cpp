#include "formats/onnx/protobuf_reader.hpp"

#include <algorithm>
#include <span>

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
    : source_(src, src.size(), CursorSource::ShortReads::kUsePartial, kWindowBytes),
      fields_left_(max_fields) {}

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

bool WireState::cursor_failed(const ByteCursor& cur) {
  const CursorError& e = *cur.error();
  switch (e.kind) {
    case CursorError::Kind::kPastEnd:  // only a varint reads without checking first
      fail(overrun(cur.end() + 1, size()), e.offset, "varint runs past its message" + at(e.offset));
      break;
    case CursorError::Kind::kBadVarint:
      fail(WireProblem::kMalformed, e.offset, "varint overflows 64 bits" + at(e.offset));
      break;
    case CursorError::Kind::kSourceEnded:
      fail(WireProblem::kReadError, e.offset, "the source ended early" + at(e.offset));
      break;
    case CursorError::Kind::kReadError:
      fail(WireProblem::kReadError, e.offset, e.detail);
      break;
  }
  return false;
}

bool WireState::varint(ByteCursor& cur, uint64_t& out) {
  if (failed()) return false;
  return cur.varint(out) || cursor_failed(cur);
}

std::optional<Field> MessageReader::next() {
  if (state_.failed() || cur_.remaining() == 0) return std::nullopt;
  Field f;
  f.offset = cur_.pos();
  uint64_t tag = 0;
  if (!state_.spend(f.offset) || !state_.varint(cur_, tag)) return std::nullopt;
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
      if (!state_.varint(cur_, f.value)) return std::nullopt;
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
      if (!state_.varint(cur_, f.value)) return std::nullopt;
      width = f.value;
      break;
    default:
      state_.fail(WireProblem::kMalformed, f.offset,
                  "field " + std::to_string(number) + " has unsupported wire type " +
                      std::to_string(wire) + (wire == 3 || wire == 4 ? " (group)" : "") +
                      at(f.offset));
      return std::nullopt;
  }
  const uint64_t pos = cur_.pos();
  if (width > cur_.remaining()) {
    const uint64_t need_end = width > state_.size() - pos ? state_.size() + 1 : pos + width;
    state_.fail(overrun(need_end, state_.size()), f.offset,
                "field " + std::to_string(number) + " needs " + std::to_string(width) +
                    " bytes, only " + std::to_string(cur_.remaining()) + " remain in its message" +
                    at(f.offset));
    return std::nullopt;
  }
  f.payload = pos;
  const bool ok = f.type == WireType::kLengthDelimited ? cur_.skip(width) : cur_.le(width, f.value);
  if (!ok) {
    state_.cursor_failed(cur_);
    return std::nullopt;
  }
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
  ByteCursor payload = state_.cursor(f.payload, f.payload + out.size());
  if (!payload.copy(std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size()))) {
    state_.cursor_failed(payload);
    return std::nullopt;
  }
  return out;
}

}  // namespace modelseal::formats::protobuf
