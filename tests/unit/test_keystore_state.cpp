// keystore.json is read strictly, and `keystore audit` catches every edit of
// the hash-chained log.
#include <doctest/doctest.h>

#include "modelseal/digest.hpp"
#include "test_keystore_support.hpp"

using namespace modelseal;
using namespace modelseal::keys;
using namespace keystore_test;

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// A keystore with a few events: created, 3 x sealed, opened, rotated.
struct LoggedKeystore {
  LoggedKeystore() : ks(WrappingMethod::kPassphrase) {
    Keystore store = ks.open();
    for (const char* name : {"alpha", "beta", "gamma"}) {
      auto made = store.create_data_key(bundle(name));
      REQUIRE(made.ok());
      last_id = made->key_id;
    }
    REQUIRE(store.record_opened(last_id).ok());
    REQUIRE(store.rotate().ok());
  }
  std::filesystem::path log() const { return ks.dir() / "log.jsonl"; }
  std::filesystem::path state() const { return ks.dir() / "keystore.json"; }
  AuditReport audit() const {
    auto report = audit_keystore(ks.dir());
    REQUIRE(report.ok());
    return std::move(report).value();
  }
  TestKeystore ks;
  std::string last_id;
};

void expect_rejected_state(const std::string& text, ErrorCode code = ErrorCode::kCorrupt) {
  LoggedKeystore logged;
  test_support::write_bytes(logged.state(), text);
  auto opened = Keystore::open(logged.ks.dir(), logged.ks.credentials());
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == code);
  CHECK_FALSE(audit_keystore(logged.ks.dir()).ok());
}

std::string good_state() {
  LoggedKeystore logged;
  return test_support::read_bytes(logged.state());
}

}  // namespace

TEST_CASE("keystore audit: a good log verifies") {
  LoggedKeystore logged;
  AuditReport report = logged.audit();
  CHECK(report.problems.empty());
  CHECK(report.entries == 6);
  REQUIRE(report.anchored_seq.has_value());
  CHECK(*report.anchored_seq == 5);
  CHECK(report.unanchored.empty());
}

TEST_CASE("keystore audit: an edited line breaks the chain") {
  LoggedKeystore logged;
  auto lines = split_lines(test_support::read_bytes(logged.log()));
  lines[2] = test_support::replaced_first(lines[2], "\"sealed\"", "\"opened\"");
  test_support::write_bytes(logged.log(), join_lines(lines));
  CHECK_FALSE(logged.audit().problems.empty());
}

TEST_CASE("keystore audit: a deleted line breaks the chain") {
  LoggedKeystore logged;
  auto lines = split_lines(test_support::read_bytes(logged.log()));
  lines.erase(lines.begin() + 2);
  test_support::write_bytes(logged.log(), join_lines(lines));
  CHECK_FALSE(logged.audit().problems.empty());
}

TEST_CASE("keystore audit: swapped lines break the chain") {
  LoggedKeystore logged;
  auto lines = split_lines(test_support::read_bytes(logged.log()));
  std::swap(lines[1], lines[2]);
  test_support::write_bytes(logged.log(), join_lines(lines));
  CHECK_FALSE(logged.audit().problems.empty());
}

TEST_CASE("keystore audit: a cut tail is caught by log_head") {
  LoggedKeystore logged;
  auto lines = split_lines(test_support::read_bytes(logged.log()));
  lines.pop_back();
  test_support::write_bytes(logged.log(), join_lines(lines));
  AuditReport report = logged.audit();
  REQUIRE_FALSE(report.problems.empty());
  CHECK(report.problems.back().find("log_head") != std::string::npos);
}

TEST_CASE("keystore log: no operation appends after a cut or a missing log") {
  LoggedKeystore logged;
  auto lines = split_lines(test_support::read_bytes(logged.log()));
  lines.pop_back();
  test_support::write_bytes(logged.log(), join_lines(lines));
  Keystore store = logged.ks.open();
  auto made = store.create_data_key(bundle("delta"));
  REQUIRE_FALSE(made.ok());
  CHECK(made.error().code == ErrorCode::kTampered);
  CHECK_FALSE(logged.audit().problems.empty());  // still visible
  std::filesystem::remove(logged.log());
  CHECK(store.record_opened(logged.last_id).error().code == ErrorCode::kTampered);
}

TEST_CASE("keystore audit: an inserted line breaks the chain") {
  LoggedKeystore logged;
  auto lines = split_lines(test_support::read_bytes(logged.log()));
  lines.insert(lines.begin() + 3, lines[2]);
  test_support::write_bytes(logged.log(), join_lines(lines));
  CHECK_FALSE(logged.audit().problems.empty());
}

TEST_CASE("keystore audit: a valid line after log_head is reported as unanchored") {
  LoggedKeystore logged;
  std::string text = test_support::read_bytes(logged.log());
  auto lines = split_lines(text);
  std::string last = lines.back() + "\n";
  auto digest = sha256_of(std::span(reinterpret_cast<const uint8_t*>(last.data()), last.size()));
  REQUIRE(digest.ok());
  std::string extra = "{\"details\":{\"key_id\":\"" + logged.last_id + "\"},\"event\":\"opened\",\"prev\":\"" +
                      digest->hex() + "\",\"seq\":6,\"time\":\"2026-11-24T15:30:00Z\"}\n";
  test_support::write_bytes(logged.log(), text + extra);
  AuditReport report = logged.audit();
  CHECK(report.problems.empty());
  REQUIRE(report.unanchored.size() == 1);
  CHECK(report.unanchored[0].find("opened") != std::string::npos);
  CHECK(report.entries == 7);
}

TEST_CASE("keystore audit: a torn last line is a problem") {
  LoggedKeystore logged;
  std::string text = test_support::read_bytes(logged.log());
  test_support::write_bytes(logged.log(), text + "{\"details\":");
  CHECK_FALSE(logged.audit().problems.empty());
}

TEST_CASE("keystore state: an unknown key is rejected") {
  std::string text = good_state();
  expect_rejected_state(test_support::replaced_first(text, "{\"format\"", "{\"extra\":1,\"format\""));
}

TEST_CASE("keystore state: an unknown key inside a key entry is rejected") {
  std::string text = good_state();
  expect_rejected_state(test_support::replaced_first(text, "\"key_id\":\"dk-", "\"comment\":\"x\",\"key_id\":\"dk-"));
}

TEST_CASE("keystore state: bad JSON is rejected") {
  std::string text = good_state();
  expect_rejected_state(text.substr(0, text.size() / 2) + "\n");
  expect_rejected_state("");
  expect_rejected_state("{}\n");
}

TEST_CASE("keystore state: a duplicate key is rejected") {
  std::string text = good_state();
  expect_rejected_state(test_support::replaced_first(text, "{\"format\"", "{\"format\":\"x\",\"format\""));
}

TEST_CASE("keystore state: non-canonical text is rejected") {
  std::string text = good_state();
  expect_rejected_state(test_support::replaced_first(text, "\"format\":", "\"format\": "));
  expect_rejected_state(text.substr(0, text.size() - 1));  // no final newline
}

TEST_CASE("keystore state: an oversized scrypt cost is rejected") {
  std::string text = good_state();
  expect_rejected_state(test_support::replaced_first(text, "\"log2_n\":14", "\"log2_n\":40"));
  expect_rejected_state(test_support::replaced_first(text, "\"log2_n\":14", "\"log2_n\":10"));
}

TEST_CASE("keystore state: a malformed key id is rejected") {
  std::string text = good_state();
  expect_rejected_state(test_support::replaced_first(text, "\"key_id\":\"dk-", "\"key_id\":\"DK-"));
  expect_rejected_state(test_support::replaced_first(text, "\"id\":\"ks-", "\"id\":\"ks-0"));
}

TEST_CASE("keystore state: an unsorted key list is rejected") {
  LoggedKeystore logged;
  std::string text = test_support::read_bytes(logged.state());
  size_t first = text.find("{\"bundle\"");
  size_t second = text.find(",{\"bundle\"", first);
  size_t third = text.find(",{\"bundle\"", second + 1);
  REQUIRE(third != std::string::npos);
  std::string a = text.substr(first, second - first);
  std::string b = text.substr(second + 1, third - second - 1);
  std::string swapped = text.substr(0, first) + b + "," + a + text.substr(third);
  test_support::write_bytes(logged.state(), swapped);
  auto opened = Keystore::open(logged.ks.dir(), logged.ks.credentials());
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("keystore state: a missing folder is not a keystore") {
  test_support::TempDir temp;
  SecretBytes passphrase = keys_test::secret("x");
  auto opened = Keystore::open(temp.path() / "none", {&passphrase, nullptr});
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::kNotFound);
}

// The fuzz seeds double as vectors: valid_* parse (and re-serialize to the same
// bytes), invalid_* are rejected.
#include "keystore/event_log.hpp"
#include "keystore/state.hpp"
#include "test_support.hpp"

TEST_CASE("keystore state: the seed corpus parses as named") {
  std::filesystem::path dir = std::filesystem::path(MODELSEAL_SOURCE_DIR) / "fuzz/corpus/keystore_state";
  int valid = 0, invalid = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".py") continue;
    CAPTURE(name);
    std::string text = test_support::read_bytes(entry.path());
    bool is_log = entry.path().extension() == ".jsonl";
    bool accepted = is_log ? parse_log_line(text).ok() : parse_state(text).ok();
    if (name.starts_with("valid_")) {
      CHECK(accepted);
      ++valid;
    } else {
      CHECK_FALSE(accepted);
      ++invalid;
    }
  }
  CHECK(valid == 8);
  CHECK(invalid == 16);
}
