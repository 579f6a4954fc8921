// A bounded reader of the protobuf wire format over a ByteSource.
//
//   message = field*
//   field   = tag value
//   tag     = varint (field_number << 3 | wire_type), field_number in 1 .. 2^29-1
//   value   = varint                      (wire type 0, at most 10 bytes)
//           | 8 bytes                     (wire type 1, fixed64)
//           | varint length, length bytes (wire type 2, bytes / string / sub-message)
//           | 4 bytes                     (wire type 5, fixed32)
// Groups (wire types 3 and 4) and wire types 6, 7 are refused.
//
// Nothing is loaded whole: a message is an [begin, end) range of the source and
// its fields are decoded through a small window, so a multi-gigabyte bytes field
// (an ONNX tensor's raw_data) is skipped by offset without being read. Every
// length is checked against the enclosing message; every decoded field spends
// one unit of a shared work budget. The first wire error stops all readers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "formats/scan/byte_cursor.hpp"
#include "formats/scan/scan.hpp"

namespace modelseal::formats::protobuf {

inline constexpr size_t kWindowBytes = 64 * 1024;
inline constexpr uint32_t kMaxFieldNumber = (1u << 29) - 1;

enum class WireType : uint8_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

enum class WireProblem {
  kTruncated,      // a value runs past the end of the source
  kMalformed,      // bad tag, wire type, varint, or a length past its enclosing message
  kLimitExceeded,  // the work budget ran out
  kReadError,      // the source failed to read
};

struct WireError {
  WireProblem problem;
  uint64_t offset;
  std::string message;
};

struct Field {
  uint32_t number = 0;
  WireType type = WireType::kVarint;
  uint64_t offset = 0;   // of the tag
  uint64_t value = 0;    // varint or fixed value; the payload length for wire type 2
  uint64_t payload = 0;  // where a wire type 2 payload starts
  uint64_t end() const { return payload + value; }
};

// What all readers of one parse share: the window onto the source (a
// CursorSource, formats/scan/byte_cursor), the remaining work budget and the
// first error.
class WireState {
 public:
  WireState(const ByteSource& src, uint64_t max_fields);
  uint64_t size() const { return source_.size(); }
  const std::optional<WireError>& error() const { return error_; }
  bool failed() const { return error_.has_value(); }
  void fail(WireProblem problem, uint64_t offset, std::string message);

  // A cursor over [begin, end) of the source.
  ByteCursor cursor(uint64_t begin, uint64_t end) { return ByteCursor(source_, begin, end); }
  // Decodes a varint at the cursor; false after recording an error.
  bool varint(ByteCursor& cur, uint64_t& out);
  // Records why the cursor failed as the parse's error; returns false.
  bool cursor_failed(const ByteCursor& cur);
  // Spends one unit of the work budget; false after recording an error.
  bool spend(uint64_t at);

 private:
  CursorSource source_;
  uint64_t fields_left_;
  std::optional<WireError> error_;
};

class MessageReader {
 public:
  // Reads the fields of [begin, end); end must not exceed state.size().
  MessageReader(WireState& state, uint64_t begin, uint64_t end)
      : state_(state), cur_(state.cursor(begin, end)) {}
  // A reader over a wire type 2 field's payload.
  MessageReader sub(const Field& f) const { return MessageReader(state_, f.payload, f.end()); }

  // The next field, or nullopt at the end of the message or once the parse failed.
  std::optional<Field> next();
  // True when f has wire type t; otherwise fails the parse naming `what`.
  bool expect(const Field& f, WireType t, std::string_view what);
  // The first min(length, max) bytes of a wire type 2 payload; nullopt on a read error.
  std::optional<std::string> bytes(const Field& f, size_t max);
  // Calls on_value for each varint of a packed (wire type 2) repeated field.
  template <class F>
  bool packed_varints(const Field& f, F&& on_value) {
    ByteCursor values = state_.cursor(f.payload, f.end());
    uint64_t v = 0;
    while (values.remaining() > 0) {
      if (!state_.spend(values.pos()) || !state_.varint(values, v)) return false;
      on_value(v);
    }
    return true;
  }
  WireState& state() const { return state_; }
  uint64_t position() const { return cur_.pos(); }

 private:
  WireState& state_;
  ByteCursor cur_;
};

}  // namespace modelseal::formats::protobuf
