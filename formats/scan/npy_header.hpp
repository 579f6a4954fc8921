// Private to the .npy scanner: a bounded, non-evaluating parser of the header's
// Python dict literal, and the itemsize of a descr string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace modelseal::formats::npy_detail {

struct NpyHeader {
  std::optional<std::string> descr;
  std::optional<bool> fortran_order;
  std::optional<std::vector<uint64_t>> shape;
};

struct HeaderProblem {
  std::string id;       // "npy.header_syntax", "npy.duplicate_key", "npy.unknown_key", ...
  size_t offset = 0;    // within the header text
  std::string message;
};

// Parses {'descr': str, 'fortran_order': bool, 'shape': (int, ...)} and the
// trailing padding; the first problem stops the parse.
std::optional<HeaderProblem> parse_header(std::string_view text, size_t max_rank, NpyHeader& out);

enum class DescrKind { kOk, kObject, kUnknown };
struct Descr {
  DescrKind kind = DescrKind::kUnknown;
  uint64_t itemsize = 0;
};
// '<f4' -> 4, '|b1' -> 1, '<U3' -> 12, '|S5' -> 5, '<M8[ns]' -> 8; any 'O' -> kObject.
Descr parse_descr(std::string_view descr);

}  // namespace modelseal::formats::npy_detail
