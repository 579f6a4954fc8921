// Opcode table of the pickle virtual machine, protocols 0-5 (CPython
// Lib/pickletools.py): how each opcode's argument is laid out in the stream.
#pragma once

#include <cstdint>

namespace modelseal::formats::pickle_detail {

enum class PickleArg : uint8_t {
  kNone,      // no argument in the stream
  kLine,      // one newline-terminated line
  kTwoLines,  // two newline-terminated lines (GLOBAL, INST)
  kFixed,     // `width` bytes, little-endian
  kCounted,   // a `width`-byte little-endian length, then that many bytes
};

struct PickleOp {
  uint8_t code;
  const char* name;
  PickleArg arg;
  uint8_t width;     // bytes of the fixed argument or of the length prefix
  bool is_signed;    // the fixed argument / length is a signed integer
  uint8_t protocol;  // the protocol that introduced it
};

// The opcode with this byte, or nullptr for a byte that is no opcode.
const PickleOp* find_pickle_op(uint8_t code);

}  // namespace modelseal::formats::pickle_detail
