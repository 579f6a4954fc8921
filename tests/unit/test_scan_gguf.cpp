#include <doctest/doctest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "formats/scan/gguf.hpp"
#include "scan_test_support.hpp"

using namespace modelseal::formats;

using scan_test_support::little_endian;

namespace {

std::string u32(uint64_t v) { return little_endian(v, 4); }
std::string u64(uint64_t v) { return little_endian(v, 8); }
std::string str(const std::string& s) { return u64(s.size()) + s; }

struct Kv { std::string key; uint32_t type; std::string value; };  // value encoded
struct Tensor { std::string name; std::vector<uint64_t> dims; uint32_t type; uint64_t offset; };
struct Model {
  uint32_t version = 3;
  uint32_t alignment = 32;  // used for padding; general.alignment is a Kv
  std::vector<Kv> kvs;
  std::vector<Tensor> tensors;
  uint64_t data_bytes = 0;
};

std::string build(const Model& m) {
  std::string out = "GGUF" + u32(m.version) + u64(m.tensors.size()) + u64(m.kvs.size());
  for (const Kv& kv : m.kvs) out += str(kv.key) + u32(kv.type) + kv.value;
  for (const Tensor& t : m.tensors) {
    out += str(t.name) + u32(t.dims.size());
    for (const uint64_t d : t.dims) out += u64(d);
    out += u32(t.type) + u64(t.offset);
  }
  while (out.size() % m.alignment != 0) out += '\0';
  return out + std::string(m.data_bytes, '\0');
}

// A small llama-like model: F32 [4,2] at 0 (32 bytes), Q4_0 [64,1] at 32 (36 bytes),
// F16 [8] at 96 (16 bytes).
Model valid() {
  Model m;
  m.kvs = {{"general.architecture", 8, str("llama")},
           {"general.alignment", 4, u32(32)},
           {"tokenizer.ggml.tokens", 9, u32(8) + u64(2) + str("a") + str("bc")},
           {"tokenizer.ggml.scores", 9, u32(6) + u64(2) + u32(0) + u32(0)},
           {"llama.use_parallel", 7, std::string(1, '\1')},
           {"llama.flags", 9, u32(7) + u64(2) + std::string("\0\1", 2)},
           {"llama.context_length", 10, u64(4096)}};
  m.tensors = {{"token_embd.weight", {4, 2}, 0, 0},
               {"blk.0.attn_q.weight", {64, 1}, 2, 32},
               {"output_norm.weight", {8}, 1, 96}};
  m.data_bytes = 112;
  return m;
}

ScanReport gguf_scan(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_gguf(src, "t.gguf");
}

std::set<std::string> gguf_ids(const ScanReport& r) {
  std::set<std::string> out;
  for (const auto& f : r.findings) {
    out.insert(f.id);
    CHECK_FALSE(f.hint.empty());
    CHECK(f.file == "t.gguf");
  }
  return out;
}

void expect_only_gguf(const std::string& bytes, const std::string& id) {
  const ScanReport r = gguf_scan(bytes);
  std::string got;
  for (const auto& f : r.findings) got += f.id + " (" + f.message + ") ";
  INFO("expected ", id, ", got ", got);
  CHECK(gguf_ids(r) == std::set<std::string>{id});
  CHECK(r.rejected());
}

}  // namespace

TEST_CASE("gguf accepts valid files") {
  const std::string file = build(valid());
  const ScanReport r = gguf_scan(file);
  CHECK(r.format == "gguf");
  CHECK(r.findings.empty());
  MemorySource src({reinterpret_cast<const uint8_t*>(file.data()), file.size()});
  CHECK(looks_like_gguf(src));
  Model v2 = valid();
  v2.version = 2;
  CHECK(gguf_scan(build(v2)).findings.empty());
  Model a64 = valid();
  a64.kvs[1].value = u32(64);
  a64.alignment = 64;
  a64.tensors[1].offset = 64;
  a64.tensors[2].offset = 128;
  a64.data_bytes = 144;
  CHECK(gguf_scan(build(a64)).findings.empty());
  Model empty;
  CHECK(gguf_scan(build(empty)).findings.empty());
  Model quant;  // K-quant and scalar tensors; a value string spanning read chunks
  quant.kvs = {{"chat_template", 8, str(std::string(200000, 'x'))}};
  quant.tensors = {{"q6k", {512, 3}, 14, 0}, {"scalar", {}, 0, 1280}};
  quant.data_bytes = 1284;
  CHECK(gguf_scan(build(quant)).findings.empty());
  const std::string npy = "\x93NUMPY";
  CHECK_FALSE(looks_like_gguf(MemorySource({reinterpret_cast<const uint8_t*>(npy.data()), npy.size()})));
}

TEST_CASE("gguf rejects a bad preamble") {
  const std::string file = build(valid());
  expect_only_gguf("GGUG" + file.substr(4), "gguf.bad_magic");
  expect_only_gguf("GG", "gguf.bad_magic");
  expect_only_gguf("", "gguf.bad_magic");
  expect_only_gguf(file.substr(0, 12), "gguf.truncated");
  for (const uint32_t v : {1u, 4u, 0x03000000u}) {
    Model m = valid();
    m.version = v;
    expect_only_gguf(build(m), "gguf.unsupported_version");
  }
  expect_only_gguf("GGUF" + u32(3) + u64(1000) + u64(0) + std::string(100, '\0'),
              "gguf.count_exceeds_file");
  expect_only_gguf("GGUF" + u32(3) + u64(0) + u64(UINT64_MAX), "gguf.count_exceeds_limit");
  expect_only_gguf("GGUF" + u32(3) + u64(uint64_t{1} << 40) + u64(0), "gguf.count_exceeds_limit");
  expect_only_gguf(file.substr(0, 250), "gguf.truncated");
  scan_test_support::FailingSource failing{1000};
  const ScanReport r = scan_gguf(failing, "t.gguf");
  CHECK(gguf_ids(r) == std::set<std::string>{"gguf.read_error"});
}

TEST_CASE("gguf checks metadata keys and values") {
  Model m = valid();
  m.kvs.push_back(m.kvs[0]);
  expect_only_gguf(build(m), "gguf.duplicate_key");
  m = valid();
  m.kvs[0].type = 13;
  expect_only_gguf(build(m), "gguf.bad_value_type");
  m = valid();
  m.kvs[2].value = u32(9) + u64(1) + u32(4) + u64(1) + u32(7);
  expect_only_gguf(build(m), "gguf.nested_array");
  m = valid();
  m.kvs[2].value = u32(42) + u64(0);
  expect_only_gguf(build(m), "gguf.bad_value_type");
  m = valid();
  m.kvs[4].value = std::string(1, '\2');
  expect_only_gguf(build(m), "gguf.bad_bool");
  m = valid();
  m.kvs[5].value = u32(7) + u64(2) + std::string("\1\7", 2);
  expect_only_gguf(build(m), "gguf.bad_bool");
  m = valid();
  m.kvs[0].key = std::string(70000, 'k');
  expect_only_gguf(build(m), "gguf.string_too_long");
  m = valid();
  m.kvs[0].value = u64(uint64_t{1} << 40) + "llama";
  expect_only_gguf(build(m), "gguf.string_too_long");
  m = valid();
  m.kvs[0].value = u64(1000) + "llama";
  expect_only_gguf(build(m), "gguf.truncated");
  m = valid();
  m.kvs[0].key = "general.\xff";
  expect_only_gguf(build(m), "gguf.bad_utf8");
  m = valid();
  m.kvs[3].value = u32(6) + u64(uint64_t{1} << 31);
  expect_only_gguf(build(m), "gguf.count_exceeds_file");
  m = valid();
  m.kvs[3].value = u32(0) + u64(uint64_t{1} << 33);
  expect_only_gguf(build(m), "gguf.count_exceeds_limit");
  m = valid();
  m.kvs[2].value = u32(8) + u64(UINT64_MAX / 4);
  expect_only_gguf(build(m), "gguf.count_exceeds_limit");
}

TEST_CASE("gguf checks general.alignment") {
  for (const std::string& bad : {u32(0), u32(3), u32(48)}) {
    Model m = valid();
    m.kvs[1].value = bad;
    expect_only_gguf(build(m), "gguf.bad_alignment");
  }
  Model m = valid();
  m.kvs[1] = {"general.alignment", 10, u64(32)};
  expect_only_gguf(build(m), "gguf.bad_alignment");
}

TEST_CASE("gguf checks tensor infos") {
  Model m = valid();
  m.tensors[1].name = m.tensors[0].name;
  expect_only_gguf(build(m), "gguf.duplicate_tensor");
  m = valid();
  m.tensors[0].name = std::string(65, 'n');
  expect_only_gguf(build(m), "gguf.string_too_long");
  m = valid();
  m.tensors[0].dims = {1, 1, 1, 1, 32};
  expect_only_gguf(build(m), "gguf.too_many_dims");
  m = valid();
  m.tensors[0].dims = {8, 0};
  expect_only_gguf(build(m), "gguf.bad_dimension");
  m = valid();
  m.tensors[0].dims = {uint64_t{1} << 63};
  expect_only_gguf(build(m), "gguf.bad_dimension");
  for (const uint32_t t : {4u, 5u, 31u, 40u, 0xffffffffu}) {
    m = valid();
    m.tensors[0].type = t;
    expect_only_gguf(build(m), "gguf.unknown_ggml_type");
  }
  m = valid();
  m.tensors[1].dims = {16, 4};
  expect_only_gguf(build(m), "gguf.dim_not_block_multiple");
  m = valid();
  m.tensors[0].dims = {uint64_t{1} << 32, uint64_t{1} << 32};
  expect_only_gguf(build(m), "gguf.size_overflow");
  m = valid();
  m.tensors[0] = {"big", {uint64_t{1} << 62}, 28, 0};  // F64: 2^65 bytes
  expect_only_gguf(build(m), "gguf.size_overflow");
}

TEST_CASE("gguf checks tensor data placement") {
  Model m = valid();
  m.tensors[2].offset = 80;
  expect_only_gguf(build(m), "gguf.misaligned_offset");
  m = valid();
  m.data_bytes = 100;
  expect_only_gguf(build(m), "gguf.tensor_out_of_bounds");
  m = valid();
  m.tensors[2].offset = UINT64_MAX - 31;
  expect_only_gguf(build(m), "gguf.tensor_out_of_bounds");
  m = valid();
  m.tensors[1].offset = 0;
  expect_only_gguf(build(m), "gguf.tensor_overlap");
  m = valid();
  m.tensors[0].dims = {4, 8};  // 128 bytes covering the other two
  m.data_bytes = 128;
  const ScanReport r = gguf_scan(build(m));
  CHECK(gguf_ids(r) == std::set<std::string>{"gguf.tensor_overlap"});
  CHECK(r.findings.size() == 2);
}

TEST_CASE("gguf bounds its work and survives mutation") {
  Model m;
  for (int i = 0; i < 300; ++i) m.kvs.push_back({"same", 0, std::string(1, '\0')});
  const ScanReport r = gguf_scan(build(m));
  CHECK(r.findings.size() == kGgufMaxFindings);
  CHECK(r.findings.back().id == "gguf.too_many_findings");
  const std::string file = build(valid());
  for (size_t n = 0; n < file.size(); ++n) CHECK(gguf_scan(file.substr(0, n)).rejected());
  size_t flips = 0;
  for (size_t i = 0; i < file.size(); ++i) {
    for (const int x : {0x01, 0x80, 0xff}) {
      std::string f = file;
      f[i] = static_cast<char>(static_cast<uint8_t>(f[i]) ^ x);
      (void)gguf_scan(f);
      ++flips;
    }
  }
  CHECK(flips == file.size() * 3);
}

TEST_CASE("gguf reports where the problem is") {
  const auto first = [](const std::string& bytes) {
    const ScanReport r = gguf_scan(bytes);
    REQUIRE_FALSE(r.findings.empty());
    return r.findings.front();
  };
  const auto kv_size = [](const Kv& kv) { return 8 + kv.key.size() + 4 + kv.value.size(); };
  Model m = valid();
  m.version = 7;
  CHECK(first(build(m)).offset == 4);
  m = valid();
  m.kvs.push_back(m.kvs[0]);
  uint64_t at = 24;
  for (size_t i = 0; i + 1 < m.kvs.size(); ++i) at += kv_size(m.kvs[i]);
  const Finding dup = first(build(m));
  CHECK(dup.offset == at);
  CHECK(dup.message.find("general.architecture") != std::string::npos);
  CHECK(dup.severity == Severity::kError);
  m = valid();
  m.kvs[1].value = u32(3);
  CHECK(first(build(m)).offset == 24 + kv_size(m.kvs[0]) + 8 + 17 + 4);
  m = valid();
  m.tensors[0].type = 99;
  at = 24;
  for (const Kv& kv : m.kvs) at += kv_size(kv);
  CHECK(first(build(m)).offset == at + 8 + 17 + 4 + 16);
}
