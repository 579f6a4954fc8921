#include <doctest/doctest.h>

#include "formats/scan/scan.hpp"
#include "test_support.hpp"

using namespace modelseal;
using namespace modelseal::formats;

TEST_CASE("byte sources read within bounds") {
  const std::string data = "0123456789";
  MemorySource mem({reinterpret_cast<const uint8_t*>(data.data()), data.size()});
  std::vector<uint8_t> buf(4);
  CHECK(*mem.read_at(8, buf) == 2);
  CHECK(*mem.read_at(10, buf) == 0);
  CHECK(*mem.read_at(1ull << 40, buf) == 0);

  test_support::TempDir dir;
  test_support::write_bytes(dir / "f.bin", data);
  auto file = open_file_source((dir / "f.bin").string());
  REQUIRE(file.ok());
  CHECK((*file)->size() == 10);
  CHECK(*(*file)->read_at(6, buf) == 4);
  CHECK(std::string(buf.begin(), buf.end()) == "6789");
  CHECK(*(*file)->read_at(9, buf) == 1);
  CHECK(open_file_source((dir / "missing").string()).error().code == ErrorCode::kNotFound);
  CHECK(open_file_source(dir.path().string()).error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("a scan report is rejected only by error findings") {
  ScanReport report;
  CHECK_FALSE(report.rejected());
  report.findings.push_back({"x.note", Severity::kWarning, "f", 0, "m", "h"});
  CHECK_FALSE(report.rejected());
  report.findings.push_back({"x.bad", Severity::kError, "f", 3, "m", "h"});
  CHECK(report.rejected());
  CHECK(severity_name(Severity::kError) == "error");
}
