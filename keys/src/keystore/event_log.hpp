// log.jsonl (specs/sealed-bundle-v1.md §2.3): one canonical JSON object per line,
//
//   {"details":{...},"event":"<name>","prev":"<sha256 hex of the previous line>","seq":<n>,
//    "time":"<RFC 3339 UTC>"}
//
// appended (and fsynced) before the state that anchors it in log_head.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "state.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

inline constexpr uint64_t kMaxLogBytes = 64 << 20;
inline constexpr size_t kMaxLogLineBytes = 64 << 10;
// The "prev" of the first line.
inline const std::string kZeroHash(64, '0');

struct LogLine {
  uint64_t seq = 0;
  std::string event, time, prev;
  nlohmann::json details;
  std::string sha256;  // of the line's bytes and "\n"
};

// Starts the log of a new keystore with its first event (seq 0).
Result<LogHead> start_log(const std::filesystem::path& dir, std::string_view event,
                          const nlohmann::json& details);
// What append_event checks before it writes: the log holds `anchored` on its
// line, and its last line is complete and well-formed. Returns that last line.
Result<LogLine> check_appendable(const std::filesystem::path& dir, const LogHead& anchored);
// Appends one event after the file's last line and returns the new head. The
// log must hold `anchored` (the state's log_head) on its line: kTampered when
// it was cut or edited, so no append ever hides that. Lines after the anchored
// one (operations that never committed) are first named by an "interrupted" event.
Result<LogHead> append_event(const std::filesystem::path& dir, const LogHead& anchored,
                             std::string_view event, const nlohmann::json& details);

// The raw lines of the log (each without its "\n"); kCorrupt when the last is unterminated.
Result<std::vector<std::string>> read_log_lines(const std::filesystem::path& dir);

// Parses one line strictly (exact keys, canonical form); kCorrupt with the reason.
Result<LogLine> parse_log_line(std::string_view line);

std::string sha256_line_hex(std::string_view line);  // SHA-256 of line || "\n"

}  // namespace modelseal::keys
