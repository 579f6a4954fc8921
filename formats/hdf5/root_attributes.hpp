// A strict, bounded reader of the few HDF5 structures that hold a file's root
// group attributes (the legacy Keras `.h5` keeps its model config there), and
// nothing else of HDF5 (docs/findings-hdf5.md, "What is read"):
//
//   superblock        versions 0 and 1 (root symbol table entry), 2 and 3
//                     (root object header address, lookup3 checksum), at
//                     offset 0 or after a user block (512, 1024, 2048, ...)
//   object header     version 1, and version 2 ("OHDR", lookup3 checksum), with
//                     its continuation chunks ("OCHK" in version 2)
//   attribute         message 0x000C versions 1, 2 and 3; its datatype
//                     (fixed-length or variable-length string), its dataspace
//                     (scalar or one element)
//   global heap       the collection ("GCOL") holding a variable-length
//                     string, and the one object it names
//
// Every address is checked against the file before it is read, every size and
// count against a limit below; chunks may not overlap (no continuation cycle).
// Dense attribute storage (fractal heap + version 2 B-tree) and shared messages
// are not read: they are an "hdf5.unsupported_layout" problem.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::formats::hdf5 {

inline constexpr uint64_t kMaxAttributeBytes = uint64_t{64} << 20;  // one string value
inline constexpr uint64_t kMaxHeaderBytes = uint64_t{16} << 20;     // all chunks of the root header
inline constexpr size_t kMaxHeaderChunks = 64;                      // the first + continuations
inline constexpr size_t kMaxHeaderMessages = 1u << 16;
inline constexpr size_t kMaxAttributes = 4096;                      // root attributes listed
inline constexpr size_t kMaxHeapObjects = 1u << 20;                 // walked in one collection
inline constexpr size_t kMaxRank = 32;

// The signature that starts every superblock.
inline constexpr std::string_view kSignature{"\x89HDF\r\n\x1a\n", 8};

// Where the superblock is (0 or a user block size), if anywhere.
std::optional<uint64_t> find_superblock(const ByteSource& src);

// Why the reading stopped: "hdf5.malformed", "hdf5.checksum_mismatch",
// "hdf5.limit_exceeded", "hdf5.unsupported_layout", "hdf5.read_error".
struct Problem {
  std::string id;
  uint64_t offset = 0;
  std::string message;
};

struct Attribute {
  std::string name;
  // For a wanted attribute only: its string value, or nullopt when the value is
  // not one string (another type, or not exactly one element); `not_string`
  // says what it is instead.
  std::optional<std::string> text;
  std::string not_string;
  uint64_t value_offset = 0;  // where the value's bytes are in the file
};

struct RootAttributes {
  uint64_t superblock_offset = 0;
  int superblock_version = 0;
  std::vector<Attribute> attributes;  // in header order, up to the problem
  std::optional<Problem> problem;     // the first one; reading stopped there
};

// Reads the root group's attributes; the values of those named in `wanted`.
RootAttributes read_root_attributes(const ByteSource& src, std::span<const std::string_view> wanted);

}  // namespace modelseal::formats::hdf5
