#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "formats/scan/detect.hpp"
#include "formats/scan/subrange_source.hpp"
#include "formats/scan/zip_scan.hpp"
#include "formats/zip/crc32.hpp"
#include "formats/zip/zip_directory.hpp"
#include "scan_test_support.hpp"
#include "zip_test_support.hpp"

using namespace modelseal::formats;
using namespace zip_test_support;

namespace {

// ---- sample members ----

using namespace std::string_literals;

const std::string kBenignPickle = "\x80\x02}X\x01\x00\x00\x00" "a" "K\x01s."s;  // {'a': 1}
const std::string kEvilPickle = "\x80\x02" "cos\nsystem\n" "X\x02\x00\x00\x00" "id" "\x85R."s;

std::string npy_member(const std::string& descr, const std::string& shape, const std::string& data) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY\x01";
  out += '\0';
  put(out, header.size(), 2);
  return out + header + data;
}

std::vector<Member> torch_members(const std::string& pickle = kBenignPickle, uint16_t method = 0) {
  return {Member("archive/data.pkl", pickle).with_method(method),
          Member("archive/byteorder", "little"),
          Member("archive/data/0", std::string("\x80\x02\x01\x02\x03\x04\x05\x06", 8)),
          Member("archive/version", "3\n"),
          Member("archive/.data/serialization_id", "1234567890")};
}

ScanReport zip_scan(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_zip(src, "t.zip");
}

bool looks(const std::string& bytes) {
  return looks_like_zip(MemorySource({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}));
}

std::set<std::string> zip_ids(const std::string& bytes) {
  return scan_test_support::finding_ids(zip_scan(bytes));
}

void expect_only_zip(const std::string& bytes, const std::string& id) {
  const ScanReport r = zip_scan(bytes);
  std::string found;
  for (const Finding& f : r.findings) found += f.id + ": " + f.message + "\n";
  INFO("expected ", id, ", found:\n", found);
  scan_test_support::expect_only_finding(r, id);
}

}  // namespace

TEST_CASE("zip accepts a PyTorch checkpoint layout") {
  const Zip z = build_zip(torch_members());
  const ScanReport r = zip_scan(z.bytes);
  CHECK(r.format == "pytorch-zip");
  CHECK(r.findings.empty());
  CHECK(looks(z.bytes));
  MemorySource src({reinterpret_cast<const uint8_t*>(z.bytes.data()), z.bytes.size()});
  auto by_content = scan_by_content(src, "model.pt");
  REQUIRE(by_content);
  CHECK(by_content->format == "pytorch-zip");
  CHECK(by_content->findings.empty());
  CHECK(zip_scan(build_zip(torch_members(kBenignPickle, 8)).bytes).findings.empty());
}

TEST_CASE("zip lists entries with sizes and data offsets") {
  const Zip z = build_zip({Member("a.txt", "hello"),
                           Member("b.txt", "world!").with_method(8)});
  MemorySource src({reinterpret_cast<const uint8_t*>(z.bytes.data()), z.bytes.size()});
  const zip::Directory dir = zip::read_directory(src);
  CHECK(dir.issues.empty());
  REQUIRE(dir.entries.size() == 2);
  CHECK(dir.entries[0].name == "a.txt");
  CHECK(dir.entries[0].data_offset == 30 + 5);
  CHECK(dir.entries[0].uncompressed_size == 5);
  CHECK(dir.entries[1].method == 8);
  CHECK(dir.entries[1].compressed_size == 11);
  CHECK(dir.entries[1].crc32 == crc_of("world!"));
  CHECK(dir.entries[1].data_readable);
}

TEST_CASE("zip accepts npz and empty and ZIP64 and data-descriptor archives") {
  const std::string a = npy_member("<f4", "(2,)", std::string(8, 'x'));
  const std::string b = npy_member("<i8", "(1,)", std::string(8, 'y'));
  const ScanReport npz = zip_scan(build_zip({Member("a.npy", a),
                                         Member("b.npy", b).with_method(8)}).bytes);
  CHECK(npz.format == "npz");
  CHECK(npz.findings.empty());
  const Zip empty = build_zip({});
  CHECK(empty.bytes.size() == 22);
  CHECK(looks(empty.bytes));
  CHECK(zip_scan(empty.bytes).format == "zip");
  CHECK(zip_scan(empty.bytes).findings.empty());
  CHECK(zip_scan(build_zip(torch_members(), "", true).bytes).findings.empty());
  CHECK(zip_scan(build_zip({Member("w.bin", "abc").with_method(8).with_descriptor(),
                        Member("v.bin", "def").with_descriptor()}).bytes)
            .findings.empty());
  CHECK(zip_scan(build_zip({Member("caf\xc3\xa9.txt", "x").with_flags(1u << 11)}).bytes)
            .findings.empty());
  CHECK(zip_scan(build_zip({Member("dir/", ""), Member("dir/x", "1")}).bytes)
            .findings.empty());
  CHECK_FALSE(looks("plain text, not an archive"));
  CHECK_FALSE(looks(""));
}

TEST_CASE("zip rejects unsafe pickles inside and names the member") {
  const Zip z = build_zip(torch_members(kEvilPickle));
  const ScanReport r = zip_scan(z.bytes);
  CHECK(r.format == "pytorch-zip");
  scan_test_support::expect_only_finding(r, "pickle.unsafe_global");
  REQUIRE_FALSE(r.findings.empty());
  CHECK(r.findings[0].file == "t.zip:archive/data.pkl");
  CHECK(r.findings[0].offset >= z.local_at[0] + 30 + 16);
  CHECK(r.findings[0].offset < z.local_at[1]);
  CHECK(r.findings[0].message.find("system") != std::string::npos);

  const ScanReport deflated = zip_scan(build_zip(torch_members(kEvilPickle, 8)).bytes);
  scan_test_support::expect_only_finding(deflated, "pickle.unsafe_global");
  CHECK(deflated.findings[0].message.find("inflated member") != std::string::npos);
  // Sniffed by content whatever the name; forced by the name when it says pickle.
  expect_only_zip(build_zip({Member("weights.bin", kEvilPickle)}).bytes,
              "pickle.unsafe_global");
  CHECK(zip_scan(build_zip({Member("x.pkl", "not a pickle at all")}).bytes).rejected());
}

TEST_CASE("zip rejects npz members that are not plain arrays") {
  expect_only_zip(build_zip({Member("a.npy", npy_member("|O", "(1,)", kBenignPickle))}).bytes,
              "npy.object_dtype");
  expect_only_zip(build_zip({Member("a.npy", "garbage, not npy")}).bytes, "npy.bad_magic");
}

TEST_CASE("zip reports a source that cannot be read") {
  class FailingSource : public ByteSource {
   public:
    uint64_t size() const override { return 100; }
    modelseal::Result<size_t> read_at(uint64_t, std::span<uint8_t>) const override {
      return modelseal::make_error(modelseal::ErrorCode::kIo, "disk on fire");
    }
  };
  FailingSource src;
  CHECK_FALSE(looks_like_zip(src));
  scan_test_support::expect_only_finding(scan_zip(src, "t.zip"), "zip.read_error");
}

TEST_CASE("zip scans what a folder entry hides") {
  expect_only_zip(build_zip({Member("dir/", kEvilPickle)}).bytes, "pickle.unsafe_global");
}

TEST_CASE("subrange source reads only its window") {
  const std::string bytes = "0123456789";
  MemorySource parent({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  SubrangeSource window(parent, 3, 4);
  CHECK(window.size() == 4);
  std::string out(8, '.');
  auto got = window.read_at(1, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
  REQUIRE(got.ok());
  CHECK(*got == 3);
  CHECK(out.substr(0, 3) == "456");
  got = window.read_at(4, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
  REQUIRE(got.ok());
  CHECK(*got == 0);
  CHECK(SubrangeSource(parent, 8, 100).size() == 2);
  CHECK(SubrangeSource(parent, 50, 5).size() == 0);
}

TEST_CASE("zip rejects a PyTorch layout without data.pkl") {
  std::vector<Member> m = torch_members();
  m.erase(m.begin());
  expect_only_zip(build_zip(m).bytes, "zip.missing_data_pkl");
  m = torch_members();
  m.push_back(Member("archive/extra.txt", "hi"));
  const ScanReport r = zip_scan(build_zip(m).bytes);
  CHECK(scan_test_support::finding_ids(r) == std::set<std::string>{"zip.pytorch_layout"});
  CHECK_FALSE(r.rejected());
}

TEST_CASE("zip rejects a missing or broken end record") {
  expect_only_zip(std::string("PK\x03\x04") + std::string(40, 'x'), "zip.no_end_record");
  expect_only_zip("PK\x03\x04", "zip.no_end_record");
  Zip z = build_zip(torch_members());
  std::string b = z.bytes;
  // A second end record in the comment: Python's zipfile takes the last one.
  set(b, z.end_at + 20, 22, 2);
  b += b.substr(z.end_at, 20) + std::string(2, '\0');
  expect_only_zip(b, "zip.ambiguous_end_record");
  b = z.bytes;
  set(b, z.end_at + 4, 1, 2);
  expect_only_zip(b, "zip.multi_disk");
  b = z.bytes;
  set(b, z.end_at + 12, z.bytes.size(), 4);  // directory size past the end records
  expect_only_zip(b, "zip.bad_central_directory");
  b = z.bytes;
  set(b, z.central_at[2], 0x02014b51, 4);
  expect_only_zip(b, "zip.bad_central_directory");
  b = z.bytes;
  set(b, z.end_at + 8, 4, 2);
  set(b, z.end_at + 10, 4, 2);  // one entry fewer than the directory holds
  CHECK(zip_ids(b).count("zip.bad_central_directory") == 1);
}

TEST_CASE("zip checks ZIP64 end records") {
  Zip z = build_zip(torch_members(), "", true);
  const size_t record_at = z.end_at - 20 - 56;
  std::string b = z.bytes;
  set(b, z.end_at + 8, 4, 2);  // 16-bit count that disagrees with the ZIP64 one
  set(b, z.end_at + 10, 4, 2);
  expect_only_zip(b, "zip.bad_zip64");
  b = z.bytes;
  set(b, z.end_at - 12, record_at + 1, 8);  // locator points nowhere
  expect_only_zip(b, "zip.bad_zip64");
  b = z.bytes;
  set(b, record_at + 24, 200000, 8);
  set(b, record_at + 32, 200000, 8);
  expect_only_zip(b, "zip.too_many_entries");
}

TEST_CASE("zip cross-checks local headers against the central directory") {
  const Zip z = build_zip(torch_members());
  std::string b = z.bytes;
  set(b, z.local_at[1], 0x04034b51, 4);
  expect_only_zip(b, "zip.bad_local_header");
  b = z.bytes;
  b[z.local_at[1] + 30] = 'A';  // local name differs
  expect_only_zip(b, "zip.central_local_mismatch");
  b = z.bytes;
  set(b, z.local_at[1] + 14, 0x12345678, 4);  // local crc32
  expect_only_zip(b, "zip.central_local_mismatch");
  b = z.bytes;
  set(b, z.local_at[1] + 6, 1u << 11, 2);  // local flags
  expect_only_zip(b, "zip.central_local_mismatch");
  b = z.bytes;
  set(b, z.central_at[1] + 42, z.bytes.size() - 10, 4);  // local header past the end
  expect_only_zip(b, "zip.truncated");
  Zip d = build_zip({Member("a", "abc").with_descriptor()});
  d.bytes[d.local_at[0] + 30 + 1 + 3 + 4] ^= 1;  // descriptor crc32
  expect_only_zip(d.bytes, "zip.central_local_mismatch");
}

TEST_CASE("zip rejects overlapping entries and gaps and prepended or trailing data") {
  // Entry "b"'s local header and data lie inside entry "a"'s data.
  const Zip inner = build_zip({Member("b", "BBBB")});
  const std::string b_local = inner.bytes.substr(0, inner.directory_at);
  std::string a_local;
  put(a_local, 0x04034b50, 4);
  put(a_local, 20, 2);
  put(a_local, 0, 4);
  put(a_local, 0, 4);
  put(a_local, crc_of("xxxx" + b_local), 4);
  put(a_local, 4 + b_local.size(), 4);
  put(a_local, 4 + b_local.size(), 4);
  put(a_local, 1, 2);
  put(a_local, 0, 2);
  std::string file = a_local + "a" + "xxxx" + b_local;
  std::string central = build_zip({Member("a", "xxxx" + b_local)}).bytes.substr(
      35 + b_local.size(), 47);
  std::string central_b = inner.bytes.substr(inner.directory_at, 47);
  set(central_b, 42, 35, 4);
  const size_t dir_at = file.size();
  file += central + central_b;
  put(file, 0x06054b50, 4);
  put(file, 0, 4);
  put(file, 2, 2);
  put(file, 2, 2);
  put(file, 94, 4);
  put(file, dir_at, 4);
  put(file, 0, 2);
  expect_only_zip(file, "zip.overlapping_entries");

  expect_only_zip(build_zip(torch_members(), "#!/bin/sh\nexit 0\n").bytes, "zip.prepended_data");
  // Prepended without fixing the offsets: zipfile and Info-ZIP still find the entries.
  expect_only_zip("\x80\x02}." + build_zip(torch_members()).bytes, "zip.prepended_data");
  std::vector<Member> m = torch_members();
  m[1].padding_after = "hidden";
  expect_only_zip(build_zip(m).bytes, "zip.gap_data");
  expect_only_zip(build_zip(torch_members()).bytes + "trailing", "zip.trailing_data");
}

TEST_CASE("zip rejects unsafe entry names") {
  const auto with_name = [](const std::string& name, uint16_t flags = 0) {
    return build_zip({Member(name, "x").with_flags(flags)}).bytes;
  };
  expect_only_zip(with_name("../evil"), "zip.path_traversal");
  expect_only_zip(with_name("a/../../evil"), "zip.path_traversal");
  expect_only_zip(with_name("/etc/passwd"), "zip.absolute_path");
  expect_only_zip(with_name("C:/x"), "zip.absolute_path");
  expect_only_zip(with_name("a\\b"), "zip.invalid_name");
  expect_only_zip(with_name(std::string("a\0b", 3)), "zip.invalid_name");
  expect_only_zip(with_name("a//b"), "zip.invalid_name");
  expect_only_zip(with_name("a/./b"), "zip.invalid_name");
  expect_only_zip(with_name("a\nb"), "zip.invalid_name");
  expect_only_zip(with_name(""), "zip.invalid_name");
  expect_only_zip(with_name("caf\xe9"), "zip.non_utf8_name");
  expect_only_zip(with_name("caf\xc3", 1u << 11), "zip.non_utf8_name");
  expect_only_zip(with_name("\xed\xa0\x80", 1u << 11), "zip.non_utf8_name");  // surrogate
  expect_only_zip(build_zip({Member("a", "1"), Member("a", "2")}).bytes,
              "zip.duplicate_name");
  std::string upath;
  put(upath, 0x7075, 2);
  put(upath, 9, 2);
  upath += std::string("\x01\0\0\0\0../x", 9);
  expect_only_zip(build_zip({Member("a", "1").with_central_extra(upath)}).bytes,
              "zip.unicode_path_field");
  expect_only_zip(build_zip({Member("a", "1").with_central_extra("\x01\x00\x10"s)}).bytes,
              "zip.bad_extra_field");
}

TEST_CASE("zip rejects encryption and unknown methods and bad data") {
  expect_only_zip(build_zip({Member("a", "secret").with_flags(1)}).bytes, "zip.encrypted");
  expect_only_zip(build_zip({Member("a", "x").with_method(12)}).bytes, "zip.unsupported_method");
  expect_only_zip(build_zip({Member("a", "x").with_crc(7)}).bytes, "zip.crc_mismatch");
  expect_only_zip(build_zip({Member("a", "x").with_method(8).with_crc(7)}).bytes,
              "zip.crc_mismatch");
  expect_only_zip(build_zip({Member("a", "x").with_size(2)}).bytes, "zip.size_mismatch");
  expect_only_zip(build_zip({Member("a", "xyz").with_method(8).with_size(9)}).bytes,
              "zip.size_mismatch");
  expect_only_zip(build_zip({Member("a", "xyz").with_method(8).with_size(2)}).bytes,
              "zip.size_mismatch");
  expect_only_zip(build_zip({Member("a", "x").with_method(8).with_data(std::string(16, '\xff'))})
                  .bytes,
              "zip.inflate_error");
  expect_only_zip(build_zip({Member("a", "x").with_method(8).with_data(std::string(100, '\0')).with_size(
                            uint64_t{1} << 30)})
                  .bytes,
              "zip.compression_ratio");
  const std::string big_deflate((300u << 20) / 150, '\0');  // under the ratio limit
  expect_only_zip(build_zip({Member("a.pkl", "x").with_method(8).with_data(big_deflate).with_size(
                            uint64_t{300} << 20)})
                  .bytes,
              "zip.member_too_large");
  std::vector<Member> huge;
  for (int i = 0; i < 257; ++i)
    huge.push_back(Member(std::to_string(i), "x").with_method(8).with_size(0xffffff00u));
  const std::set<std::string> total = zip_ids(build_zip(huge).bytes);
  CHECK(total.count("zip.limit_exceeded") == 1);
}

TEST_CASE("zip does not descend into nested archives") {
  const std::string inner = build_zip({Member("x.pkl", kEvilPickle)}).bytes;
  expect_only_zip(build_zip({Member("inner.zip", inner)}).bytes, "zip.nested_archive");
  expect_only_zip(build_zip({Member("inner.bin", inner).with_method(8)}).bytes,
              "zip.nested_archive");
}

TEST_CASE("zip caps the number of findings") {
  std::vector<Member> m;
  for (int i = 0; i < 1100; ++i) m.push_back(Member("../" + std::to_string(i), "x"));
  const ScanReport r = zip_scan(build_zip(m).bytes);
  CHECK(r.findings.size() == kZipMaxFindings + 1);
  CHECK(r.findings.back().id == "zip.too_many_findings");
}

TEST_CASE("zip members named saved_model.pb are scanned as TensorFlow SavedModels") {
  // SavedModel{1: 1, meta_graphs{graph_def{node{x Placeholder}, node{p PyFunc}}}}
  const std::string pyfunc(
      "\x08\x01\x12\x21\x12\x1f\x0a\x10\x0a\x01x\x12\x0bPlaceholder\x0a\x0b\x0a\x01p\x12\x06PyFunc",
      37);
  for (const std::string name : {"saved_model.pb", "export/1/saved_model.pb"}) {
    CAPTURE(name);
    expect_only_zip(build_zip({Member(name, pyfunc)}).bytes, "savedmodel.dangerous_op");
  }
  // Another name: no scanner knows the bytes.
  CHECK(zip_scan(build_zip({Member("graph.pb", pyfunc)}).bytes).findings.empty());
}
