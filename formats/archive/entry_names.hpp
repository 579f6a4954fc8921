// The name rules for archive entries: structure (absolute, '..', empty or '.'
// components), encoding, portability (formats/names), duplicates, and at the end
// case and Unicode collisions over all names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "formats/archive/audit_out.hpp"

namespace modelseal::formats::archive_detail {

class EntryNames {
 public:
  EntryNames(const ArchiveAuditLimits& limits, AuditOut& out) : limits_(limits), out_(out) {}

  // Reports what is wrong with one entry's path; false when the names limit is
  // exceeded (fatal, reported).
  bool add(std::string_view path, char type, uint64_t offset);

  // Case and Unicode collisions between all entries (once, at the end).
  void report_collisions(const std::vector<AuditedEntry>& entries);

 private:
  const ArchiveAuditLimits& limits_;
  AuditOut& out_;
  std::unordered_set<std::string> seen_;
  uint64_t bytes_ = 0;
};

// The entry's path as a file: a directory's single trailing '/' removed.
std::string_view entry_name(std::string_view path, char type);

}  // namespace modelseal::formats::archive_detail
