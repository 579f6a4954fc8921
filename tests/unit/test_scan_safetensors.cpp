#include <doctest/doctest.h>

#include <set>
#include <string>

#include "formats/scan/safetensors.hpp"
#include "scan_test_support.hpp"

using namespace modelseal::formats;

namespace {

// u64le header length, the header padded with spaces to a multiple of 8, the data.
std::string st_file(std::string header, const std::string& data, bool pad = true) {
  while (pad && header.size() % 8 != 0) header += ' ';
  std::string out;
  for (int i = 0; i < 8; ++i) out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

const std::string kMeta = R"("__metadata__":{"format":"pt"})";
const std::string kA = R"("a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]})";
const std::string kB = R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]})";

std::string valid_file() { return st_file("{" + kMeta + "," + kA + "," + kB + "}", std::string(22, 'x')); }

// One tensor "a" with the given entry body and data size.
std::string one_tensor(const std::string& entry, size_t data = 16) {
  return st_file(R"({"a":)" + entry + "}", std::string(data, 'x'));
}

ScanReport safetensors_scan(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_safetensors(src, "t.safetensors");
}

std::set<std::string> safetensors_ids(const ScanReport& r) { return scan_test_support::finding_ids(r); }

void expect_only_safetensors(const std::string& bytes, const std::string& id) {
  scan_test_support::expect_only_finding(safetensors_scan(bytes), id);
}

ScanReport scan_index(const std::string& text, const std::vector<std::string>& present) {
  MemorySource src({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  return check_safetensors_index(src, "model.safetensors.index.json", present);
}

}  // namespace

TEST_CASE("safetensors accepts a valid file") {
  const std::string file = valid_file();
  const ScanReport r = safetensors_scan(file);
  CHECK(r.format == "safetensors");
  CHECK(r.findings.empty());
  MemorySource src({reinterpret_cast<const uint8_t*>(file.data()), file.size()});
  CHECK(looks_like_safetensors(src));
  CHECK(safetensors_scan(st_file("{}", "")).findings.empty());
  CHECK(safetensors_scan(one_tensor(R"({"dtype":"F4","shape":[4],"data_offsets":[0,2]})", 2)).findings.empty());
  CHECK(safetensors_scan(one_tensor(R"({"dtype":"U8","shape":[0],"data_offsets":[0,0]})", 0)).findings.empty());
  const std::string npy = "\x93NUMPY";
  CHECK_FALSE(looks_like_safetensors(MemorySource({reinterpret_cast<const uint8_t*>(npy.data()), npy.size()})));
}

TEST_CASE("safetensors rejects a bad header length") {
  expect_only_safetensors("1234", "safetensors.truncated");
  std::string file = valid_file();
  file[0] = static_cast<char>(file[0] + 100);  // past the end of the file
  expect_only_safetensors(file, "safetensors.header_length_out_of_range");
  file[7] = '\x7f';  // beyond the 100 MiB limit
  expect_only_safetensors(file, "safetensors.header_length_out_of_range");
}

TEST_CASE("safetensors rejects a header that is not a JSON object") {
  expect_only_safetensors(st_file("[1,2]", ""), "safetensors.header_not_object");
  expect_only_safetensors(st_file(R"({"a":)", ""), "safetensors.header_not_json");
  expect_only_safetensors(st_file("{\"\xff\":1}", ""), "safetensors.header_not_json");
  expect_only_safetensors(st_file(R"({"__metadata__":{"x":[[[[[[[[[1]]]]]]]]]}})", ""),
              "safetensors.header_too_deep");
  expect_only_safetensors(st_file("{}\n", "", false), "safetensors.header_padding");
  std::string many = R"({"__metadata__":{"x":[)";
  for (size_t i = 0; i < kSafetensorsMaxJsonValues; ++i) many += "0,";
  many += "0]}}";
  expect_only_safetensors(st_file(many, ""), "safetensors.header_too_many_values");
}

TEST_CASE("safetensors reports duplicate keys where they are") {
  const std::string header = "{" + kA + "," + kA + "}";
  const std::string file = st_file(header, std::string(16, 'x'));
  const ScanReport r = safetensors_scan(file);
  REQUIRE(safetensors_ids(r) == std::set<std::string>{"safetensors.duplicate_key"});
  CHECK(r.findings[0].offset == 8 + header.rfind("\"a\""));
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","dtype":"F32","shape":[2,2],"data_offsets":[0,16]})"),
              "safetensors.duplicate_key");
}

TEST_CASE("safetensors checks metadata and tensor entries") {
  expect_only_safetensors(st_file(R"({"__metadata__":{"x":1}})", ""), "safetensors.metadata_not_string");
  expect_only_safetensors(st_file(R"({"__metadata__":"x"})", ""), "safetensors.metadata_not_object");
  expect_only_safetensors(st_file(R"({"a":[1]})", ""), "safetensors.tensor_not_object");
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[2,2]})", 0), "safetensors.missing_field");
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[2,2],"data_offsets":[0,16],"x":1})"),
              "safetensors.unknown_field");
  expect_only_safetensors(one_tensor(R"({"dtype":"F33","shape":[2,2],"data_offsets":[0,16]})"),
              "safetensors.unknown_dtype");
  expect_only_safetensors(one_tensor(R"({"dtype":7,"shape":[2,2],"data_offsets":[0,16]})"),
              "safetensors.unknown_dtype");
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[-1],"data_offsets":[0,16]})"),
              "safetensors.invalid_shape");
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],"data_offsets":[0,16]})"),
              "safetensors.invalid_shape");
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[2,2],"data_offsets":[16,0]})", 0),
              "safetensors.invalid_offsets");
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[2,2],"data_offsets":[0]})", 0),
              "safetensors.invalid_offsets");
}

TEST_CASE("safetensors checks sizes against shapes") {
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[4294967296,4294967296,2],"data_offsets":[0,16]})"),
              "safetensors.size_overflow");
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[2,3],"data_offsets":[0,16]})"),
              "safetensors.size_mismatch");
  expect_only_safetensors(one_tensor(R"({"dtype":"F4","shape":[3],"data_offsets":[0,2]})", 2),
              "safetensors.size_mismatch");
}

TEST_CASE("safetensors offsets tile the data exactly") {
  const std::string gap_b = R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[20,26]})";
  expect_only_safetensors(st_file("{" + kA + "," + gap_b + "}", std::string(26, 'x')), "safetensors.offsets_gap");
  const std::string over_b = R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[10,16]})";
  expect_only_safetensors(st_file("{" + kA + "," + over_b + "}", std::string(16, 'x')),
              "safetensors.offsets_overlap");
  expect_only_safetensors(one_tensor(R"({"dtype":"F32","shape":[2,2],"data_offsets":[0,16]})", 8),
              "safetensors.offsets_out_of_range");
  const std::string file = valid_file() + "zz";
  const ScanReport r = safetensors_scan(file);
  REQUIRE(safetensors_ids(r) == std::set<std::string>{"safetensors.trailing_bytes"});
  CHECK(r.findings[0].offset == file.size() - 2);
}

TEST_CASE("safetensors caps the number of findings") {
  std::string header = "{";
  for (int i = 0; i < 1100; ++i)
    header += "\"t" + std::to_string(i) + R"(":{"dtype":"X","shape":[0],"data_offsets":[0,0]},)";
  header.back() = '}';
  const ScanReport r = safetensors_scan(st_file(header, ""));
  REQUIRE(r.findings.size() == kSafetensorsMaxFindings + 1);
  CHECK(r.findings.back().id == "safetensors.too_many_findings");
}

TEST_CASE("safetensors index names present plain shard files") {
  const std::string shard1 = "model-00001-of-00002.safetensors";
  const std::string shard2 = "model-00002-of-00002.safetensors";
  const std::string text = R"({"metadata":{"total_size":16},"weight_map":{"a":")" + shard1 +
                           R"(","b":")" + shard2 + R"("}})";
  CHECK(scan_index(text, {shard1, shard2}).findings.empty());
  CHECK(safetensors_ids(scan_index(text, {shard1})) == std::set<std::string>{"safetensors.index_missing_shard"});
  const ScanReport extra = scan_index(text, {shard1, shard2, "model-extra.safetensors"});
  CHECK(safetensors_ids(extra) == std::set<std::string>{"safetensors.index_unreferenced_shard"});
  CHECK_FALSE(extra.rejected());
  for (const char* bad : {"../x.safetensors", "sub/x.safetensors", "..", "/abs.safetensors"}) {
    const std::string t = R"({"weight_map":{"a":")" + std::string(bad) + R"("}})";
    CHECK(safetensors_ids(scan_index(t, {})) == std::set<std::string>{"safetensors.index_unsafe_shard_name"});
  }
  CHECK(safetensors_ids(scan_index(R"({"weight_map":{"a":"x","a":"x"}})", {"x"})) ==
        std::set<std::string>{"safetensors.index_duplicate_key"});
  CHECK(safetensors_ids(scan_index(R"({"weight_map":)", {})) == std::set<std::string>{"safetensors.index_invalid"});
  CHECK(safetensors_ids(scan_index(R"({"metadata":{}})", {})) == std::set<std::string>{"safetensors.index_invalid"});
  CHECK(safetensors_ids(scan_index(R"({"weight_map":{"a":1}})", {})) == std::set<std::string>{"safetensors.index_invalid"});
  CHECK(safetensors_ids(scan_index(R"({"weight_map":{},"x":1})", {})) ==
        std::set<std::string>{"safetensors.index_unknown_field"});
}
