// `keystore audit` cross-checks the log against the state (issue 14, part 4):
// a line with a correct `prev` hash is still a forgery when it names a key the
// log never created, a generation the keystore never had, or an operation that
// cannot have been interrupted where it stands. Each forgery here is a valid
// link of the hash chain; only the cross-check can reject it.
#include <doctest/doctest.h>

#include "modelseal/digest.hpp"
#include "test_keystore_support.hpp"
#include "test_support.hpp"

using namespace modelseal;
using namespace modelseal::keys;
using namespace keystore_test;

namespace {

const std::string kNeverCreated = "dk-0123456789abcdef0123456789abcdef";

std::string sha256_hex(const std::string& bytes) {
  auto digest = sha256_of(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  REQUIRE(digest.ok());
  return digest->hex();
}

std::string last_line(const std::string& text) {
  size_t start = text.rfind('\n', text.size() - 2);
  return text.substr(start == std::string::npos ? 0 : start + 1);
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const std::string& p : problems) out += p + "\n";
  return out;
}

// A passphrase keystore with: created, sealed alpha, sealed beta, opened beta, rotated (g2).
struct Forger {
  Forger() : ks(WrappingMethod::kPassphrase) {
    Keystore store = ks.open();
    auto a = store.create_data_key(bundle("alpha"));
    auto b = store.create_data_key(bundle("beta"));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    alpha = a->key_id;
    beta = b->key_id;
    REQUIRE(store.record_opened(beta).ok());
    REQUIRE(store.rotate().ok());
    REQUIRE(clean().problems.empty());
  }
  std::filesystem::path log() const { return ks.dir() / "log.jsonl"; }
  std::filesystem::path state() const { return ks.dir() / "keystore.json"; }
  AuditReport clean() const {
    auto report = audit_keystore(ks.dir());
    REQUIRE(report.ok());
    return std::move(report).value();
  }
  // Appends a line whose prev and seq are right: only the cross-check can reject it.
  uint64_t append(const std::string& event, const std::string& details_json) {
    std::string text = test_support::read_bytes(log());
    uint64_t seq = static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
    std::string line = "{\"details\":" + details_json + ",\"event\":\"" + event + "\",\"prev\":\"" +
                       sha256_hex(last_line(text)) + "\",\"seq\":" + std::to_string(seq) +
                       ",\"time\":\"2026-11-24T15:30:00Z\"}\n";
    test_support::write_bytes(log(), text + line);
    return seq;
  }
  // Moves keystore.json's log_head to the last line, as if a write had anchored it.
  void anchor_last() {
    std::string text = test_support::read_bytes(log());
    uint64_t seq = static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n')) - 1;
    std::string state_text = test_support::read_bytes(state());
    size_t at = state_text.find("\"log_head\":{");
    REQUIRE(at != std::string::npos);
    size_t end = state_text.find('}', at);
    state_text.replace(at, end - at + 1, "\"log_head\":{\"seq\":" + std::to_string(seq) +
                                             ",\"sha256\":\"" + sha256_hex(last_line(text)) + "\"}");
    test_support::write_bytes(state(), state_text);
  }
  TestKeystore ks;
  std::string alpha, beta;
};

std::string bundle_json(const BundleIdentity& b) {
  return "{\"content_digest\":\"" + b.content_digest + "\",\"name\":\"" + b.name +
         "\",\"version\":\"" + b.version + "\"}";
}

std::string shredded_details(const std::string& key_id, const BundleIdentity& b) {
  return "{\"bundle\":" + bundle_json(b) + ",\"key_id\":\"" + key_id +
         "\",\"reason\":\"forged\",\"record\":\"ks/disposals/x.disposal.json\",\"record_sha256\":\"" +
         std::string(64, 'a') + "\"}";
}

void expect_forgery(const Forger& f, const std::string& expected_text) {
  AuditReport report = f.clean();
  CAPTURE(joined(report.problems));
  REQUIRE_FALSE(report.problems.empty());
  CHECK(joined(report.problems).find(expected_text) != std::string::npos);
}

}  // namespace

TEST_CASE("keystore audit forgery: a shredded event for a key that never existed") {
  Forger f;
  uint64_t seq = f.append("shredded", shredded_details(kNeverCreated, bundle("ghost")));
  expect_forgery(f, "line " + std::to_string(seq + 1));
  expect_forgery(f, kNeverCreated);
}

TEST_CASE("keystore audit forgery: a forged shredded event stays a failure once a write anchors it") {
  Forger f;
  f.append("shredded", shredded_details(kNeverCreated, bundle("ghost")));
  {
    Keystore store = f.ks.open();
    REQUIRE(store.record_opened(f.beta).ok());  // the next write anchors the forged line
  }
  expect_forgery(f, kNeverCreated);
}

TEST_CASE("keystore audit forgery: a shredded event for a live key that is not being shredded") {
  Forger f;
  f.append("shredded", shredded_details(f.alpha, bundle("alpha")));
  expect_forgery(f, f.alpha);
}

TEST_CASE("keystore audit forgery: an anchored sealed event for a key the state does not hold") {
  Forger f;
  f.append("sealed", "{\"bundle\":" + bundle_json(bundle("ghost")) + ",\"key_id\":\"" + kNeverCreated + "\"}");
  f.anchor_last();
  expect_forgery(f, kNeverCreated);
}

TEST_CASE("keystore audit forgery: a sealed event repeating a key id") {
  Forger f;
  f.append("sealed", "{\"bundle\":" + bundle_json(bundle("alpha")) + ",\"key_id\":\"" + f.alpha + "\"}");
  expect_forgery(f, f.alpha);
}

TEST_CASE("keystore audit forgery: an opened event for a key that never existed") {
  Forger f;
  f.append("opened", "{\"key_id\":\"" + kNeverCreated + "\"}");
  expect_forgery(f, kNeverCreated);
}

TEST_CASE("keystore audit forgery: a rotated event with a wrong generation") {
  Forger f;
  f.append("rotated", "{\"generation\":7,\"keys\":2,\"method\":\"passphrase\"}");
  expect_forgery(f, "generation");
}

TEST_CASE("keystore audit forgery: an anchored rotated event the state never followed") {
  Forger f;
  f.append("rotated", "{\"generation\":3,\"keys\":2,\"method\":\"passphrase\"}");
  f.anchor_last();
  expect_forgery(f, "generation");
}

TEST_CASE("keystore audit forgery: an event of an unknown kind") {
  Forger f;
  f.append("restored", "{\"key_id\":\"" + f.alpha + "\"}");
  expect_forgery(f, "restored");
}

TEST_CASE("keystore audit forgery: a tombstone without its shredded event") {
  Forger f;
  std::string text = test_support::read_bytes(f.state());
  test_support::write_bytes(f.state(),
                            test_support::replaced_first(text, "\"shredded\":[]",
                                     "\"shredded\":[{\"key_id\":\"" + kNeverCreated +
                                         "\",\"record\":\"x.disposal.json\",\"shredded_at\":"
                                         "\"2026-11-24T15:30:00Z\"}]"));
  expect_forgery(f, kNeverCreated);
}

TEST_CASE("keystore audit forgery: a key in the state without its sealed event") {
  Forger f;
  std::string text = test_support::read_bytes(f.state());
  // A copy of alpha's entry under a key id the log never created (sorted after alpha and beta).
  size_t start = text.find("{\"bundle\"");
  size_t end = text.find("},{\"bundle\"", start);
  if (end == std::string::npos) end = text.find("}],\"log_head\"", start);
  REQUIRE(end != std::string::npos);
  std::string entry = text.substr(start, end + 1 - start);
  size_t id_at = entry.find("\"key_id\":\"") + 10;
  entry.replace(id_at, 35, "dk-ffffffffffffffffffffffffffffffff");
  test_support::write_bytes(f.state(), test_support::replaced_first(text, "}],\"log_head\"", "}," + entry + "],\"log_head\""));
  expect_forgery(f, "dk-ffffffffffffffffffffffffffffffff");
}

TEST_CASE("keystore audit forgery: a state at a generation the log does not account for") {
  Forger f;
  std::string text = test_support::read_bytes(f.state());
  test_support::write_bytes(f.state(), test_support::replaced_first(text, "\"generation\":2", "\"generation\":5"));
  expect_forgery(f, "generation");
}

TEST_CASE("keystore audit forgery: a created event naming another keystore") {
  Forger f;
  std::string text = test_support::read_bytes(f.state());
  size_t at = text.find("\"id\":\"ks-") + 9;
  text[at] = text[at] == '0' ? '1' : '0';
  test_support::write_bytes(f.state(), text);
  expect_forgery(f, "keystore_id");
}

TEST_CASE("keystore audit: a plausible interrupted seal at the end is recoverable, not a forgery") {
  Forger f;
  f.append("sealed", "{\"bundle\":" + bundle_json(bundle("ghost")) + ",\"key_id\":\"" + kNeverCreated + "\"}");
  AuditReport report = f.clean();
  CHECK(report.problems.empty());
  REQUIRE(report.unanchored.size() == 1);
  CHECK(report.unanchored[0].find("line 6") != std::string::npos);
}
