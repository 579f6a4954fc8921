// Private helpers shared by the safetensors scanner and index check: bounded
// reads and a finding collector with a cap and documented hints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats::safetensors_detail {

// Collects findings, at most `cap`; one "<prefix>.too_many_findings" marks the cut.
class Collector {
 public:
  Collector(ScanReport& report, std::string_view file, size_t cap)
      : report_(report), file_(file), cap_(cap) {}
  void add(std::string_view id, Severity severity, uint64_t offset, std::string message);
  void error(std::string_view id, uint64_t offset, std::string message) {
    add(id, Severity::kError, offset, std::move(message));
  }

 private:
  ScanReport& report_;
  std::string file_;
  size_t cap_;
};

// The documented hint for a finding id (docs/findings-safetensors-npy.md).
std::string_view safetensors_hint(std::string_view id);

// Reads exactly n bytes at offset (n already checked against a limit and the size).
Result<std::string> read_exact(const ByteSource& src, uint64_t offset, uint64_t n);

}  // namespace modelseal::formats::safetensors_detail
