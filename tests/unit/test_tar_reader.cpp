// Every command reads bundles through one strict reader: each framing trick
// that makes some tar extract something else is refused by verify and extract
// (specs/bundle-v1.md, sections 1 and 4.1), and a clean bundle still reads.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "modelseal/bundle.hpp"
#include "tar_test_support.hpp"
#include "test_support.hpp"

namespace {

using tar_test::header;
using tar_test::octal;
using tar_test::record;
using tar_test::set_checksum;
using tar_test::zstd;

std::string vector_bytes(const char* name) {
  return test_support::read_bytes(std::filesystem::path(MODELSEAL_SOURCE_DIR) /
                                  "tests/vectors/bundle-v1" / name);
}

// Offsets of the entries' first headers (a pax header, when there is one) in a tar.
std::vector<size_t> entry_offsets(const std::string& tar) {
  std::vector<size_t> out;
  bool in_entry = false;
  for (size_t at = 0; at + 512 <= tar.size();) {
    const std::string block = tar.substr(at, 512);
    if (block == std::string(512, '\0')) break;
    if (!in_entry) out.push_back(at);
    const uint64_t size = std::stoull(block.substr(124, 11), nullptr, 8);
    in_entry = block[156] == 'x';
    at += 512 + (size + 511) / 512 * 512;
  }
  return out;
}

// The header block of the entry at index `i` (after its pax header, if any).
size_t header_at(const std::string& tar, size_t i) {
  size_t at = entry_offsets(tar).at(i);
  if (tar[at + 156] == 'x') at += 512 + (std::stoull(tar.substr(at + 124, 11), nullptr, 8) + 511) / 512 * 512;
  return at;
}

std::string with_header_change(std::string tar, size_t entry, size_t field, const std::string& value) {
  const size_t at = header_at(tar, entry);
  std::string block = tar.substr(at, 512);
  block.replace(field, value.size(), value);
  set_checksum(block);
  return tar.replace(at, 512, block);
}

struct Variant {
  std::string name;
  std::string bytes;
};

std::vector<Variant> hostile_variants() {
  const std::string tar = vector_bytes("model-none.mbundle");
  const std::string z = vector_bytes("model-zstd1.mbundle");
  const size_t end = tar.size() - 1024;
  const size_t second = entry_offsets(tar).at(2);
  const std::string acl = header("model.safetensors", 12, 'A') + tar_test::pad(std::string("1000000\0\0xyz", 12));
  const std::string global = header("pax_global_header", record("path", "weights.bin").size(), 'g') +
                             tar_test::pad(record("path", "weights.bin"));
  const std::string long_name = header("././@LongLink", 6, 'L') + tar_test::pad(std::string("x.bin\0", 6));
  const std::string pax_mtime = header("PaxHeader", record("mtime", "1").size(), 'x') +
                                tar_test::pad(record("mtime", "1"));
  std::string nonzero_padding = tar;
  const size_t first_data = header_at(tar, 0) + 512;
  nonzero_padding[first_data + std::stoull(tar.substr(header_at(tar, 0) + 124, 11), nullptr, 8)] = 'x';
  const std::string skippable("\x50\x2A\x4D\x18\x04\0\0\0hide", 12);
  return {
      {"trailing garbage", tar + "junk"},
      {"trailing zeros (GNU tar's record padding)", tar + std::string(8192, '\0')},
      {"a second tar after the end marker", tar + tar},
      {"no end-of-archive marker", tar.substr(0, end)},
      {"one zero block only", tar.substr(0, end + 512)},
      {"an A entry GNU tar turns into a file", tar.substr(0, second) + acl + tar.substr(second)},
      {"a global header renaming the next entry", tar.substr(0, second) + global + tar.substr(second)},
      {"a GNU long name", tar.substr(0, second) + long_name + tar.substr(second)},
      {"a pax mtime record", tar.substr(0, second) + pax_mtime + tar.substr(second)},
      {"typeflag 7", with_header_change(tar, 1, 156, "7")},
      {"typeflag NUL", with_header_change(tar, 1, 156, std::string(1, '\0'))},
      {"typeflag S", with_header_change(tar, 1, 156, "S")},
      {"the GNU magic", with_header_change(tar, 1, 257, std::string("ustar  \0", 8))},
      {"a prefix field", with_header_change(tar, 1, 345, "sub")},
      {"a setuid mode", with_header_change(tar, 1, 100, octal(04755, 8))},
      {"a link name on a file", with_header_change(tar, 1, 157, "/etc/passwd")},
      {"non-zero padding", nonzero_padding},
      {"a second zstd frame", z + z},
      {"an empty second zstd frame", z + zstd("")},
      {"a skippable frame after the frame", z + skippable},
      {"a skippable frame before the frame", skippable + z},
      {"a byte after the frame", z + "x"},
      {"zeros after the frame", z + std::string(4, '\0')},
      {"a frame without its checksum", zstd(tar, 0)},
      {"two tars in one frame", zstd(tar + tar)},
      {"the frame cut short", z.substr(0, z.size() - 5)},
  };
}

}  // namespace

TEST_CASE("tar reader accepts the bundle-v1 vectors, plain and compressed") {
  test_support::TempDir dir;
  for (const char* name : {"model-none.mbundle", "model-zstd1.mbundle"}) {
    const auto path = dir / name;
    test_support::write_bytes(path, vector_bytes(name));
    CHECK(modelseal::verify_bundle(path).ok());
    CHECK(modelseal::extract_bundle(path, dir / (std::string(name) + ".out")).ok());
  }
  const auto recompressed = dir / "recompressed.mbundle";
  test_support::write_bytes(recompressed, zstd(vector_bytes("model-none.mbundle")));
  CHECK(modelseal::verify_bundle(recompressed).ok());
}

TEST_CASE("tar reader refuses every framing trick, in verify and in extract") {
  test_support::TempDir dir;
  size_t checked = 0;
  for (const Variant& v : hostile_variants()) {
    CAPTURE(v.name);
    const auto path = dir / "variant.mbundle";
    test_support::write_bytes(path, v.bytes);
    const auto verified = modelseal::verify_bundle(path);
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().code == modelseal::ErrorCode::kCorrupt);
    CHECK(verified.error().detail.find(path.string()) != std::string::npos);
    const auto out = dir / "out";
    CHECK_FALSE(modelseal::extract_bundle(path, out).ok());
    CHECK_FALSE(std::filesystem::exists(out));
    ++checked;
  }
  CHECK(checked == 26);
}
