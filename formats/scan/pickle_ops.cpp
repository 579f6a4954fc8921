#include "formats/scan/pickle_ops.hpp"

#include <array>
#include <cstddef>

namespace modelseal::formats::pickle_detail {

namespace {

using A = PickleArg;

constexpr PickleOp kOps[] = {
    {'(', "MARK", A::kNone, 0, false, 0},
    {'.', "STOP", A::kNone, 0, false, 0},
    {'0', "POP", A::kNone, 0, false, 0},
    {'1', "POP_MARK", A::kNone, 0, false, 1},
    {'2', "DUP", A::kNone, 0, false, 0},
    {'F', "FLOAT", A::kLine, 0, false, 0},
    {'I', "INT", A::kLine, 0, false, 0},
    {'J', "BININT", A::kFixed, 4, true, 1},
    {'K', "BININT1", A::kFixed, 1, false, 1},
    {'L', "LONG", A::kLine, 0, false, 0},
    {'M', "BININT2", A::kFixed, 2, false, 1},
    {'N', "NONE", A::kNone, 0, false, 0},
    {'P', "PERSID", A::kLine, 0, false, 0},
    {'Q', "BINPERSID", A::kNone, 0, false, 1},
    {'R', "REDUCE", A::kNone, 0, false, 0},
    {'S', "STRING", A::kLine, 0, false, 0},
    {'T', "BINSTRING", A::kCounted, 4, true, 1},
    {'U', "SHORT_BINSTRING", A::kCounted, 1, false, 1},
    {'V', "UNICODE", A::kLine, 0, false, 0},
    {'X', "BINUNICODE", A::kCounted, 4, false, 1},
    {'a', "APPEND", A::kNone, 0, false, 0},
    {'b', "BUILD", A::kNone, 0, false, 0},
    {'c', "GLOBAL", A::kTwoLines, 0, false, 0},
    {'d', "DICT", A::kNone, 0, false, 0},
    {'}', "EMPTY_DICT", A::kNone, 0, false, 1},
    {'e', "APPENDS", A::kNone, 0, false, 1},
    {'g', "GET", A::kLine, 0, false, 0},
    {'h', "BINGET", A::kFixed, 1, false, 1},
    {'i', "INST", A::kTwoLines, 0, false, 0},
    {'j', "LONG_BINGET", A::kFixed, 4, false, 1},
    {'l', "LIST", A::kNone, 0, false, 0},
    {']', "EMPTY_LIST", A::kNone, 0, false, 1},
    {'o', "OBJ", A::kNone, 0, false, 1},
    {'p', "PUT", A::kLine, 0, false, 0},
    {'q', "BINPUT", A::kFixed, 1, false, 1},
    {'r', "LONG_BINPUT", A::kFixed, 4, false, 1},
    {'s', "SETITEM", A::kNone, 0, false, 0},
    {'t', "TUPLE", A::kNone, 0, false, 0},
    {')', "EMPTY_TUPLE", A::kNone, 0, false, 1},
    {'u', "SETITEMS", A::kNone, 0, false, 1},
    {'G', "BINFLOAT", A::kFixed, 8, false, 1},
    {0x80, "PROTO", A::kFixed, 1, false, 2},
    {0x81, "NEWOBJ", A::kNone, 0, false, 2},
    {0x82, "EXT1", A::kFixed, 1, false, 2},
    {0x83, "EXT2", A::kFixed, 2, false, 2},
    {0x84, "EXT4", A::kFixed, 4, true, 2},
    {0x85, "TUPLE1", A::kNone, 0, false, 2},
    {0x86, "TUPLE2", A::kNone, 0, false, 2},
    {0x87, "TUPLE3", A::kNone, 0, false, 2},
    {0x88, "NEWTRUE", A::kNone, 0, false, 2},
    {0x89, "NEWFALSE", A::kNone, 0, false, 2},
    {0x8a, "LONG1", A::kCounted, 1, false, 2},
    {0x8b, "LONG4", A::kCounted, 4, true, 2},
    {'B', "BINBYTES", A::kCounted, 4, false, 3},
    {'C', "SHORT_BINBYTES", A::kCounted, 1, false, 3},
    {0x8c, "SHORT_BINUNICODE", A::kCounted, 1, false, 4},
    {0x8d, "BINUNICODE8", A::kCounted, 8, false, 4},
    {0x8e, "BINBYTES8", A::kCounted, 8, false, 4},
    {0x8f, "EMPTY_SET", A::kNone, 0, false, 4},
    {0x90, "ADDITEMS", A::kNone, 0, false, 4},
    {0x91, "FROZENSET", A::kNone, 0, false, 4},
    {0x92, "NEWOBJ_EX", A::kNone, 0, false, 4},
    {0x93, "STACK_GLOBAL", A::kNone, 0, false, 4},
    {0x94, "MEMOIZE", A::kNone, 0, false, 4},
    {0x95, "FRAME", A::kFixed, 8, false, 4},
    {0x96, "BYTEARRAY8", A::kCounted, 8, false, 5},
    {0x97, "NEXT_BUFFER", A::kNone, 0, false, 5},
    {0x98, "READONLY_BUFFER", A::kNone, 0, false, 5},
};

constexpr std::array<int16_t, 256> make_index() {
  std::array<int16_t, 256> index{};
  for (auto& slot : index) slot = -1;
  for (size_t i = 0; i < sizeof(kOps) / sizeof(kOps[0]); ++i)
    index[kOps[i].code] = static_cast<int16_t>(i);
  return index;
}

constexpr std::array<int16_t, 256> kIndex = make_index();

}  // namespace

const PickleOp* find_pickle_op(uint8_t code) {
  const int16_t i = kIndex[code];
  return i < 0 ? nullptr : &kOps[static_cast<size_t>(i)];
}

}  // namespace modelseal::formats::pickle_detail
