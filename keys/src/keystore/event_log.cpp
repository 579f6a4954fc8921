#include "keystore/event_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/json/strict_json.hpp"
#include "base/file_io.hpp"
#include "keystore/keystore_support.hpp"
#include "modelseal/digest.hpp"

namespace modelseal::keys {
namespace {

using nlohmann::json;

constexpr formats::strict_json::JsonLimits kLineLimits{kMaxLogLineBytes, 6, 1000, kMaxTextField};

Error corrupt_log(std::string detail) {
  return make_error(ErrorCode::kCorrupt, "log.jsonl: " + std::move(detail));
}

Result<std::string> canonical(const json& value) {
  try {
    return value.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception&) {
    return make_error(ErrorCode::kInvalidArgument, "log event holds text that is not valid UTF-8");
  }
}

}  // namespace

std::string sha256_line_hex(std::string_view line) {
  std::string bytes(line);
  bytes.push_back('\n');
  auto digest = sha256_of(bytes_of(bytes));
  return digest.ok() ? digest->hex() : std::string();
}

Result<std::vector<std::string>> read_log_lines(const std::filesystem::path& dir) {
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(log_path(dir), kMaxLogBytes, fs::Links::kRefuse));
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos)
      return corrupt_log("the last line is not terminated (a torn write?)");
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Result<LogLine> parse_log_line(std::string_view line) {
  auto parsed = formats::strict_json::parse_strict_json(line, kLineLimits);
  if (parsed.problem) return corrupt_log("not JSON: " + parsed.problem->message);
  const json& doc = parsed.document;
  if (!doc.is_object() || doc.size() != 5 || !doc.contains("details") || !doc.contains("event") ||
      !doc.contains("prev") || !doc.contains("seq") || !doc.contains("time"))
    return corrupt_log("an event needs exactly details, event, prev, seq and time");
  if (!doc["details"].is_object() || !doc["event"].is_string() || !doc["prev"].is_string() ||
      !doc["seq"].is_number_unsigned() || !doc["time"].is_string())
    return corrupt_log("an event field has the wrong type");
  LogLine out;
  out.seq = doc["seq"].get<uint64_t>();
  out.event = doc["event"].get<std::string>();
  out.prev = doc["prev"].get<std::string>();
  out.time = doc["time"].get<std::string>();
  out.details = doc["details"];
  if (!is_lower_hex(out.prev, 64)) return corrupt_log("prev is not 64 hex");
  if (!is_rfc3339_utc(out.time)) return corrupt_log("time is not RFC 3339 UTC");
  MS_ASSIGN_OR_RETURN(std::string again, canonical(doc));
  if (again != line) return corrupt_log("not in canonical form");
  out.sha256 = sha256_line_hex(line);
  return out;
}

namespace {

Result<LogHead> write_event(const std::filesystem::path& dir, uint64_t seq, const std::string& prev,
                            std::string_view event, const json& details, bool create) {
  json line_json = {{"details", details}, {"event", event}, {"prev", prev}, {"seq", seq},
                    {"time", now_rfc3339()}};
  MS_ASSIGN_OR_RETURN(std::string line, canonical(line_json));
  if (line.size() > kMaxLogLineBytes)
    return make_error(ErrorCode::kLimitExceeded, "log event longer than " +
                                                     std::to_string(kMaxLogLineBytes) + " bytes");
  std::string hash = sha256_line_hex(line);
  line.push_back('\n');
  int flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
              (create ? O_CREAT | O_EXCL : 0);
  int raw = ::open(log_path(dir).c_str(), flags, 0600);
  if (raw < 0) return fs::errno_error(log_path(dir), "open for appending", errno);
  fs::UniqueFd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return make_error(ErrorCode::kCorrupt, log_path(dir).string() + ": not a regular file");
  MS_TRY(fs::write_all(fd.get(), bytes_of(line), log_path(dir)));
  if (::fsync(fd.get()) != 0) return fs::errno_error(log_path(dir), "fsync", errno);
  return LogHead{seq, hash};
}

}  // namespace

Result<LogHead> start_log(const std::filesystem::path& dir, std::string_view event,
                          const json& details) {
  return write_event(dir, 0, kZeroHash, event, details, /*create=*/true);
}

Result<LogLine> check_appendable(const std::filesystem::path& dir, const LogHead& anchored) {
  auto lines = read_log_lines(dir);
  if (!lines.ok()) {
    if (lines.error().code != ErrorCode::kNotFound) return lines.error();
    return make_error(ErrorCode::kTampered,
                      dir.string() + ": log.jsonl is missing (hint: modelseal keystore audit)");
  }
  if (anchored.seq >= lines->size() || sha256_line_hex((*lines)[anchored.seq]) != anchored.sha256)
    return make_error(ErrorCode::kTampered,
                      dir.string() + ": log.jsonl no longer holds the line keystore.json anchors "
                                     "(seq " + std::to_string(anchored.seq) +
                          "): it was cut or edited (hint: modelseal keystore audit)");
  MS_ASSIGN_OR_RETURN(LogLine last, parse_log_line(lines->back()));
  if (last.seq != lines->size() - 1)
    return make_error(ErrorCode::kTampered, dir.string() + ": the last line of log.jsonl has seq " +
                                                std::to_string(last.seq) + " on line " +
                                                std::to_string(lines->size()) +
                                                " (hint: modelseal keystore audit)");
  return last;
}

Result<LogHead> append_event(const std::filesystem::path& dir, const LogHead& anchored,
                             std::string_view event, const json& details) {
  MS_ASSIGN_OR_RETURN(LogLine last, check_appendable(dir, anchored));
  if (last.seq > anchored.seq) {
    // The lines after the anchor were logged by operations that never committed their state:
    // say so before this event, so the audit tells them from committed ones (§2.3).
    MS_ASSIGN_OR_RETURN(LogHead marker,
                        write_event(dir, last.seq + 1, last.sha256, "interrupted",
                                    {{"first_seq", anchored.seq + 1}, {"last_seq", last.seq}},
                                    /*create=*/false));
    return write_event(dir, marker.seq + 1, marker.sha256, event, details, /*create=*/false);
  }
  return write_event(dir, last.seq + 1, last.sha256, event, details, /*create=*/false);
}

}  // namespace modelseal::keys
