// `keystore audit`: the hash chain of log.jsonl checked line by line, the
// state's log_head located on it, and the log replayed against the state
// (specs/sealed-bundle-v1.md §2.3): every key, tombstone and generation of
// keystore.json must follow from the committed events, every event must name
// a key the log created, and every line no state anchors must be the trace of
// an operation that can have been interrupted there. Needs no credentials.
#include <map>
#include <set>
#include <span>

#include "keystore/event_log.hpp"
#include "keystore/keystore_support.hpp"
#include "keystore/state.hpp"

namespace modelseal::keys {
namespace {

using nlohmann::json;

constexpr size_t kMaxProblemsReported = 100;

struct Entry {
  LogLine log;
  bool abandoned = false;  // logged by an operation that never committed its state
};

struct LiveKey {
  BundleIdentity bundle;
  size_t line = 0;
};

// What the committed events say the state is.
struct Replay {
  std::string method;
  uint64_t generation = 1;
  std::map<std::string, LiveKey> live;
  std::map<std::string, AuditedShred> shredded;
  std::map<std::string, size_t> named;  // every key id a sealed event named -> its line
};

std::string line_text(size_t line) { return "log.jsonl line " + std::to_string(line) + ": "; }

const char* method_name(WrappingMethod method) {
  return method == WrappingMethod::kPkcs11 ? "pkcs11" : "passphrase";
}

void add_problem(AuditReport& report, std::string problem) {
  if (report.problems.size() < kMaxProblemsReported) report.problems.push_back(std::move(problem));
}

// The details of one event, checked against the fields its event writes (§2.3 table).
class Details {
 public:
  Details(const LogLine& log, std::initializer_list<std::string_view> fields) : log_(log) {
    bool exact = log.details.size() == fields.size();
    for (std::string_view field : fields) exact = exact && log.details.contains(field);
    if (!exact) problem_ = "the details of \"" + log.event + "\" are not exactly the fields it logs";
  }
  const std::optional<std::string>& problem() const { return problem_; }

  std::string text(const char* field) {
    const json& value = log_.details.contains(field) ? log_.details.at(field) : json();
    if (value.is_string()) return value.get<std::string>();
    fail(std::string(field) + " is not a string");
    return {};
  }
  uint64_t count(const char* field) {
    const json& value = log_.details.contains(field) ? log_.details.at(field) : json();
    if (value.is_number_unsigned()) return value.get<uint64_t>();
    fail(std::string(field) + " is not a count");
    return 0;
  }
  std::string key_id() {
    std::string id = text("key_id");
    if (!problem_ && !is_random_id(id, "dk-")) fail("key_id is not \"dk-<32 hex>\"");
    return id;
  }
  BundleIdentity bundle() {
    const json& value = log_.details.contains("bundle") ? log_.details.at("bundle") : json();
    BundleIdentity out;
    if (!value.is_object() || value.size() != 3 || !value.contains("content_digest") ||
        !value.contains("name") || !value.contains("version") ||
        !value.at("content_digest").is_string() || !value.at("name").is_string() ||
        !value.at("version").is_string()) {
      fail("bundle is not {content_digest, name, version}");
      return out;
    }
    out = {value.at("name").get<std::string>(), value.at("version").get<std::string>(),
           value.at("content_digest").get<std::string>()};
    return out;
  }

 private:
  void fail(std::string why) {
    if (!problem_) problem_ = std::move(why);
  }
  const LogLine& log_;
  std::optional<std::string> problem_;
};

bool same_bundle(const BundleIdentity& a, const BundleIdentity& b) {
  return a.name == b.name && a.version == b.version && a.content_digest == b.content_digest;
}

std::string describe(const Entry& entry, size_t line) {
  std::string text = line_text(line) + entry.log.event;
  if (entry.log.details.contains("key_id") && entry.log.details["key_id"].is_string())
    text += " " + entry.log.details["key_id"].get<std::string>();
  if (entry.log.details.contains("generation") && entry.log.details["generation"].is_number())
    text += " generation " + entry.log.details["generation"].dump();
  return text + " at " + entry.log.time;
}

// Lines of one chain, classified: the tail after log_head and every block an
// "interrupted" event names are abandoned; the rest committed.
void classify(std::vector<Entry>& entries, uint64_t anchor, AuditReport& report) {
  for (size_t i = anchor + 1; i < entries.size(); ++i) entries[i].abandoned = true;
  for (size_t i = static_cast<size_t>(anchor); i > 0; --i) {
    const LogLine& log = entries[i].log;
    if (log.event != "interrupted") continue;
    Details d(log, {"first_seq", "last_seq"});
    uint64_t first = d.count("first_seq"), last = d.count("last_seq");
    if (d.problem() || first == 0 || first > last || last + 1 != i) {
      add_problem(report, line_text(i + 1) + "\"interrupted\" must name the lines between the "
                                             "last committed one and itself");
      continue;
    }
    for (size_t j = first; j <= last; ++j) entries[j].abandoned = true;
    i = first;  // the loop's --i moves to first - 1, the last committed line before the block
  }
}

class Auditor {
 public:
  Auditor(const KeystoreState& state, AuditReport& report) : state_(state), report_(report) {}

  void committed(const Entry& entry, size_t line) {
    const LogLine& log = entry.log;
    const std::string where = line_text(line);
    if (log.event == "created") {
      Details d(log, {"keystore_id", "method"});
      std::string id = d.text("keystore_id"), method = d.text("method");
      if (line != 1) return problem(where + "a second \"created\" event");
      if (d.problem()) return problem(where + *d.problem());
      if (id != state_.id)
        problem(where + "created keystore_id " + id + ", but keystore.json is " + state_.id);
      if (method != method_name(state_.wrapping.method))
        problem(where + "created with method " + method + ", but keystore.json wraps with " +
                method_name(state_.wrapping.method));
      replay_.method = method;
    } else if (log.event == "sealed") {
      Details d(log, {"bundle", "key_id"});
      BundleIdentity bundle = d.bundle();
      std::string key = d.key_id();
      if (d.problem()) return problem(where + *d.problem());
      if (auto earlier = replay_.named.find(key); earlier != replay_.named.end())
        return problem(where + "sealed " + key + ", which line " + std::to_string(earlier->second) +
                       " already sealed");
      replay_.named[key] = line;
      replay_.live[key] = {bundle, line};
    } else if (log.event == "forgotten" || log.event == "opened") {
      Details d(log, {"key_id"});
      std::string key = d.key_id();
      if (d.problem()) return problem(where + *d.problem());
      if (!is_live(key, where + log.event + " ")) return;
      if (log.event == "forgotten") replay_.live.erase(key);
    } else if (log.event == "rotated") {
      Details d(log, {"generation", "keys", "method"});
      uint64_t generation = d.count("generation"), keys = d.count("keys");
      std::string method = d.text("method");
      if (d.problem()) return problem(where + *d.problem());
      if (auto why = rotation_mismatch(generation, keys, method)) problem(where + *why);
      replay_.generation = generation;
    } else if (log.event == "shredded") {
      auto shred = shredded(log, line);
      if (!shred) return;
      if (!is_live(shred->key_id, where + "shredded ")) return;
      if (!same_bundle(replay_.live[shred->key_id].bundle, bundle_of_shred_))
        problem(where + "shredded " + shred->key_id + " names another bundle than its sealed event");
      replay_.live.erase(shred->key_id);
      shred->committed = true;
      replay_.shredded[shred->key_id] = *shred;
      report_.shreds.push_back(*shred);
      ++replay_.generation;  // the shred's rotation logs no "rotated" event (§2.4)
    } else if (log.event != "interrupted") {
      problem(where + "unknown event \"" + log.event + "\"");
    }
  }

  // A line no committed state includes: it must be what an interrupted
  // operation logs at that point (crash points, §2.5).
  void abandoned(const Entry& entry, size_t line, bool tail) {
    const LogLine& log = entry.log;
    const std::string where = line_text(line);
    const std::string not_interrupted = " (no interrupted operation logs this here)";
    if (log.event == "sealed") {
      Details d(log, {"bundle", "key_id"});
      d.bundle();
      std::string key = d.key_id();
      if (d.problem()) return problem(where + *d.problem());
      if (auto earlier = replay_.named.find(key); earlier != replay_.named.end())
        return problem(where + "sealed " + key + ", which line " + std::to_string(earlier->second) +
                       " already sealed" + not_interrupted);
      replay_.named[key] = line;  // never stored: no later event may name it
    } else if (log.event == "forgotten" || log.event == "opened") {
      Details d(log, {"key_id"});
      std::string key = d.key_id();
      if (d.problem()) return problem(where + *d.problem());
      if (!is_live(key, where + log.event + " ")) return;
    } else if (log.event == "rotated") {
      Details d(log, {"generation", "keys", "method"});
      uint64_t generation = d.count("generation"), keys = d.count("keys");
      std::string method = d.text("method");
      if (d.problem()) return problem(where + *d.problem());
      if (auto why = rotation_mismatch(generation, keys, method))
        return problem(where + *why + not_interrupted);
    } else if (log.event == "shredded") {
      auto shred = shredded(log, line);
      if (!shred) return;
      if (!is_live(shred->key_id, where + "shredded ")) return;
      interrupted_shreds_.push_back({*shred, tail});
      report_.shreds.push_back(*shred);
    } else if (log.event == "interrupted") {
      Details d(log, {"first_seq", "last_seq"});
      uint64_t first = d.count("first_seq"), last = d.count("last_seq");
      if (d.problem() || first == 0 || first > last || last + 1 >= line)
        return problem(where + "\"interrupted\" names lines that are not before it");
    } else {
      return problem(where + "\"" + log.event + "\" cannot be left by an interrupted operation");
    }
    if (tail) report_.unanchored.push_back(describe(entry, line));
  }

  // The committed replay against keystore.json.
  void finish() {
    const std::optional<PendingShred>& pending = state_.pending_shred;
    for (const WrappedKey& key : state_.keys) {
      auto live = replay_.live.find(key.key_id);
      if (live == replay_.live.end())
        problem("keystore.json holds " + key.key_id + " (" + key.bundle.name + " " +
                key.bundle.version + "), which no committed \"sealed\" event of log.jsonl created");
      else if (!same_bundle(live->second.bundle, key.bundle))
        problem("keystore.json holds " + key.key_id + " for another bundle than " +
                line_text(live->second.line) + "sealed");
    }
    for (const auto& [key_id, live] : replay_.live) {
      if (state_.find_key(key_id) != nullptr) continue;
      if (pending && pending->key_id == key_id) continue;  // the pending shred's rotation dropped it
      problem(line_text(live.line) + "sealed " + key_id +
              ", and no event removed it, but keystore.json does not hold it");
    }
    for (const Tombstone& t : state_.shredded) {
      auto event = replay_.shredded.find(t.key_id);
      if (event == replay_.shredded.end())
        problem("keystore.json has a tombstone for " + t.key_id +
                ", which no committed \"shredded\" event of log.jsonl names");
      else if (event->second.record != t.record)
        problem("keystore.json's tombstone for " + t.key_id + " names record " + t.record + ", " +
                line_text(event->second.line) + "names " + event->second.record);
    }
    for (const auto& [key_id, shred] : replay_.shredded)
      if (state_.find_tombstone(key_id) == nullptr)
        problem(line_text(shred.line) + "shredded " + key_id +
                ", but keystore.json has no tombstone for it");
    uint64_t expected = replay_.generation;
    if (pending) {
      if (!replay_.live.contains(pending->key_id))
        problem("keystore.json's pending shred names " + pending->key_id +
                ", which is not a live key of log.jsonl");
      if (pending->previous.generation != replay_.generation)
        problem("keystore.json's pending shred started at wrapping generation " +
                std::to_string(pending->previous.generation) + ", log.jsonl accounts for " +
                std::to_string(replay_.generation));
      if (state_.find_key(pending->key_id) == nullptr) ++expected;
    }
    if (state_.wrapping.generation != expected)
      problem("keystore.json is at wrapping generation " +
              std::to_string(state_.wrapping.generation) + ", log.jsonl accounts for " +
              std::to_string(expected) + " (1 + rotations + shreds)");
    for (const auto& [shred, tail] : interrupted_shreds_) {
      bool resumed = false;
      if (auto done = replay_.shredded.find(shred.key_id); done != replay_.shredded.end())
        resumed = done->second.line > shred.line;
      bool pending_now = tail && pending && pending->key_id == shred.key_id;
      if (!resumed && !pending_now)
        problem(line_text(shred.line) + "shredded " + shred.key_id +
                ", but no shred of it is pending or was finished after it");
    }
  }

 private:
  void problem(std::string text) { add_problem(report_, std::move(text)); }

  bool is_live(const std::string& key, const std::string& what) {
    if (replay_.live.contains(key)) return true;
    std::string why;
    if (auto s = replay_.shredded.find(key); s != replay_.shredded.end())
      why = "which " + line_text(s->second.line) + "shredded";
    else if (auto n = replay_.named.find(key); n != replay_.named.end())
      why = "which is no longer live (sealed on line " + std::to_string(n->second) +
            ", then forgotten, or its seal was interrupted)";
    else
      why = "a key the log never created";
    problem(what + key + ": " + why);
    return false;
  }

  std::optional<std::string> rotation_mismatch(uint64_t generation, uint64_t keys,
                                               const std::string& method) const {
    if (generation != replay_.generation + 1)
      return "rotated to generation " + std::to_string(generation) + ", expected " +
             std::to_string(replay_.generation + 1);
    if (keys != replay_.live.size())
      return "rotated " + std::to_string(keys) + " keys, the log has " +
             std::to_string(replay_.live.size()) + " live";
    if (method != replay_.method) return "rotated with method " + method + ", not " + replay_.method;
    return std::nullopt;
  }

  std::optional<AuditedShred> shredded(const LogLine& log, size_t line) {
    const std::string where = line_text(line);
    Details d(log, {"bundle", "key_id", "reason", "record", "record_sha256"});
    AuditedShred shred;
    shred.line = line;
    bundle_of_shred_ = d.bundle();
    shred.key_id = d.key_id();
    d.text("reason");
    shred.record = d.text("record");
    shred.record_sha256 = d.text("record_sha256");
    if (!d.problem() && !is_lower_hex(shred.record_sha256, 64))
      return problem(where + "record_sha256 is not 64 hex"), std::nullopt;
    if (d.problem()) return problem(where + *d.problem()), std::nullopt;
    shred.content_digest = bundle_of_shred_.content_digest;
    return shred;
  }

  const KeystoreState& state_;
  AuditReport& report_;
  Replay replay_;
  BundleIdentity bundle_of_shred_;
  std::vector<std::pair<AuditedShred, bool>> interrupted_shreds_;
};

}  // namespace

Result<AuditReport> audit_keystore(const std::filesystem::path& dir) {
  MS_ASSIGN_OR_RETURN(KeystoreState state, read_state(dir));
  AuditReport report;
  report.keystore_id = state.id;
  if (state.pending_shred) report.pending_shred_key = state.pending_shred->key_id;
  auto lines = read_log_lines(dir);
  if (!lines.ok()) {
    if (lines.error().code == ErrorCode::kNotFound) add_problem(report, "log.jsonl is missing");
    else if (lines.error().code == ErrorCode::kCorrupt) add_problem(report, lines.error().detail);
    else return lines.error();
    return report;
  }
  report.entries = lines->size();
  std::string prev = kZeroHash;
  std::vector<Entry> entries;
  for (size_t i = 0; i < lines->size(); ++i) {
    std::string where = line_text(i + 1);
    auto line = parse_log_line((*lines)[i]);
    if (!line.ok()) {
      add_problem(report, where + line.error().detail);
      prev = sha256_line_hex((*lines)[i]);
      continue;
    }
    if (line->seq != i)
      add_problem(report, where + "seq is " + std::to_string(line->seq) + ", expected " +
                              std::to_string(i) + " (a line was deleted, inserted or moved)");
    if (line->prev != prev)
      add_problem(report, where + "prev does not match the SHA-256 of the line before it (a line "
                                  "was edited, deleted, inserted or moved)");
    if (i == 0 && line->event != "created")
      add_problem(report, where + "the log does not start with the \"created\" event");
    prev = line->sha256;
    entries.push_back({std::move(line).value(), false});
  }
  const LogHead& head = state.log_head;
  if (head.seq < entries.size() && entries[head.seq].log.seq == head.seq &&
      entries[head.seq].log.sha256 == head.sha256)
    report.anchored_seq = head.seq;
  else
    add_problem(report, "keystore.json log_head (seq " + std::to_string(head.seq) + ", sha256 " +
                            head.sha256 + ") is not on the log: lines were cut from its end or "
                            "the anchored line was changed");
  // The cross-check needs an intact chain: otherwise its findings only echo the break.
  if (!report.problems.empty()) return report;
  classify(entries, head.seq, report);
  Auditor auditor(state, report);
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].abandoned) auditor.abandoned(entries[i], i + 1, i > head.seq);
    else auditor.committed(entries[i], i + 1);
  }
  auditor.finish();
  return report;
}

}  // namespace modelseal::keys
