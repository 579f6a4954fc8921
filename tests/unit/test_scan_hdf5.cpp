// The HDF5 root-attribute reader and the legacy Keras .h5 scanner
// (formats/hdf5): hand-made files (superblock 0 + object header 1, superblock
// 2 + "OHDR"), then the bounds: truncation at every cut, continuation loops,
// addresses past the end, huge sizes, checksums, versions. tests/e2e/
// test_scan_keras_h5.sh cross-checks files written by h5py.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "formats/hdf5/hdf5_scan.hpp"
#include "formats/hdf5/lookup3.hpp"
#include "formats/hdf5/root_attributes.hpp"
#include "formats/scan/detect.hpp"
#include "scan_test_support.hpp"

using namespace modelseal::formats;
using scan_test_support::expect_only_finding;
using scan_test_support::finding_ids;

using scan_test_support::little_endian;

namespace {

constexpr uint64_t kUndefined = ~uint64_t{0};

std::string pad8(std::string s) {
  s.resize((s.size() + 7) / 8 * 8, '\0');
  return s;
}
void put(std::string& file, uint64_t at, const std::string& bytes) { file.replace(at, bytes.size(), bytes); }

std::string lookup3_of(const std::string& s) {
  return little_endian(hdf5::lookup3(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size())), 4);
}

// Datatype: fixed-length string of n bytes (null padded), version 1.
std::string fixed_string_type(uint64_t n) { return std::string("\x13\x01\x00\x00", 4) + little_endian(n, 4); }
// Datatype: variable-length string (its base type a 1-byte character string).
std::string vlen_string_type() {
  return std::string("\x19\x01\x00\x00", 4) + little_endian(16, 4) + fixed_string_type(1);
}
std::string scalar_space_v1() { return std::string("\x01\x00\x00\x00", 4) + little_endian(0, 4); }
std::string scalar_space_v2() { return std::string("\x02\x00\x00\x00", 4); }

// Attribute message bodies.
std::string attribute_v1(const std::string& name, const std::string& type, const std::string& space,
                         const std::string& data) {
  return std::string("\x01\x00", 2) + little_endian(name.size() + 1, 2) + little_endian(type.size(), 2) + little_endian(space.size(), 2) +
         pad8(name + '\0') + pad8(type) + pad8(space) + data;
}
std::string attribute_v3(const std::string& name, const std::string& type, const std::string& space,
                         const std::string& data) {
  return std::string("\x03\x00", 2) + little_endian(name.size() + 1, 2) + little_endian(type.size(), 2) + little_endian(space.size(), 2) +
         std::string(1, '\0') + name + '\0' + type + space + data;
}
std::string string_attribute_v1(const std::string& name, const std::string& value) {
  return attribute_v1(name, fixed_string_type(value.size()), scalar_space_v1(), value);
}

// Version 1 object header messages: type, size, flags, reserved, data padded to 8.
std::string message_v1(uint16_t type, const std::string& data, uint8_t flags = 0) {
  const std::string body = pad8(data);
  return little_endian(type, 2) + little_endian(body.size(), 2) + std::string(1, static_cast<char>(flags)) + std::string(3, '\0') + body;
}
std::string message_v2(uint8_t type, const std::string& data) {
  return std::string(1, static_cast<char>(type)) + little_endian(data.size(), 2) + std::string(1, '\0') + data;
}

// Superblock 0 (96 bytes) with the root object header right after it, and
// `tail` (continuation chunks, heaps) after the header: addresses are absolute.
struct V0File {
  std::string bytes;
  uint64_t header_at = 96;
};

V0File v0_file(const std::vector<std::string>& messages, const std::string& tail = "",
               uint64_t user_block = 0) {
  std::string msgs;
  for (const auto& m : messages) msgs += m;
  std::string sb = std::string(hdf5::kSignature) + std::string("\x00\x00\x00\x00\x00\x08\x08\x00", 8) +
                   little_endian(4, 2) + little_endian(16, 2) + little_endian(0, 4);
  const uint64_t eof = user_block + 96 + 16 + msgs.size() + tail.size();  // counts the user block
  sb += little_endian(0, 8) + little_endian(kUndefined, 8) + little_endian(eof, 8) + little_endian(kUndefined, 8);
  sb += little_endian(0, 8) + little_endian(96, 8) + little_endian(0, 4) + little_endian(0, 4) + std::string(16, '\0');
  std::string header = std::string("\x01\x00", 2) + little_endian(messages.size(), 2) + little_endian(1, 4) + little_endian(msgs.size(), 4) +
                       std::string(4, '\0');
  return {std::string(user_block, '\0') + sb + header + msgs + tail, 96};
}

// Superblock 2 (48 bytes) and an OHDR header at 48 (flags 0x02: a 4-byte chunk size).
std::string v2_file(const std::vector<std::string>& messages) {
  std::string msgs;
  for (const auto& m : messages) msgs += m;
  std::string header = std::string("OHDR\x02\x02", 6) + little_endian(msgs.size(), 4) + msgs;
  header += lookup3_of(header);
  std::string sb = std::string(hdf5::kSignature) + std::string("\x02\x08\x08\x00", 4) + little_endian(0, 8) +
                   little_endian(kUndefined, 8) + little_endian(48 + header.size(), 8) + little_endian(48, 8);
  sb += lookup3_of(sb);
  return sb + header;
}

ScanReport hdf5_scan(const std::string& bytes) {
  MemorySource src(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  return scan_hdf5(src, "m.h5");
}

const std::string kBenignConfig =
    R"({"class_name": "Sequential", "config": {"name": "s", "layers": [)"
    R"({"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4]}},)"
    R"({"class_name": "Dense", "config": {"units": 2, "activation": "relu"}}]}})";
const std::string kLambdaConfig =
    R"({"class_name": "Sequential", "config": {"name": "s", "layers": [)"
    R"({"class_name": "Lambda", "config": {"function": ["4wEAAAAAAAAA", null, null], "function_type": "lambda"}}]}})";

}  // namespace

TEST_CASE("lookup3 matches Jenkins' published values, whole or streamed") {
  const std::string text = "Four score and seven years ago";
  const auto bytes = std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  CHECK(hdf5::lookup3({}) == 0xdeadbeef);
  CHECK(hdf5::lookup3(bytes) == 0x17770551);
  CHECK(hdf5::lookup3(bytes, 1) == 0xcd628161);
  for (size_t step = 1; step <= 13; ++step) {
    hdf5::Lookup3 h(bytes.size());
    for (size_t at = 0; at < bytes.size(); at += step) h.update(bytes.subspan(at, std::min(step, bytes.size() - at)));
    CHECK(h.finish() == 0x17770551);
  }
}

TEST_CASE("hdf5: a legacy Keras file (superblock 0) is keras-h5, its config walked") {
  const auto benign = v0_file({message_v1(0x0C, string_attribute_v1("keras_version", "2.15.0")),
                               message_v1(0x0C, string_attribute_v1("model_config", kBenignConfig))});
  const ScanReport ok = hdf5_scan(benign.bytes);
  CHECK(ok.format == "keras-h5");
  CHECK(ok.findings.empty());
  MemorySource src(std::span(reinterpret_cast<const uint8_t*>(benign.bytes.data()), benign.bytes.size()));
  CHECK(looks_like_hdf5(src));
  const auto routed = scan_by_content(src, "renamed.bin");
  REQUIRE(routed);
  CHECK(routed->format == "keras-h5");

  const ScanReport lambda = hdf5_scan(v0_file({message_v1(0x0C, string_attribute_v1("model_config", kLambdaConfig))}).bytes);
  CHECK(lambda.format == "keras-h5");
  CHECK(finding_ids(lambda) == std::set<std::string>{"keras.lambda_layer", "keras.python_function"});
  CHECK(lambda.rejected());
  for (const auto& f : lambda.findings) CHECK(f.file == "m.h5");

  const std::string custom = R"({"class_name": "Sequential", "config": {"layers": [{"class_name": "evilpkg>Backdoor", "config": {}}]}})";
  const ScanReport registered = hdf5_scan(v0_file({message_v1(0x0C, string_attribute_v1("model_config", custom))}).bytes);
  CHECK(finding_ids(registered) == std::set<std::string>{"keras.untrusted_module", "keras.unknown_layer"});

  const ScanReport training = hdf5_scan(v0_file({message_v1(0x0C, string_attribute_v1("model_config", kBenignConfig)),
                                            message_v1(0x0C, string_attribute_v1("training_config",
                                                R"({"loss": {"class_name": "__lambda__", "config": {}}})"))}).bytes);
  expect_only_finding(training, "keras.python_function");

  const ScanReport not_json = hdf5_scan(v0_file({message_v1(0x0C, string_attribute_v1("model_config", "{nope"))}).bytes);
  expect_only_finding(not_json, "keras.config_invalid");
  const ScanReport not_string = hdf5_scan(v0_file({message_v1(
      0x0C, attribute_v1("model_config", std::string("\x10\x00\x00\x00", 4) + little_endian(4, 4) + little_endian(0, 2) + little_endian(32, 2),
                         scalar_space_v1(), little_endian(7, 4)))}).bytes);
  expect_only_finding(not_string, "keras.config_invalid");
}

TEST_CASE("hdf5: weights without model_config are hdf5 and accepted") {
  const ScanReport plain = hdf5_scan(v0_file({message_v1(0x0C, string_attribute_v1("layer_names", "dense"))}).bytes);
  CHECK(plain.format == "hdf5");
  CHECK(plain.findings.empty());
  const ScanReport empty_root = hdf5_scan(v2_file({}));
  CHECK(empty_root.format == "hdf5");
  CHECK(empty_root.findings.empty());
}

TEST_CASE("hdf5: superblock 2, OHDR, attribute 3, a variable-length string in a global heap") {
  const std::string ok = v2_file({message_v2(0x0C, attribute_v3("model_config", fixed_string_type(kBenignConfig.size()),
                                                                scalar_space_v2(), kBenignConfig))});
  CHECK(hdf5_scan(ok).format == "keras-h5");
  CHECK(hdf5_scan(ok).findings.empty());
  const std::string hostile = v2_file({message_v2(0x0C, attribute_v3("model_config", fixed_string_type(kLambdaConfig.size()),
                                                                     scalar_space_v2(), kLambdaConfig))});
  CHECK(finding_ids(hdf5_scan(hostile)).count("keras.lambda_layer") == 1);

  // Checksums: a flipped byte anywhere in the header or the superblock.
  for (size_t at : {size_t{20}, size_t{60}, ok.size() - 10}) {
    std::string bad = ok;
    bad[at] ^= 0x01;
    expect_only_finding(hdf5_scan(bad), "hdf5.checksum_mismatch");
  }

  // A variable-length string: its bytes in object 1 of a GCOL after the header.
  const auto vlen = [&](const std::string& config, uint64_t length, uint32_t index, uint64_t heap_at_or_0) {
    V0File f = v0_file({message_v1(0x0C, attribute_v1("model_config", vlen_string_type(), scalar_space_v1(),
                                                      little_endian(length, 4) + little_endian(0, 8) + little_endian(index, 4)))});
    const uint64_t heap_at = f.bytes.size();
    std::string heap = std::string("GCOL\x01\x00\x00\x00", 8) + little_endian(0, 8);
    heap += little_endian(1, 2) + little_endian(1, 2) + little_endian(0, 4) + little_endian(config.size(), 8) + pad8(config);
    heap += little_endian(0, 2) + little_endian(0, 2) + little_endian(0, 4) + little_endian(32, 8) + std::string(16, '\0');
    put(heap, 8, little_endian(heap.size(), 8));
    // The value (length, heap address, index) ends the attribute, the last message.
    std::string bytes = f.bytes + heap;
    put(bytes, f.bytes.size() - 12, little_endian(heap_at_or_0 ? heap_at_or_0 : heap_at, 8));
    put(bytes, 40, little_endian(bytes.size(), 8));  // the superblock's end of file
    return bytes;
  };
  const std::string vgood = vlen(kBenignConfig, kBenignConfig.size(), 1, 0);
  CHECK(hdf5_scan(vgood).format == "keras-h5");
  CHECK(hdf5_scan(vgood).findings.empty());
  CHECK(finding_ids(hdf5_scan(vlen(kLambdaConfig, kLambdaConfig.size(), 1, 0))).count("keras.lambda_layer") == 1);
  expect_only_finding(hdf5_scan(vlen(kBenignConfig, kBenignConfig.size(), 2, 0)), "hdf5.malformed");  // no object 2
  expect_only_finding(hdf5_scan(vlen(kBenignConfig, kBenignConfig.size() + 1, 1, 0)), "hdf5.malformed");
  expect_only_finding(hdf5_scan(vlen(kBenignConfig, 0xffffffffu, 1, 0)), "hdf5.limit_exceeded");
  expect_only_finding(hdf5_scan(vlen(kBenignConfig, kBenignConfig.size(), 1, 1u << 30)), "hdf5.malformed");  // past EOF
  expect_only_finding(hdf5_scan(vlen(kBenignConfig, kBenignConfig.size(), 1, 96)), "hdf5.malformed");  // not a GCOL
}

TEST_CASE("hdf5: truncated at every cut point is rejected, never crashes") {
  const auto v0 = v0_file({message_v1(0x0C, string_attribute_v1("model_config", kBenignConfig))}).bytes;
  const std::string v2 = v2_file({message_v2(0x0C, attribute_v3("model_config", fixed_string_type(kBenignConfig.size()),
                                                                scalar_space_v2(), kBenignConfig))});
  for (const std::string* file : {&v0, &v2}) {
    for (size_t cut = 8; cut < file->size(); ++cut) {
      const ScanReport r = hdf5_scan(file->substr(0, cut));
      CHECK_MESSAGE(r.rejected(), "cut at " << cut);
      for (const auto& f : r.findings) CHECK(f.id.starts_with("hdf5."));
    }
  }
}

TEST_CASE("hdf5: continuation chunks, loops and addresses outside the file") {
  const std::string attr = message_v1(0x0C, string_attribute_v1("model_config", kLambdaConfig));
  // A continuation to a chunk after the header holding the attribute: followed.
  V0File f = v0_file({message_v1(0x10, little_endian(0, 8) + little_endian(attr.size(), 8))}, attr);
  put(f.bytes, 96 + 16 + 8, little_endian(96 + 16 + 24, 8));
  CHECK(finding_ids(hdf5_scan(f.bytes)).count("keras.lambda_layer") == 1);

  // The continuation points back at the header: a loop.
  V0File loop = v0_file({message_v1(0x10, little_endian(96, 8) + little_endian(40, 8))});
  expect_only_finding(hdf5_scan(loop.bytes), "hdf5.malformed");
  // Two chunks pointing at each other.
  const std::string back = message_v1(0x10, little_endian(96 + 16, 8) + little_endian(24, 8));
  V0File pair = v0_file({message_v1(0x10, little_endian(96 + 16 + 24, 8) + little_endian(back.size(), 8))}, back);
  expect_only_finding(hdf5_scan(pair.bytes), "hdf5.malformed");
  // Past the end of the file, and a length that wraps.
  V0File far = v0_file({message_v1(0x10, little_endian(uint64_t{1} << 40, 8) + little_endian(64, 8))});
  expect_only_finding(hdf5_scan(far.bytes), "hdf5.malformed");
  V0File wrap = v0_file({message_v1(0x10, little_endian(100, 8) + little_endian(kUndefined - 50, 8))});
  expect_only_finding(hdf5_scan(wrap.bytes), "hdf5.malformed");

  // The root object header address past the end of the file.
  V0File root = v0_file({attr});
  put(root.bytes, 56 + 8, little_endian(uint64_t{1} << 62, 8));
  expect_only_finding(hdf5_scan(root.bytes), "hdf5.malformed");
  // A message whose size passes its chunk.
  V0File big = v0_file({attr});
  put(big.bytes, 96 + 16 + 2, little_endian(0xfff0, 2));
  expect_only_finding(hdf5_scan(big.bytes), "hdf5.malformed");
  // A fixed-length string longer than its message.
  V0File longer = v0_file({message_v1(0x0C, attribute_v1("model_config", fixed_string_type(0xffffffffu),
                                                         scalar_space_v1(), "{}"))});
  expect_only_finding(hdf5_scan(longer.bytes), "hdf5.malformed");
  // The end-of-file address beyond the file: truncated.
  V0File truncated = v0_file({attr});
  put(truncated.bytes, 40, little_endian(truncated.bytes.size() + 1, 8));
  expect_only_finding(hdf5_scan(truncated.bytes), "hdf5.malformed");
}

TEST_CASE("hdf5: versions, layouts and user blocks") {
  const std::string attr = message_v1(0x0C, string_attribute_v1("model_config", kBenignConfig));
  V0File sb4 = v0_file({attr});
  sb4.bytes[8] = 4;
  expect_only_finding(hdf5_scan(sb4.bytes), "hdf5.unsupported_layout");
  V0File oh3 = v0_file({attr});
  oh3.bytes[96] = 3;
  expect_only_finding(hdf5_scan(oh3.bytes), "hdf5.malformed");
  V0File attr9 = v0_file({attr});
  attr9.bytes[96 + 16 + 8] = 9;
  expect_only_finding(hdf5_scan(attr9.bytes), "hdf5.malformed");
  V0File offsets2 = v0_file({attr});
  offsets2.bytes[13] = 2;
  expect_only_finding(hdf5_scan(offsets2.bytes), "hdf5.unsupported_layout");

  // Dense attribute storage (an attribute info message naming a fractal heap).
  V0File dense = v0_file({message_v1(0x15, std::string("\x00\x00", 2) + little_endian(200, 8) + little_endian(300, 8))});
  expect_only_finding(hdf5_scan(dense.bytes), "hdf5.unsupported_layout");
  V0File compact = v0_file({message_v1(0x15, std::string("\x00\x00", 2) + little_endian(kUndefined, 8) + little_endian(kUndefined, 8)), attr});
  CHECK(hdf5_scan(compact.bytes).findings.empty());
  // A shared attribute message.
  V0File shared = v0_file({message_v1(0x0C, string_attribute_v1("model_config", kBenignConfig), 0x02)});
  expect_only_finding(hdf5_scan(shared.bytes), "hdf5.unsupported_layout");

  // A user block of 512 bytes: found, named, the config still walked.
  V0File user = v0_file({message_v1(0x0C, string_attribute_v1("model_config", kLambdaConfig))}, "", 512);
  std::string shifted = user.bytes;
  const ScanReport r = hdf5_scan(shifted);
  CHECK(r.format == "keras-h5");
  CHECK(finding_ids(r) == std::set<std::string>{"hdf5.user_block", "keras.lambda_layer", "keras.python_function"});
  // Not HDF5: no signature anywhere it may be.
  std::string none(2048, '\0');
  MemorySource src(std::span(reinterpret_cast<const uint8_t*>(none.data()), none.size()));
  CHECK_FALSE(looks_like_hdf5(src));
  expect_only_finding(hdf5_scan(none), "hdf5.malformed");
}

TEST_CASE("hdf5: a file another scanner claims that is HDF5 after a user block is a polyglot") {
  // A NumPy header in the "user block", a Keras .h5 with a Lambda layer at 512:
  // numpy.load reads the array, h5py the model.
  V0File user = v0_file({message_v1(0x0C, string_attribute_v1("model_config", kLambdaConfig))}, "", 512);
  std::string npy = std::string("\x93NUMPY\x01\x00", 8);
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (100,), }";
  std::string header = dict + std::string(512 - 10 - dict.size() - 1, ' ') + "\n";
  npy += little_endian(header.size(), 2) + header;
  REQUIRE(npy.size() == 512);
  std::string polyglot = npy + user.bytes.substr(512);
  MemorySource src(std::span(reinterpret_cast<const uint8_t*>(polyglot.data()), polyglot.size()));
  const auto routed = scan_by_content(src, "weights.npy");
  REQUIRE(routed.has_value());
  CHECK(routed->format == "npy");
  CHECK(routed->rejected());
  REQUIRE(!routed->findings.empty());
  CHECK(routed->findings.back().id == "hdf5.polyglot");
  CHECK(routed->findings.back().offset == 512);
  CHECK_FALSE(routed->findings.back().hint.empty());
  // The HDF5 file alone is routed to the HDF5 scanner, with no polyglot finding.
  MemorySource alone(std::span(reinterpret_cast<const uint8_t*>(user.bytes.data()), user.bytes.size()));
  const auto h5 = scan_by_content(alone, "m.h5");
  REQUIRE(h5.has_value());
  CHECK(h5->format == "keras-h5");
  CHECK(finding_ids(*h5).count("hdf5.polyglot") == 0);
}
