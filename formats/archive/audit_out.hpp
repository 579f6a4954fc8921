// Where the archive auditor's findings go: fills in the hint, the file name and,
// for a compressed archive, says that offsets are in the decompressed tar.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "formats/archive/archive_audit.hpp"

namespace modelseal::formats::archive_detail {

std::string_view archive_hint(std::string_view id);

class AuditOut {
 public:
  AuditOut(ArchiveAudit& audit, std::string_view file) : audit_(audit), file_(file) {}

  // A problem at `offset` in the tar; the audit goes on.
  void error(std::string_view id, uint64_t offset, std::string message);
  void error(std::string_view id, uint64_t offset, std::string message, std::string hint);
  // A problem after which nothing more can be read.
  void fatal(std::string_view id, uint64_t offset, std::string message);
  // A problem of the compressed file itself, at `offset` in the file.
  void fatal_in_file(std::string_view id, uint64_t offset, std::string message);

  bool stopped() const { return stopped_; }

 private:
  void add(std::string_view id, uint64_t offset, std::string message, std::string hint);
  ArchiveAudit& audit_;
  std::string file_;
  bool stopped_ = false;
};

}  // namespace modelseal::formats::archive_detail
