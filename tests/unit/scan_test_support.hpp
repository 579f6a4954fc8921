// Checks shared by the weight-scanner tests.
#pragma once

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <span>
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

// A C string literal's bytes, embedded NULs included (the terminating one left out).
template <size_t N>
std::string literal_bytes(const char (&s)[N]) {
  return std::string(s, N - 1);
}

// `v` as `n` little-endian bytes.
inline std::string little_endian(uint64_t v, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

// A source of `claimed` bytes whose every read fails.
class FailingSource : public modelseal::formats::ByteSource {
 public:
  explicit FailingSource(uint64_t claimed) : claimed_(claimed) {}
  uint64_t size() const override { return claimed_; }
  modelseal::Result<size_t> read_at(uint64_t, std::span<uint8_t>) const override {
    return modelseal::make_error(modelseal::ErrorCode::kIo, "disk on fire");
  }

 private:
  uint64_t claimed_;
};

}  // namespace scan_test_support
