// Collects the ONNX scanner's findings, each with its documented hint
// (docs/findings-onnx.md), stopping after kOnnxMaxFindings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "formats/scan/scan.hpp"
#include "formats/text/quote.hpp"  // quote(), for messages

namespace modelseal::formats::onnx_detail {

class OnnxFindings {
 public:
  OnnxFindings(ScanReport& report, std::string_view file) : report_(report), file_(file) {}
  void error(std::string_view id, uint64_t offset, std::string message) {
    add(id, Severity::kError, offset, std::move(message));
  }
  void warning(std::string_view id, uint64_t offset, std::string message) {
    add(id, Severity::kWarning, offset, std::move(message));
  }
  void add(std::string_view id, Severity severity, uint64_t offset, std::string message);

 private:
  ScanReport& report_;
  std::string file_;
  size_t count_ = 0;
};

std::string_view hint(std::string_view id);


}  // namespace modelseal::formats::onnx_detail
