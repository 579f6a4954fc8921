// The scanners' shared helpers: the byte cursor, the findings sink, the guarded
// parse and ByteSource::read_exact; and the cap each scanner keeps through them.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "formats/scan/byte_cursor.hpp"
#include "formats/scan/findings_sink.hpp"
#include "formats/scan/gguf.hpp"
#include "formats/scan/guarded_parse.hpp"
#include "formats/scan/pickle.hpp"
#include "formats/scan/safetensors.hpp"
#include "scan_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal::formats;
using Kind = CursorError::Kind;

namespace {

// Claims `claimed` bytes but holds only `data`; counts its reads.
class ShortSource : public ByteSource {
 public:
  ShortSource(std::string data, uint64_t claimed) : data_(std::move(data)), claimed_(claimed) {}
  uint64_t size() const override { return claimed_; }
  modelseal::Result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override {
    ++reads;
    if (offset >= data_.size()) return size_t{0};
    const size_t n = std::min<size_t>(out.size(), data_.size() - offset);
    std::copy_n(data_.data() + offset, n, out.data());
    return n;
  }
  mutable int reads = 0;

 private:
  std::string data_;
  uint64_t claimed_;
};

constexpr std::array<HintEntry, 2> kHints{{{"t.a", "hint a"}, {"t.full", "hint full"}}};
const HintTable kTable{kHints, "fallback hint"};

}  // namespace

TEST_CASE("byte cursor reads little-endian integers within its bytes") {
  const std::string data("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 15);
  MemorySource src(test_support::bytes_of(data));
  CursorSource source(src, src.size(), CursorSource::ShortReads::kFail);
  ByteCursor c(source, 0, source.size());
  uint8_t b = 0;
  uint16_t h = 0;
  uint32_t w = 0;
  uint64_t q = 0;
  REQUIRE(c.u8(b));
  REQUIRE(c.u16(h));
  REQUIRE(c.u32(w));
  REQUIRE(c.u64(q));
  CHECK(b == 0x01);
  CHECK(h == 0x0302);
  CHECK(w == 0x07060504u);
  CHECK(q == 0x0f0e0d0c0b0a0908ull);
  CHECK(c.remaining() == 0);
  CHECK_FALSE(c.failed());
}

TEST_CASE("byte cursor refuses a read past its end, and every read after it") {
  const std::string data = "abcdef";
  MemorySource src(test_support::bytes_of(data));
  CursorSource source(src, src.size(), CursorSource::ShortReads::kFail);
  ByteCursor c(source, 0, source.size());
  REQUIRE(c.skip(3));
  uint32_t w = 0;
  CHECK_FALSE(c.u32(w));  // 4 bytes wanted, 3 left
  CHECK(c.pos() == 3);    // nothing consumed
  REQUIRE(c.error());
  CHECK(c.error()->kind == Kind::kPastEnd);
  CHECK(c.error()->offset == 3);
  CHECK(c.error()->wanted == 4);
  CHECK(c.error()->available == 3);
  uint8_t b = 0;
  CHECK_FALSE(c.u8(b));  // in bounds, but the cursor failed
  ByteCursor other(source, 0, source.size());
  CHECK_FALSE(other.u8(b));  // and so did every cursor over the same bytes
  CHECK(c.error()->offset == 3);  // the first failure is the one kept

  CursorSource fresh(src, src.size(), CursorSource::ShortReads::kFail);
  ByteCursor d(fresh, 0, source.size());
  CHECK_FALSE(d.skip(7));
  CHECK(d.error()->kind == Kind::kPastEnd);
  uint64_t v = 0;
  CursorSource wide(src, src.size(), CursorSource::ShortReads::kFail);
  ByteCursor e(wide, 0, wide.size());
  CHECK_FALSE(e.le(9, v));  // more than 8 bytes is no integer
}

TEST_CASE("byte cursor: a sub-cursor ends where its range ends") {
  const std::string data = "0123456789";
  MemorySource src(test_support::bytes_of(data));
  CursorSource source(src, src.size(), CursorSource::ShortReads::kFail);
  ByteCursor c(source, 0, source.size());
  ByteCursor inner(source, 0, 0);
  REQUIRE(c.sub(4, inner));
  CHECK(c.pos() == 4);
  CHECK(inner.pos() == 0);
  CHECK(inner.end() == 4);
  std::array<uint8_t, 4> four{};
  REQUIRE(inner.copy(four));
  CHECK(std::string(four.begin(), four.end()) == "0123");
  uint8_t b = 0;
  CHECK_FALSE(inner.u8(b));  // the source has more, the sub-cursor does not
  CHECK(inner.error()->kind == Kind::kPastEnd);

  CursorSource again(src, src.size(), CursorSource::ShortReads::kFail);
  ByteCursor whole(again, 0, again.size());
  ByteCursor too_long(again, 0, 0);
  CHECK_FALSE(whole.sub(11, too_long));
  ByteCursor clamped(again, 8, 1000);  // a range past the source is clamped to it
  CHECK(clamped.remaining() == 2);
  ByteCursor beyond(again, 20, 30);
  CHECK(beyond.remaining() == 0);
  uint8_t b2 = 0;
  CHECK_FALSE(beyond.u8(b2));
}

TEST_CASE("byte cursor decodes varints and refuses bad ones") {
  const std::string data = std::string("\xac\x02", 2) +                        // 300
                           std::string(9, '\xff') + std::string("\x01", 1) +   // 2^64 - 1
                           std::string(9, '\xff') + std::string("\x02", 1);    // 2^64 and more
  MemorySource src(test_support::bytes_of(data));
  CursorSource source(src, src.size(), CursorSource::ShortReads::kUsePartial);
  ByteCursor c(source, 0, source.size());
  uint64_t v = 0;
  REQUIRE(c.varint(v));
  CHECK(v == 300);
  REQUIRE(c.varint(v));
  CHECK(v == ~uint64_t{0});
  CHECK_FALSE(c.varint(v));
  CHECK(c.error()->kind == Kind::kBadVarint);
  CHECK(c.error()->offset == 12);

  CursorSource cut(src, src.size(), CursorSource::ShortReads::kUsePartial);
  ByteCursor open_ended(cut, 2, 6);  // continuation bits run past the range
  CHECK_FALSE(open_ended.varint(v));
  CHECK(cut.error()->kind == Kind::kPastEnd);
  CHECK(cut.error()->offset == 2);
}

TEST_CASE("byte cursor reads across its window and skips without reading") {
  std::string data;
  for (int i = 0; i < 40; ++i) data += static_cast<char>(i);
  ShortSource src(data, data.size());
  CursorSource source(src, src.size(), CursorSource::ShortReads::kFail, 5);
  ByteCursor c(source, 0, source.size());
  REQUIRE(c.skip(3));
  uint64_t q = 0;
  REQUIRE(c.u64(q));  // bytes 3..10 span three windows of 5
  CHECK(q == 0x0a09080706050403ull);
  const int reads = src.reads;
  REQUIRE(c.skip(20));
  CHECK(src.reads == reads);
  std::string seen;
  REQUIRE(c.read_through(9, [&](std::span<const uint8_t> chunk) {
    CHECK(chunk.size() <= 5);
    seen.append(chunk.begin(), chunk.end());
  }));
  CHECK(seen == data.substr(31, 9));
  bool called = false;
  CHECK_FALSE(c.read_through(1, [&](std::span<const uint8_t>) { called = true; }));
  CHECK_FALSE(called);
}

TEST_CASE("byte cursor reports a source that fails or ends early") {
  scan_test_support::FailingSource failing{64};
  CursorSource broken(failing, failing.size(), CursorSource::ShortReads::kUsePartial);
  ByteCursor c(broken, 0, broken.size());
  uint8_t b = 0;
  CHECK_FALSE(c.u8(b));
  CHECK(broken.error()->kind == Kind::kReadError);
  CHECK(broken.error()->detail == "disk on fire");

  ShortSource short_src("abc", 10);  // promises 10 bytes, holds 3
  CursorSource strict(short_src, short_src.size(), CursorSource::ShortReads::kFail);
  ByteCursor s(strict, 0, strict.size());
  CHECK_FALSE(s.u8(b));  // the first window came back short
  CHECK(strict.error()->kind == Kind::kSourceEnded);
  CHECK(strict.error()->offset == 0);

  CursorSource lenient(short_src, short_src.size(), CursorSource::ShortReads::kUsePartial);
  ByteCursor p(lenient, 0, lenient.size());
  uint16_t h = 0;
  REQUIRE(p.u16(h));  // the bytes that came are used
  CHECK(h == 0x6261);
  uint16_t h2 = 0;
  CHECK_FALSE(p.u16(h2));  // 'c', then nothing
  CHECK(lenient.error()->kind == Kind::kSourceEnded);
  CHECK(lenient.error()->offset == 3);
  CHECK(p.pos() == 3);

  CursorSource limited(short_src, 2, CursorSource::ShortReads::kFail);  // a limit below the size
  CHECK(limited.size() == 2);
}

TEST_CASE("findings sink lists up to its cap, then one marker, then nothing") {
  std::vector<Finding> out;
  FindingsSink sink(out, "f.bin", kTable, {3, "t.full", "more than 3 findings"});
  CHECK(sink.add("t.a", Severity::kWarning, 1, "one"));
  CHECK(sink.add("t.b", Severity::kError, 2, "two"));
  CHECK(sink.add("t.a", Severity::kInfo, 3, "three"));
  CHECK_FALSE(sink.full());
  CHECK_FALSE(sink.add("t.a", Severity::kWarning, 4, "four"));  // becomes the marker
  CHECK(sink.full());
  CHECK_FALSE(sink.add("t.a", Severity::kError, 5, "five"));
  sink.error("t.a", 6, "six");
  REQUIRE(out.size() == 4);
  CHECK(out[0].hint == "hint a");
  CHECK(out[1].hint == "fallback hint");  // an id the table lacks
  CHECK(out[0].file == "f.bin");
  CHECK(out[2].severity == Severity::kInfo);
  const Finding& marker = out.back();
  CHECK(marker.id == "t.full");
  CHECK(marker.severity == Severity::kError);  // even for a warning it replaces
  CHECK(marker.offset == 4);                   // where the finding it replaces was
  CHECK(marker.message == "more than 3 findings");
  CHECK(marker.hint == "hint full");
}

TEST_CASE("findings sink: a cap of zero, findings made elsewhere, no cap") {
  std::vector<Finding> out;
  FindingsSink none_listed(out, "f", kTable, {0, "t.full", "stopped"});
  CHECK_FALSE(none_listed.add("t.a", Severity::kError, 9, "x"));
  REQUIRE(out.size() == 1);
  CHECK(out[0].id == "t.full");

  std::vector<Finding> zip;
  FindingsSink outer(zip, "a.zip", kTable, {1, "t.full", "stopped"});
  CHECK(outer.add_finding({"inner.x", Severity::kWarning, "a.zip:m", 7, "inner", "inner hint"}));
  CHECK_FALSE(outer.add_finding({"inner.y", Severity::kWarning, "a.zip:m", 8, "inner", "h"}));
  REQUIRE(zip.size() == 2);
  CHECK(zip[0].file == "a.zip:m");  // kept as made
  CHECK(zip[0].hint == "inner hint");
  CHECK(zip[1].file == "a.zip");    // the marker names the sink's file
  CHECK(zip[1].offset == 8);

  std::vector<Finding> many;
  FindingsSink unbounded(many, "f", kTable, FindingsCap::none());
  for (int i = 0; i < 5000; ++i) CHECK(unbounded.add("t.a", Severity::kError, i, "x"));
  CHECK_FALSE(unbounded.full());
  CHECK(many.size() == 5000);
}

TEST_CASE("guarded parse maps what a scanner body throws") {
  bool ran = false;
  CHECK_FALSE(guarded_parse([&] { ran = true; }));
  CHECK(ran);
  const auto oom = guarded_parse([] { throw std::bad_alloc(); });
  REQUIRE(oom);
  CHECK(oom->kind == ParseFailure::Kind::kOutOfMemory);
  CHECK(oom->message() == "scanner failed: std::bad_alloc");
  const auto length = guarded_parse([] { std::vector<uint8_t>().reserve(~size_t{0}); });
  REQUIRE(length);
  CHECK(length->kind == ParseFailure::Kind::kLengthError);
  const auto other = guarded_parse([] { throw std::runtime_error("boom"); });
  REQUIRE(other);
  CHECK(other->kind == ParseFailure::Kind::kOther);
  CHECK(other->message() == "scanner failed: boom");
  const auto unknown = guarded_parse([] { throw 42; });
  REQUIRE(unknown);
  CHECK(unknown->kind == ParseFailure::Kind::kUnknown);
}

TEST_CASE("read_exact returns exactly n bytes or an error") {
  const std::string data = "0123456789";
  MemorySource src(test_support::bytes_of(data));
  auto got = src.read_exact(2, 5);
  REQUIRE(got.ok());
  CHECK(*got == "23456");
  auto empty = src.read_exact(10, 0);
  REQUIRE(empty.ok());
  CHECK(empty->empty());
  auto past = src.read_exact(8, 5);
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().code == modelseal::ErrorCode::kCorrupt);
  CHECK(past.error().detail == "short read");
  scan_test_support::FailingSource failing{64};
  auto failed = failing.read_exact(0, 4);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().detail == "disk on fire");
}

// The scanners' caps differ, and stay as they were: safetensors, zip and ONNX
// list 1000 findings and a 1001st marker; pickle and GGUF 99 and a 100th.
TEST_CASE("each scanner keeps its own cap and marker") {
  std::string many = "\x80\x04";
  for (int i = 0; i < 150; ++i) many += "cm" + std::to_string(i) + "\nf\n0";
  many += "N.";
  const ScanReport pickle = scan_pickle(MemorySource(test_support::bytes_of(many)), "p.pkl");
  REQUIRE(pickle.findings.size() == 100);
  CHECK(pickle.findings[98].id == "pickle.unsafe_global");
  CHECK(pickle.findings.back().id == "pickle.limit_exceeded");
  CHECK(pickle.findings.back().message == "more than 100 findings; scan stopped");

  std::string gguf = std::string("GGUF") + std::string("\x03\0\0\0", 4) + std::string(8, '\0');
  std::string kvs;
  const auto le64 = [](uint64_t v) {
    std::string s;
    for (int i = 0; i < 8; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
    return s;
  };
  for (int i = 0; i < 300; ++i) kvs += le64(4) + "same" + std::string("\0\0\0\0\0", 5);
  gguf += le64(300) + kvs;
  const ScanReport g = scan_gguf(MemorySource(test_support::bytes_of(gguf)), "m.gguf");
  REQUIRE(g.findings.size() == kGgufMaxFindings);
  CHECK(g.findings.back().id == "gguf.too_many_findings");
  CHECK(g.findings.back().message == "stopped after 99 findings");

  std::string header = "{";
  for (int i = 0; i < 1100; ++i)
    header += "\"t" + std::to_string(i) + R"(":{"dtype":"X","shape":[0],"data_offsets":[0,0]},)";
  header.back() = '}';
  const std::string st = le64(header.size()) + header;
  const ScanReport s = scan_safetensors(MemorySource(test_support::bytes_of(st)), "m.safetensors");
  REQUIRE(s.findings.size() == kSafetensorsMaxFindings + 1);
  CHECK(s.findings.back().id == "safetensors.too_many_findings");
  CHECK(s.findings.back().message == "more than 1000 findings; stopped listing");
}
