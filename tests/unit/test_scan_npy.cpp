#include <doctest/doctest.h>

#include <cstdlib>
#include <set>
#include <string>

#include "formats/scan/npy.hpp"
#include "scan_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal::formats;

namespace {

// What np.save writes: magic, version, header length, the dict padded with
// spaces and a '\n' so the data starts on a 64-byte boundary, then the data.
std::string npy_bytes(const std::string& dict, const std::string& data, int major = 1) {
  const size_t prefix = major == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < prefix - 8; ++i) out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string dict(const std::string& descr, const std::string& shape) {
  return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
}

ScanReport npy_scan(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_npy(src, "t.npy");
}

std::set<std::string> npy_ids(const ScanReport& r) { return scan_test_support::finding_ids(r); }

void expect_only_npy(const std::string& bytes, const std::string& id) {
  scan_test_support::expect_only_finding(npy_scan(bytes), id);
}

}  // namespace

TEST_CASE("npy accepts valid arrays") {
  const std::string file = npy_bytes(dict("<f4", "(2, 3)"), std::string(24, 'x'));
  CHECK(file.size() == 128 + 24);
  const ScanReport r = npy_scan(file);
  CHECK(r.format == "npy");
  CHECK(r.findings.empty());
  MemorySource src({reinterpret_cast<const uint8_t*>(file.data()), file.size()});
  CHECK(looks_like_npy(src));
  CHECK(npy_scan(npy_bytes(dict("<i8", "(3,)"), std::string(24, 'x'), 2)).findings.empty());
  CHECK(npy_scan(npy_bytes(dict("<U3", "(2,)"), std::string(24, 'x'), 3)).findings.empty());
  CHECK(npy_scan(npy_bytes(dict("|b1", "()"), "x")).findings.empty());
  CHECK(npy_scan(npy_bytes(dict("<M8[ns]", "(0, 5)"), "")).findings.empty());
  CHECK(npy_scan(npy_bytes(dict("|S5", "(1L,)"), "12345")).findings.empty());
  CHECK(npy_scan(npy_bytes("{\"shape\": (2,), \"fortran_order\": True, \"descr\": \">c8\"}",
                      std::string(16, 'x'))).findings.empty());
  const std::string st = "\x10\0\0\0\0\0\0\0{}";
  CHECK_FALSE(looks_like_npy(MemorySource({reinterpret_cast<const uint8_t*>(st.data()), st.size()})));
}

TEST_CASE("npy rejects a bad preamble") {
  std::string file = npy_bytes(dict("<f4", "(2,)"), std::string(8, 'x'));
  expect_only_npy("\x93NUMPZ" + file.substr(6), "npy.bad_magic");
  expect_only_npy(file.substr(0, 9), "npy.truncated");
  std::string v = file;
  v[6] = 4;
  expect_only_npy(v, "npy.unsupported_version");
  v = file;
  v[7] = 1;
  expect_only_npy(v, "npy.unsupported_version");
  v = file;
  v[9] = '\x7f';  // header length past the end of the file
  expect_only_npy(v, "npy.header_length_out_of_range");
  std::string v2 = npy_bytes(dict("<f4", "(2,)"), std::string(8, 'x'), 2);
  v2[10] = '\x20';  // 2 MiB, over the limit
  expect_only_npy(v2, "npy.header_length_out_of_range");
}

TEST_CASE("npy parses the header dict without evaluating it") {
  expect_only_npy(npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", ""),
              "npy.header_syntax");
  expect_only_npy(npy_bytes("__import__('os').system('id')", ""), "npy.header_syntax");
  expect_only_npy(npy_bytes(dict("<f4", "(2,)") + " + 1", std::string(8, 'x')), "npy.header_syntax");
  expect_only_npy(npy_bytes("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", ""),
              "npy.header_syntax");
  expect_only_npy(npy_bytes("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (2,)}", ""),
              "npy.header_syntax");
  expect_only_npy(npy_bytes("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}",
                       std::string(8, 'x')),
              "npy.duplicate_key");
  expect_only_npy(npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}",
                       std::string(8, 'x')),
              "npy.unknown_key");
  expect_only_npy(npy_bytes("{'descr': '<f4', 'shape': (2,)}", std::string(8, 'x')), "npy.missing_key");
}

TEST_CASE("npy rejects object and unknown dtypes") {
  expect_only_npy(npy_bytes(dict("|O", "(2,)"), std::string(16, 'x')), "npy.object_dtype");
  expect_only_npy(npy_bytes(dict("<O8", "(2,)"), std::string(16, 'x')), "npy.object_dtype");
  expect_only_npy(npy_bytes("{'descr': [('a', '|O')], 'fortran_order': False, 'shape': (2,)}", ""),
              "npy.object_dtype");
  expect_only_npy(npy_bytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", ""),
              "npy.unsupported_descr");
  for (const char* d : {"<f3", "<x4", "", "<i", "|b2", "<M8[n s]"})
    expect_only_npy(npy_bytes(dict(d, "(2,)"), std::string(8, 'x')), "npy.unknown_dtype");
}

TEST_CASE("npy checks the shape against the data size") {
  expect_only_npy(npy_bytes(dict("<f4", "(-1,)"), ""), "npy.invalid_shape");
  expect_only_npy(npy_bytes(dict("<f4", "(2.5,)"), ""), "npy.invalid_shape");
  expect_only_npy(npy_bytes(dict("<f4", "[2]"), ""), "npy.invalid_shape");
  std::string rank65 = "(";
  for (int i = 0; i < 65; ++i) rank65 += "1,";
  expect_only_npy(npy_bytes(dict("<f4", rank65 + ")"), "1234"), "npy.invalid_shape");
  expect_only_npy(npy_bytes(dict("<f4", "(1099511627776, 1099511627776)"), ""), "npy.size_overflow");
  expect_only_npy(npy_bytes(dict("<f4", "(99999999999999999999,)"), ""), "npy.size_overflow");
  const std::string file = npy_bytes(dict("<f4", "(2, 3)"), std::string(24, 'x'));
  expect_only_npy(file + "x", "npy.size_mismatch");
  const ScanReport r = npy_scan(file.substr(0, file.size() - 1));
  REQUIRE(npy_ids(r) == std::set<std::string>{"npy.size_mismatch"});
  CHECK(r.findings[0].offset == 128);
}

TEST_CASE("npy accepts what numpy writes when numpy is installed") {
  if (std::system("python3 -c 'import numpy' >/dev/null 2>&1") != 0) {
    MESSAGE("numpy is not importable: skipped");
    return;
  }
  test_support::TempDir dir;
  const std::string path = (dir / "a.npy").string();
  const std::string cmd = "python3 -c \"import numpy as np; np.save('" + path +
                          "', np.arange(12, dtype='<f8').reshape(3, 4))\"";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(npy_scan(test_support::read_bytes(path)).findings.empty());
}
