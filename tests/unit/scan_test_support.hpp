// Checks shared by the weight-scanner tests.
#pragma once

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "empty_hdf5.hpp"
#include "formats/scan/scan.hpp"

namespace scan_test_support {

using fuzz_fixtures::kEmptyHdf5;

// The ids of a report's findings; every finding must carry a hint.
inline std::set<std::string> finding_ids(const modelseal::formats::ScanReport& r) {
  std::set<std::string> out;
  for (const auto& f : r.findings) {
    out.insert(f.id);
    CHECK_FALSE(f.hint.empty());
  }
  return out;
}

// The report is rejected with exactly the finding `id`.
inline void expect_only_finding(const modelseal::formats::ScanReport& r, const std::string& id) {
  CHECK(finding_ids(r) == std::set<std::string>{id});
  CHECK(r.rejected());
}

}  // namespace scan_test_support
