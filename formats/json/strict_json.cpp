#include "formats/json/strict_json.hpp"
#include "formats/text/quote.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <unordered_set>
#include <utility>

namespace modelseal::formats::strict_json {
namespace {

using nlohmann::json;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Hands the text to nlohmann's lexer byte by byte and records how far it has
// read, so that SAX events can be given byte offsets.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* at, const char** read_up_to) : at_(at), read_up_to_(read_up_to) {}
  reference operator*() const { return *at_; }
  TrackingIterator& operator++() {
    *read_up_to_ = ++at_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const TrackingIterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** read_up_to_;
};

// One open object or array.
struct Frame {
  bool is_array = false;
  size_t next_index = 0;
  std::string key;  // the key whose value comes next (objects)
  std::unordered_set<std::string> seen;
  std::string path;  // where this container sits
};

class CheckingSax final : public nlohmann::json_sax<json> {
 public:
  CheckingSax(std::string_view text, const char* const& read_up_to, const JsonLimits& limits,
              size_t max_problems, JsonCheck& out)
      : text_(text), read_up_to_(read_up_to), limits_(limits), max_problems_(max_problems),
        out_(out) {}

  bool null() override { return value(last_read()); }
  bool boolean(bool) override { return value(last_read()); }
  bool number_integer(number_integer_t) override { return value(number_end()); }
  bool number_unsigned(number_unsigned_t) override { return value(number_end()); }
  bool number_float(number_float_t, const string_t&) override { return value(number_end()); }
  bool binary(binary_t&) override { return value(last_read()); }
  bool string(string_t& s) override {
    if (s.size() > limits_.max_string_bytes)
      return fatal(JsonProblemKind::kStringTooLong, string_start(),
                   "string of " + std::to_string(s.size()) + " bytes at " + where(child_path()) +
                       " exceeds the limit of " + std::to_string(limits_.max_string_bytes));
    return value(last_read());
  }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    Frame& f = stack_.back();
    const uint64_t at = string_start();
    if (k.size() > limits_.max_string_bytes)
      return fatal(JsonProblemKind::kStringTooLong, at,
                   "key of " + std::to_string(k.size()) + " bytes in " + where(f.path) +
                       " exceeds the limit of " + std::to_string(limits_.max_string_bytes));
    if (stack_.size() == 1) out_.top_level_keys[k] = at;
    if (!f.seen.insert(k).second && duplicates_ < max_problems_) {
      ++duplicates_;
      out_.problems.push_back({JsonProblemKind::kDuplicateKey, at,
                               "duplicate key " + quote(k) + (f.path.empty() ? "" : " in " + f.path)});
    }
    f.key = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: <what>; last read:
    // '<token>'" -> "<what>" (the token may be megabytes of untrusted text).
    std::string what = ex.what();
    if (const size_t colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    if (const size_t last = what.find("; last read"); last != std::string::npos) what.erase(last);
    if (what.size() > 200) what.resize(200);
    return fatal(JsonProblemKind::kNotJson, position > 0 ? position - 1 : 0,
                 "not valid JSON: " + what);
  }

 private:
  static std::string where(const std::string& path) {
    return path.empty() ? "the top level" : path;
  }
  // Offset of the last byte the lexer read.
  uint64_t last_read() const {
    const auto n = static_cast<uint64_t>(read_up_to_ - text_.data());
    return n > 0 ? n - 1 : 0;
  }
  // Offset of the last byte of the number the lexer has just read: it reads one
  // byte past a number, unless the number ends the text.
  uint64_t number_end() const {
    const uint64_t at = last_read();
    if (at == 0 || at >= text_.size()) return at;
    const bool in_number = std::string_view("0123456789+-.eE").find(text_[at]) != std::string_view::npos;
    return in_number ? at : at - 1;
  }
  // Offset of the opening quote of the string token the lexer has just read:
  // the nearest '"' before its closing quote not escaped by an odd run of '\'.
  uint64_t string_start() const {
    for (size_t i = last_read(); i-- > 0;) {
      if (text_[i] != '"') continue;
      size_t backslashes = 0;
      while (backslashes < i && text_[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return i;
    }
    return 0;
  }
  std::string child_path() {
    if (stack_.empty()) return "";
    Frame& f = stack_.back();
    return f.is_array ? item_path(f.path, f.next_index) : member_path(f.path, f.key);
  }
  bool count(uint64_t at) {
    if (++values_ <= limits_.max_values) return true;
    return fatal(JsonProblemKind::kTooManyValues, at,
                 "more than " + std::to_string(limits_.max_values) + " JSON values");
  }
  bool value(uint64_t at) {
    if (!count(at)) return false;
    if (!stack_.empty() && stack_.back().is_array) ++stack_.back().next_index;
    return true;
  }
  bool open(bool is_array) {
    if (!count(last_read())) return false;
    std::string path = child_path();
    if (stack_.size() >= limits_.max_depth)
      return fatal(JsonProblemKind::kTooDeep, last_read(),
                   "nested deeper than " + std::to_string(limits_.max_depth) + " levels at " +
                       where(path));
    if (!stack_.empty() && stack_.back().is_array) ++stack_.back().next_index;
    Frame f;
    f.is_array = is_array;
    f.path = std::move(path);
    stack_.push_back(std::move(f));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
  bool fatal(JsonProblemKind kind, uint64_t offset, std::string message) {
    out_.problems.push_back({kind, offset, std::move(message)});
    return false;
  }

  std::string_view text_;
  const char* const& read_up_to_;
  JsonLimits limits_;
  size_t max_problems_;
  JsonCheck& out_;
  size_t values_ = 0;
  size_t duplicates_ = 0;
  std::vector<Frame> stack_;
};

}  // namespace

bool is_limit(JsonProblemKind kind) {
  return kind == JsonProblemKind::kTooLarge || kind == JsonProblemKind::kTooDeep ||
         kind == JsonProblemKind::kTooManyValues || kind == JsonProblemKind::kStringTooLong;
}

bool JsonCheck::has_fatal_problem() const {
  return std::any_of(problems.begin(), problems.end(),
                     [](const JsonProblem& p) { return p.kind != JsonProblemKind::kDuplicateKey; });
}

JsonCheck check_json(std::string_view text, const JsonLimits& limits, size_t max_problems) {
  JsonCheck out;
  try {
    if (text.size() > limits.max_bytes) {
      out.problems.push_back({JsonProblemKind::kTooLarge, limits.max_bytes,
                              std::to_string(text.size()) + " bytes exceed the limit of " +
                                  std::to_string(limits.max_bytes)});
      return out;
    }
    if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
      out.problems.push_back({JsonProblemKind::kNotJson, 0, "starts with a byte-order mark"});
      return out;
    }
    const char* read_up_to = text.data();
    CheckingSax sax(text, read_up_to, limits, max_problems, out);
    json::sax_parse(TrackingIterator(text.data(), &read_up_to),
                    TrackingIterator(text.data() + text.size(), &read_up_to), &sax,
                    json::input_format_t::json, /*strict=*/true);
  } catch (const std::exception& e) {  // allocation failure, never a parse error
    out.problems.push_back(
        {JsonProblemKind::kParserFailed, 0, std::string("JSON parser failed: ") + e.what()});
  }
  return out;
}

StrictJson parse_strict_json(std::string_view text, const JsonLimits& limits) {
  JsonCheck check = check_json(text, limits, 1);
  if (!check.problems.empty()) return {nullptr, std::move(check.problems.front())};
  try {
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded())  // the check above accepted it: a parser disagreement
      return {nullptr, JsonProblem{JsonProblemKind::kNotJson, 0, "not valid JSON"}};
    return {std::move(doc), std::nullopt};
  } catch (const std::exception& e) {
    return {nullptr, JsonProblem{JsonProblemKind::kParserFailed, 0,
                                 std::string("JSON parser failed: ") + e.what()}};
  }
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string dump(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace modelseal::formats::strict_json
