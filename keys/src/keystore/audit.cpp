// `keystore audit`: the hash chain of log.jsonl, checked line by line, and the
// state's log_head located on it. Needs no credentials.
#include "keystore/event_log.hpp"
#include "keystore/keystore_support.hpp"
#include "keystore/state.hpp"

namespace modelseal::keys {
namespace {

constexpr size_t kMaxProblemsReported = 100;
const std::string kZeroHash(64, '0');

std::string describe(const LogLine& line) {
  std::string text = "seq " + std::to_string(line.seq) + " " + line.event + " at " + line.time;
  if (line.details.contains("key_id") && line.details["key_id"].is_string())
    text += " (" + line.details["key_id"].get<std::string>() + ")";
  return text;
}

void add_problem(AuditReport& report, std::string problem) {
  if (report.problems.size() < kMaxProblemsReported) report.problems.push_back(std::move(problem));
}

}  // namespace

Result<AuditReport> audit_keystore(const std::filesystem::path& dir) {
  MS_ASSIGN_OR_RETURN(KeystoreState state, read_state(dir));
  AuditReport report;
  auto lines = read_log_lines(dir);
  if (!lines.ok()) {
    if (lines.error().code == ErrorCode::kNotFound) add_problem(report, "log.jsonl is missing");
    else if (lines.error().code == ErrorCode::kCorrupt) add_problem(report, lines.error().detail);
    else return lines.error();
    return report;
  }
  report.entries = lines->size();
  std::string prev = kZeroHash;
  std::vector<LogLine> parsed;
  for (size_t i = 0; i < lines->size(); ++i) {
    std::string where = "log.jsonl line " + std::to_string(i + 1) + ": ";
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
    parsed.push_back(std::move(line).value());
  }
  const LogHead& head = state.log_head;
  bool anchored = false;
  for (const LogLine& line : parsed) {
    if (line.seq == head.seq && line.sha256 == head.sha256) {
      anchored = true;
      report.anchored_seq = line.seq;
    } else if (anchored) {
      report.unanchored.push_back(describe(line));
    }
  }
  if (!anchored)
    add_problem(report, "keystore.json log_head (seq " + std::to_string(head.seq) + ", sha256 " +
                            head.sha256 + ") is not on the log: lines were cut from its end or "
                            "the anchored line was changed");
  return report;
}

}  // namespace modelseal::keys
