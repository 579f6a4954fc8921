#include <doctest/doctest.h>
#include <zstd.h>

#include <chrono>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "formats/archive/archive_audit.hpp"
#include "tar_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal::formats;

namespace {

using tar_test::header;
using tar_test::octal;
using tar_test::pad;
using tar_test::record;
using tar_test::set_checksum;
using tar_test::zstd;

struct Tar {
  std::string bytes;
  Tar& file(const std::string& name, const std::string& data, char type = '0') {
    bytes += header(name, data.size(), type) + pad(data);
    return *this;
  }
  Tar& meta(char type, const std::string& data, const std::string& name = "PaxHeader") {
    bytes += header(name, data.size(), type) + pad(data);
    return *this;
  }
  Tar& link(const std::string& name, char type, const std::string& target) {
    bytes += header(name, 0, type, target);
    return *this;
  }
  std::string end() const { return bytes + std::string(1024, '\0'); }
};

ArchiveAudit audit(const std::string& bytes, const ArchiveAuditOptions& options = {}) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return audit_archive(src, "t.mbundle", options);
}

std::set<std::string> audit_ids(const ArchiveAudit& a) {
  std::set<std::string> out;
  for (const Finding& f : a.findings) {
    CHECK_FALSE(f.hint.empty());
    CHECK_FALSE(f.message.empty());
    CHECK(f.file == "t.mbundle");
    out.insert(f.id);
  }
  return out;
}

// Rejected with exactly the finding `id`, whether stored plain or compressed.
void expect_only(const std::string& tar, const std::string& id,
                 const ArchiveAuditOptions& options = {}) {
  for (const std::string& bytes : {tar, zstd(tar)}) {
    const ArchiveAudit a = audit(bytes, options);
    const std::string want = id;
    std::string got;
    for (const Finding& f : a.findings) got += f.id + " (" + f.message + ") ";
    CHECK_MESSAGE(audit_ids(a) == std::set<std::string>{id},
                  (want + " <- " + got + " " + std::to_string(bytes.size())));
    CHECK(a.rejected());
  }
}

const Tar kValid = Tar().file(".modelseal/manifest.json", "{\"files\":[]}").file("a.bin", "abc");

}  // namespace

TEST_CASE("archive audit accepts a clean tar and a compressed one") {
  const std::string tar = kValid.end();
  for (const std::string& bytes : {tar, zstd(tar)}) {
    std::string seen;
    ArchiveAuditOptions options;
    options.capture_first_entry = 4;
    options.on_tar_bytes = [&](std::span<const uint8_t> b) {
      seen.append(reinterpret_cast<const char*>(b.data()), b.size());
    };
    const ArchiveAudit a = audit(bytes, options);
    CHECK(a.findings.empty());
    CHECK(a.complete);
    CHECK_FALSE(a.rejected());
    CHECK(seen == tar);
    CHECK(a.tar_bytes == tar.size());
    CHECK(a.compressed_bytes == bytes.size());
    CHECK(a.first_entry_data == "{\"fi");
    REQUIRE(a.entries.size() == 2);
    CHECK(a.entries[1].path == "a.bin");
    CHECK(a.entries[1].type == '0');
    CHECK(a.entries[1].size == 3);
    CHECK(a.entries[1].header_offset == 1024);
    CHECK(a.entries[1].mtime == 1700000000);
  }
  CHECK(audit(tar).compression == "none");
  CHECK(audit(zstd(tar)).compression == "zstd");
  CHECK(audit(std::string(1024, '\0')).complete);        // an empty archive
}

TEST_CASE("archive audit reads pax path and size records") {
  const std::string long_path = std::string(150, 'd') + "/caf\xC3\xA9.bin";
  const std::string tar = Tar()
                              .meta('x', record("path", long_path) + record("size", "3"))
                              .file("ignored", "xyz")
                              .file("short", "")
                              .end();
  const ArchiveAudit a = audit(tar);
  CHECK(a.findings.empty());
  CHECK(a.complete);
  REQUIRE(a.entries.size() == 2);
  CHECK(a.entries[0].path == long_path);
  CHECK(a.entries[0].size == 3);
  CHECK(a.entries[0].header_offset == 0);
  CHECK(a.entries[1].path == "short");
}

// What other tar readers act on and a bundle never holds (specs/bundle-v1.md, section 4).
TEST_CASE("archive audit refuses what tar readers apply differently") {
  expect_only(Tar().meta('L', "n").file("x", "").end(), "archive.gnu_long_name");
  expect_only(Tar().meta('K', "n").file("x", "").end(), "archive.gnu_long_name");
  expect_only(Tar().meta('g', record("comment", "c")).file("x", "").end(), "archive.global_header");
  expect_only(Tar().meta('g', record("path", "a.bin")).file("x", "").end(),
              "archive.global_header");
  for (const char* key : {"mtime", "linkpath", "hdrcharset", "uid", "uname", "comment",
                          "SCHILY.xattr.user.x", "LIBARCHIVE.xattr.user.x", "charset"})
    expect_only(Tar().meta('x', record(key, "1")).file("x", "").end(), "archive.pax_key");
  std::string h = header("b.bin", 3, '0', "", true);
  expect_only(kValid.bytes + h + pad("abc") + std::string(1024, '\0'), "archive.malformed_header");
  h = header("b.bin", 3);
  h.replace(345, 3, "dir");
  set_checksum(h);
  expect_only(kValid.bytes + h + pad("abc") + std::string(1024, '\0'), "archive.malformed_header");
  expect_only(Tar().link("f", '0', "target").end(), "archive.malformed_header");
  h = header("b.bin", 3);
  h.replace(100, 8, octal(04755, 8));
  set_checksum(h);
  expect_only(kValid.bytes + h + pad("abc") + std::string(1024, '\0'), "archive.malformed_header");
  expect_only(Tar().file("caf\xC3\xA9", "x").end(), "archive.malformed_header");
  expect_only(Tar().file("a", "x", '\0').end(), "archive.unknown_type");
  expect_only(Tar().file("a", "1000000\0\0abc", 'A').end(), "archive.unknown_type");
  std::string padded = kValid.end();
  padded[1024 + 512 + 3] = 'x';  // the padding after a.bin's data
  expect_only(padded, "archive.nonzero_padding");
}

TEST_CASE("archive audit accepts the bundle-v1 vectors") {
  const auto dir = std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/bundle-v1";
  int audited = 0;
  for (const char* name : {"model-none.mbundle", "model-zstd1.mbundle"}) {
    const std::string bytes = test_support::read_bytes(dir / name);
    MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
    CHECK(looks_like_archive(src));
    ArchiveAuditOptions options;
    options.capture_first_entry = 1 << 20;
    const ArchiveAudit a = audit(bytes, options);
    CHECK(a.findings.empty());
    CHECK(a.complete);
    REQUIRE(a.entries.size() == 8);
    CHECK(a.entries[0].path == ".modelseal/manifest.json");
    CHECK(a.first_entry_data.size() == 1104);
    CHECK(a.entries[3].path == "caf\xC3\xA9.txt");
    ++audited;
  }
  CHECK(audited == 2);
}

TEST_CASE("archive audit refuses unsafe paths") {
  expect_only(Tar().file("/etc/passwd", "x").end(), "archive.absolute_path");
  expect_only(Tar().file("../evil", "x").end(), "archive.parent_reference");
  expect_only(Tar().file("a/../../evil", "x").end(), "archive.parent_reference");
  CHECK(audit_ids(audit(Tar().file("a\\..\\evil", "x").end())) ==
        std::set<std::string>{"archive.parent_reference", "name.illegal_character"});
  expect_only(Tar().file("a//b", "x").end(), "archive.non_canonical_path");
  expect_only(Tar().file("./a", "x").end(), "archive.non_canonical_path");
  expect_only(Tar().file("a/", "x").end(), "archive.non_canonical_path");
  expect_only(Tar().meta('x', record("path", "bad\xFFname")).file("x", "").end(),
              "archive.non_utf8_name");
  expect_only(Tar().file("x", "1").file("x", "2").end(), "archive.duplicate_name");
  const ArchiveAudit a = audit(Tar().file("ok", "").file("../x", "").end());
  REQUIRE(a.findings.size() == 1);
  CHECK(a.findings[0].offset == 512);
  CHECK(a.findings[0].message.find("'../x'") != std::string::npos);
  CHECK(a.complete);
}

TEST_CASE("archive audit reports the name checks") {
  expect_only(Tar().file("con.txt", "x").end(), "name.windows_reserved");
  expect_only(Tar().file("a:b", "x").end(), "name.illegal_character");
  expect_only(Tar().file("x.", "x").end(), "name.trailing_dot_or_space");
  expect_only(Tar().meta('x', record("path", std::string(256, 'l'))).file("x", "").end(),
              "name.component_too_long");
  expect_only(Tar().file("a.txt", "1").file("A.TXT", "2").end(), "name.case_collision");
  expect_only(Tar().file("Dir/a", "1").file("dir/b", "2").end(), "name.case_collision");
  CHECK(audit_ids(audit(Tar()
                       .meta('x', record("path", "caf\xC3\xA9"))
                       .file("x", "1")
                       .meta('x', record("path", "cafe\xCC\x81"))
                       .file("y", "2")
                       .end())) ==
        std::set<std::string>{"archive.non_nfc_name", "name.unicode_collision"});
  expect_only(Tar().meta('x', record("path", "cafe\xCC\x81")).file("x", "1").end(),
              "archive.non_nfc_name");
  const ArchiveAudit a = audit(Tar().file("z", "").file("a.txt", "1").file("A.TXT", "2").end());
  REQUIRE(a.findings.size() == 1);
  CHECK(a.findings[0].offset == 512);
}

TEST_CASE("archive audit refuses entries other than regular files") {
  expect_only(Tar().link("l", '2', "/etc/passwd").end(), "archive.symlink");
  expect_only(Tar().link("h", '1', "a").end(), "archive.hardlink");
  expect_only(Tar().link("c", '3', "").end(), "archive.special_file");
  expect_only(Tar().link("b", '4', "").end(), "archive.special_file");
  expect_only(Tar().link("f", '6', "").end(), "archive.special_file");
  expect_only(Tar().link("d/", '5', "").end(), "archive.directory_entry");
  expect_only(Tar().link("s", 'S', "").end(), "archive.sparse_entry");
  expect_only(Tar().meta('x', record("GNU.sparse.major", "1")).file("s", "").end(),
              "archive.sparse_entry");
  expect_only(Tar().file("v", "", 'V').end(), "archive.unknown_type");
  expect_only(Tar().file("c", "", '7').end(), "archive.unknown_type");
  const ArchiveAudit a = audit(Tar().link("l", '2', "t").file("x", "data").end());
  CHECK(a.complete);  // not fatal: the rest is still audited
  CHECK(a.entries.size() == 2);
  CHECK(audit(Tar().link("s", 'S', "").end()).complete == false);
}

TEST_CASE("archive audit refuses broken headers") {
  std::string tar = kValid.end();
  tar[1024 + 10] ^= 1;  // second header's name: checksum no longer matches
  expect_only(tar, "archive.bad_checksum");
  tar = kValid.end();
  tar[1024 + 257] = 'X';
  expect_only(tar, "archive.malformed_header");
  std::string h = header("a", 3);
  h.replace(124, 12, "00000000003x");
  expect_only(kValid.bytes + h + pad("abc") + std::string(1024, '\0'), "archive.bad_checksum");
  expect_only(kValid.bytes + std::string(512, '\0') + header("x", 0) + std::string(1024, '\0'),
              "archive.malformed_header");  // a lone zero block
  expect_only(Tar().meta('x', record("path", "p")).end(), "archive.malformed_header");
}

TEST_CASE("archive audit refuses a size field tar readers parse differently") {
  std::string h = header("a", 3);
  h.replace(124, 12, "0000000003x\0");
  set_checksum(h);
  expect_only(kValid.bytes + h + pad("abc") + std::string(1024, '\0'), "archive.malformed_header");
}

TEST_CASE("archive audit refuses malformed pax headers") {
  auto pax = [](const std::string& records) {
    return Tar().meta('x', records).file("x", "").end();
  };
  expect_only(pax("11 path=a\n"), "archive.malformed_pax");  // the record is 10 bytes
  expect_only(pax("9 path=ab"), "archive.malformed_pax");    // no newline
  expect_only(pax("09 path=a\n"), "archive.malformed_pax");  // leading zero
  expect_only(pax("x path=a\n"), "archive.malformed_pax");
  expect_only(pax(record("path", "a") + record("path", "b")), "archive.malformed_pax");
  expect_only(pax(record("size", "12a")), "archive.malformed_pax");
  expect_only(pax(record("size", "99999999999999999999999")), "archive.malformed_pax");
  expect_only(pax(record("path", "")), "archive.malformed_pax");
  expect_only(pax(record("path", std::string("a\0b", 3))), "archive.malformed_pax");
  expect_only(pax(record("hdrcharset", "BINARY")), "archive.pax_key");
  expect_only(pax(record("mtime", "soon")), "archive.pax_key");
  expect_only(pax("6 =ab\n"), "archive.malformed_pax");
  expect_only(pax(std::string(2u << 20, 'a')), "archive.malformed_pax");
  expect_only(
      Tar().meta('x', record("path", "a")).meta('x', record("path", "b")).file("x", "").end(),
      "archive.malformed_pax");
}

TEST_CASE("archive audit enforces its limits") {
  ArchiveAuditOptions options;
  options.limits.max_entries = 2;
  expect_only(Tar().file("a", "").file("b", "").file("c", "").end(), "archive.too_many_entries",
              options);
  options = {};
  options.limits.max_entry_bytes = 10;
  expect_only(Tar().file("a", std::string(11, 'x')).end(), "archive.entry_too_large", options);
  options = {};
  options.limits.max_total_bytes = 15;
  expect_only(Tar().file("a", std::string(10, 'x')).file("b", std::string(10, 'x')).end(),
              "archive.total_too_large", options);
  options = {};
  options.limits.max_name_bytes = 10;
  expect_only(Tar().file("abcdef", "").file("ghijkl", "").end(), "archive.too_many_names", options);
  options = {};
  options.limits.max_path_bytes = 10;
  expect_only(Tar().meta('x', record("path", std::string(11, 'p'))).file("x", "").end(),
              "archive.malformed_pax", options);
  // A size far past the data: never allocated, found truncated.
  expect_only(kValid.bytes + header("big", 1ull << 32) + std::string(1024, '\0'),
              "archive.truncated");
}

TEST_CASE("archive audit stops listing a flood of findings") {
  Tar tar;
  for (int i = 0; i < 1200; ++i) tar.link("l" + std::to_string(i), '2', "t");
  const ArchiveAudit a = audit(tar.end());
  CHECK(a.findings.size() == kArchiveMaxFindings);
  CHECK(a.findings.back().id == "archive.too_many_findings");
  CHECK_FALSE(a.complete);
}

TEST_CASE("archive audit refuses truncated and foreign input") {
  const std::string tar = kValid.end();
  expect_only(tar.substr(0, 1024 + 100), "archive.truncated");         // inside a header
  expect_only(tar.substr(0, 512 + 5), "archive.truncated");            // inside data
  expect_only(tar.substr(0, tar.size() - 1024), "archive.truncated");  // no end marker
  expect_only(tar.substr(0, tar.size() - 512), "archive.truncated");   // one zero block
  const ArchiveAudit cut = audit(zstd(tar).substr(0, 20));
  CHECK(audit_ids(cut) == std::set<std::string>{"archive.truncated"});
  CHECK(cut.findings[0].message.find("offset in the file") != std::string::npos);
  expect_only("hello, this is not a tar", "archive.not_an_archive");
  expect_only(std::string(2048, 'x'), "archive.not_an_archive");
  expect_only("", "archive.not_an_archive");
  std::string bad_first = tar;
  bad_first[0] ^= 1;
  expect_only(bad_first, "archive.not_an_archive");
}

TEST_CASE("archive audit refuses trailing data") {
  const std::string tar = kValid.end();
  expect_only(tar + "junk", "archive.trailing_data");
  expect_only(tar + std::string(600, '\0') + "x", "archive.trailing_data");
  expect_only(tar + std::string(8192, '\0'), "archive.trailing_data");  // GNU tar's record padding
  expect_only(tar + kValid.end(), "archive.trailing_data");               // a second archive
  const ArchiveAudit a = audit(zstd(tar) + "junk");
  CHECK(audit_ids(a) == std::set<std::string>{"archive.trailing_data"});
  CHECK(a.findings[0].offset == zstd(tar).size());
  CHECK(audit_ids(audit(zstd(tar) + "ju")) == std::set<std::string>{"archive.trailing_data"});
  const std::string skippable("\x50\x2A\x4D\x18\x04\0\0\0hide", 12);
  CHECK(audit_ids(audit(zstd(tar) + skippable)) == std::set<std::string>{"archive.zstd_skippable_frame"});
  CHECK(audit_ids(audit(zstd(tar) + zstd(kValid.end()))) ==
        std::set<std::string>{"archive.zstd_extra_frame"});
  CHECK(audit_ids(audit(zstd(tar.substr(0, 700)) + zstd(tar.substr(700)))) ==
        std::set<std::string>{"archive.zstd_extra_frame"});
  CHECK(audit_ids(audit(zstd(tar) + zstd(""))) == std::set<std::string>{"archive.zstd_extra_frame"});
  CHECK(audit_ids(audit(zstd(tar) + std::string(4, '\0'))) ==
        std::set<std::string>{"archive.trailing_data"});
}

TEST_CASE("archive audit requires the zstd content checksum") {
  const ArchiveAudit a = audit(zstd(kValid.end(), 0));
  CHECK(audit_ids(a) == std::set<std::string>{"archive.zstd_no_checksum"});
  CHECK_FALSE(a.complete);
}

TEST_CASE("archive audit refuses corrupt zstd") {
  std::string z = zstd(kValid.end(), 1);
  z.back() ^= 0x55;  // the content checksum
  const ArchiveAudit a = audit(z);
  CHECK(audit_ids(a) == std::set<std::string>{"archive.zstd_corrupt"});
  CHECK_FALSE(a.complete);
}

TEST_CASE("archive audit refuses a zstd window over the limit") {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  REQUIRE_FALSE(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 28)));
  REQUIRE_FALSE(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
  const std::string tar = kValid.end();
  std::string out(ZSTD_compressBound(tar.size()) + 64, '\0');
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  ZSTD_inBuffer i{tar.data(), tar.size(), 0};
  REQUIRE_FALSE(ZSTD_isError(ZSTD_compressStream2(c, &o, &i, ZSTD_e_continue)));  // size unknown
  size_t left = 1;
  while (left != 0) {
    left = ZSTD_compressStream2(c, &o, &i, ZSTD_e_end);
    REQUIRE_FALSE(ZSTD_isError(left));
  }
  ZSTD_freeCCtx(c);
  out.resize(o.pos);
  CHECK(audit_ids(audit(out)) == std::set<std::string>{"archive.zstd_window_too_large"});
  ArchiveAuditOptions options;
  options.limits.max_zstd_window_log = 28;
  CHECK(audit(out, options).findings.empty());
}

TEST_CASE("archive audit stops a zstd bomb at once") {
  // A 2 GiB entry of zeros, compressed as a stream without holding it in memory.
  constexpr uint64_t kBomb = 2ull << 30;
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 1);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
  std::string compressed;
  std::vector<char> buffer(ZSTD_CStreamOutSize());
  auto feed = [&](const std::string& data, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    for (;;) {
      ZSTD_outBuffer out{buffer.data(), buffer.size(), 0};
      const size_t left = ZSTD_compressStream2(c, &out, &in, mode);
      REQUIRE_FALSE(ZSTD_isError(left));
      compressed.append(buffer.data(), out.pos);
      if (mode == ZSTD_e_end ? left == 0 : in.pos == in.size) return;
    }
  };
  feed(header("bomb.bin", kBomb), ZSTD_e_continue);
  const std::string zeros(8u << 20, '\0');
  for (uint64_t done = 0; done < kBomb; done += zeros.size()) feed(zeros, ZSTD_e_continue);
  feed(std::string(1024, '\0'), ZSTD_e_end);
  ZSTD_freeCCtx(c);
  CHECK(compressed.size() < 1u << 20);

  const auto start = std::chrono::steady_clock::now();
  const ArchiveAudit a = audit(compressed);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(audit_ids(a) == std::set<std::string>{"archive.compression_ratio"});
  CHECK(a.tar_bytes < 64u << 20);
  CHECK(took < std::chrono::seconds(5));
  CHECK_FALSE(a.complete);
  ArchiveAuditOptions lenient;
  lenient.limits.max_compression_ratio = 1e9;
  lenient.limits.max_entry_bytes = 1u << 20;
  CHECK(audit_ids(audit(compressed, lenient)) == std::set<std::string>{"archive.entry_too_large"});
}

TEST_CASE("archive audit reports read errors") {
  struct FailingSource : ByteSource {
    uint64_t size() const override { return 4096; }
    modelseal::Result<size_t> read_at(uint64_t, std::span<uint8_t>) const override {
      return modelseal::make_error(modelseal::ErrorCode::kIo, "disk on fire");
    }
  } failing;
  const ArchiveAudit a = audit_archive(failing, "t.mbundle", {});
  CHECK(audit_ids(a) == std::set<std::string>{"archive.read_error"});
  CHECK_FALSE(looks_like_archive(failing));
}

TEST_CASE("looks_like_archive identifies tar and zstd by content") {
  auto looks = [](const std::string& s) {
    return looks_like_archive(MemorySource({reinterpret_cast<const uint8_t*>(s.data()), s.size()}));
  };
  CHECK(looks(kValid.end()));
  CHECK(looks(zstd(kValid.end())));
  std::string no_magic = header("a", 0);
  no_magic[257] = 'X';
  CHECK_FALSE(looks(no_magic));
  std::string bad_sum = header("a", 0);
  bad_sum[0] = 'b';
  CHECK_FALSE(looks(bad_sum));
  CHECK_FALSE(looks(std::string(1024, '\0')));
  CHECK_FALSE(looks("PK\3\4"));
  CHECK_FALSE(looks(""));
  std::string gnu = header("a", 0, '0', "", true);
  CHECK(looks(gnu));
}

namespace {

std::string zstd_zeros_bomb(uint64_t bytes) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
  std::string compressed;
  std::vector<char> buffer(ZSTD_CStreamOutSize());
  const std::string head = header("bomb.bin", bytes - 2048);
  const std::string zeros(1u << 20, '\0');
  for (uint64_t done = 0; done < bytes; done += zeros.size()) {
    const std::string& chunk = done == 0 ? head : zeros;
    ZSTD_inBuffer in{chunk.data(), chunk.size(), 0};
    const ZSTD_EndDirective mode = done + zeros.size() >= bytes ? ZSTD_e_end : ZSTD_e_continue;
    for (size_t left = 1; in.pos < in.size || (mode == ZSTD_e_end && left != 0);) {
      ZSTD_outBuffer out{buffer.data(), buffer.size(), 0};
      left = ZSTD_compressStream2(c, &out, &in, mode);
      compressed.append(buffer.data(), out.pos);
    }
  }
  ZSTD_freeCCtx(c);
  return compressed;
}

struct Sample {
  std::string file;  // seed name in fuzz/corpus/archive_audit/
  std::string bytes;
  std::string id;  // the one finding expected, empty for a clean archive
};

// One archive per finding, plus valid ones: checked here and written as fuzz seeds.
std::vector<Sample> samples() {
  const std::string tar = kValid.end();
  std::string bad_checksum = tar, corrupt = zstd(tar, 1);
  bad_checksum[1024 + 10] ^= 1;
  corrupt.back() ^= 0x55;
  const auto pax = [](const std::string& r) { return Tar().meta('x', r).file("x", "").end(); };
  return {
      {"valid_plain.tar", tar, ""},
      {"valid_zstd.tar.zst", zstd(tar, 1), ""},
      {"valid_long_names.tar",
       Tar().meta('x', record("path", std::string(150, 'd') + "/caf\xC3\xA9") + record("size", "2"))
               .file("x", "ab")
               .file("y", "")
               .end(),
       ""},
      {"two_frames.tar.zst", zstd(tar.substr(0, 700)) + zstd(tar.substr(700)),
       "archive.zstd_extra_frame"},
      {"zstd_no_checksum.tar.zst", zstd(tar, 0), "archive.zstd_no_checksum"},
      {"gnu_long_name.tar", Tar().meta('L', "x").file("a", "").end(), "archive.gnu_long_name"},
      {"pax_key.tar", pax(record("linkpath", "/etc/passwd")), "archive.pax_key"},
      {"solaris_acl.tar", Tar().file("a", "1000000\0\0x", 'A').end(), "archive.unknown_type"},
      {"absolute_path.tar", Tar().file("/etc/passwd", "x").end(), "archive.absolute_path"},
      {"parent_reference.tar", Tar().file("a/../../evil", "x").end(), "archive.parent_reference"},
      {"non_canonical_path.tar", Tar().file("a//./b", "x").end(), "archive.non_canonical_path"},
      {"non_utf8_name.tar", pax(record("path", "bad\xFFname")), "archive.non_utf8_name"},
      {"duplicate_name.tar", Tar().file("x", "1").file("x", "2").end(), "archive.duplicate_name"},
      {"symlink.tar", Tar().link("l", '2', "/etc/passwd").end(), "archive.symlink"},
      {"hardlink.tar", Tar().link("h", '1', "a").end(), "archive.hardlink"},
      {"special_file.tar", Tar().link("f", '6', "").end(), "archive.special_file"},
      {"directory_entry.tar", Tar().link("d/", '5', "").end(), "archive.directory_entry"},
      {"sparse_gnu.tar", Tar().link("s", 'S', "").end(), "archive.sparse_entry"},
      {"sparse_pax.tar", pax(record("GNU.sparse.major", "1")), "archive.sparse_entry"},
      {"unknown_type.tar", Tar().file("v", "", 'V').end(), "archive.unknown_type"},
      {"bad_checksum.tar", bad_checksum, "archive.bad_checksum"},
      {"lone_zero_block.tar",
       kValid.bytes + std::string(512, '\0') + header("x", 0) + std::string(1024, '\0'),
       "archive.malformed_header"},
      {"gnu_magic.tar", header("a", 0, '0', "", true) + std::string(1024, '\0'),
       "archive.malformed_header"},
      {"pax_bad_length.tar", pax("11 path=a\n"), "archive.malformed_pax"},
      {"pax_duplicate_key.tar", pax(record("path", "a") + record("path", "b")),
       "archive.malformed_pax"},
      {"pax_bad_size.tar", pax(record("size", "99999999999999999999999")), "archive.malformed_pax"},
      {"pax_global_path.tar", Tar().meta('g', record("path", "p")).file("x", "").end(),
       "archive.global_header"},
      {"windows_reserved.tar", Tar().file("dir/CON.txt", "x").end(), "name.windows_reserved"},
      {"case_collision.tar", Tar().file("Dir/a", "1").file("dir/b", "2").end(),
       "name.case_collision"},
      {"non_nfc_name.tar", Tar().meta('x', record("path", "cafe\xCC\x81")).file("x", "1").end(),
       "archive.non_nfc_name"},
      {"entry_too_large.tar", kValid.bytes + header("big", 077777777777) + std::string(1024, '\0'),
       "archive.truncated"},
      {"truncated_header.tar", tar.substr(0, 1124), "archive.truncated"},
      {"truncated_no_end.tar", tar.substr(0, tar.size() - 1024), "archive.truncated"},
      {"truncated_frame.tar.zst", zstd(tar).substr(0, 20), "archive.truncated"},
      {"trailing_data.tar", tar + "junk", "archive.trailing_data"},
      {"trailing_data.tar.zst", zstd(tar) + "junk", "archive.trailing_data"},
      {"skippable_frame.tar.zst", zstd(tar) + std::string("\x50\x2A\x4D\x18\x04\0\0\0hide", 12),
       "archive.zstd_skippable_frame"},
      {"zstd_corrupt.tar.zst", corrupt, "archive.zstd_corrupt"},
      {"zstd_window.tar.zst", std::string("\x28\xB5\x2F\xFD\x04\x90", 6) + std::string(16, '\0'),
       "archive.zstd_window_too_large"},
      {"zstd_bomb.tar.zst", zstd_zeros_bomb(64u << 20), "archive.compression_ratio"},
      {"not_an_archive.bin", "PK\3\4 not a tar at all", "archive.not_an_archive"},
  };
}

}  // namespace

TEST_CASE("archive audit samples give their finding") {
  size_t checked = 0;
  for (const Sample& s : samples()) {
    const ArchiveAudit a = audit(s.bytes);
    std::string got;
    for (const Finding& f : a.findings) got += f.id + " ";
    CHECK_MESSAGE(audit_ids(a) == (s.id.empty() ? std::set<std::string>{} : std::set<std::string>{s.id}),
                  (s.file + ": " + got));
    if (s.id.empty()) CHECK(a.complete);
    CHECK(s.bytes.size() < 64u * 1024);
    ++checked;
  }
  CHECK(checked == 41);
  // MODELSEAL_WRITE_SEEDS=fuzz/corpus/archive_audit regenerates the fuzz seeds.
  if (const char* dir = std::getenv("MODELSEAL_WRITE_SEEDS"))
    for (const Sample& s : samples())
      test_support::write_bytes(std::filesystem::path(dir) / s.file, s.bytes);
}
