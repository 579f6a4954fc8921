#include "formats/scan/npy_header.hpp"

#include <algorithm>
#include <cctype>

namespace modelseal::formats::npy_detail {
namespace {

// A bounds-checked cursor over the header text; every failure names its offset.
class Parser {
 public:
  Parser(std::string_view text, size_t max_rank) : t_(text), max_rank_(max_rank) {}

  std::optional<HeaderProblem> run(NpyHeader& out) {
    skip_space();
    if (!eat('{')) return fail("npy.header_syntax", "the header is not a dict literal");
    for (;;) {
      skip_space();
      if (eat('}')) break;
      const size_t key_at = p_;
      std::string key;
      if (!string(key)) return problem_;
      skip_space();
      if (!eat(':')) return fail("npy.header_syntax", "expected ':' after a key");
      skip_space();
      if (auto bad = value(key, key_at, out)) return bad;
      skip_space();
      if (eat('}')) break;
      if (!eat(',')) return fail("npy.header_syntax", "expected ',' or '}'");
    }
    skip_space();
    if (p_ != t_.size()) return fail("npy.header_syntax", "unexpected bytes after the dict");
    return std::nullopt;
  }

 private:
  std::optional<HeaderProblem> value(const std::string& key, size_t key_at, NpyHeader& out) {
    const bool seen = (key == "descr" && out.descr) ||
                      (key == "fortran_order" && out.fortran_order) || (key == "shape" && out.shape);
    if (seen) return HeaderProblem{"npy.duplicate_key", key_at, "duplicate key '" + key + "'"};
    if (key == "descr") {
      if (p_ < t_.size() && t_[p_] == '[') {
        const bool object = t_.find('O', p_) != std::string_view::npos;
        return fail(object ? "npy.object_dtype" : "npy.unsupported_descr",
                    "structured descr (a list of fields) is not supported");
      }
      std::string s;
      if (!string(s)) return problem_;
      out.descr = std::move(s);
    } else if (key == "fortran_order") {
      if (t_.substr(p_, 4) == "True") {
        out.fortran_order = true;
        p_ += 4;
      } else if (t_.substr(p_, 5) == "False") {
        out.fortran_order = false;
        p_ += 5;
      } else {
        return fail("npy.header_syntax", "fortran_order is not True or False");
      }
    } else if (key == "shape") {
      std::vector<uint64_t> dims;
      if (!tuple(dims)) return problem_;
      out.shape = std::move(dims);
    } else {
      return HeaderProblem{"npy.unknown_key", key_at, "unknown key '" + key.substr(0, 64) + "'"};
    }
    return std::nullopt;
  }

  bool string(std::string& out) {
    if (p_ >= t_.size() || (t_[p_] != '\'' && t_[p_] != '"'))
      return failed("npy.header_syntax", "expected a quoted string");
    const char quote = t_[p_++];
    const size_t end = t_.find(quote, p_);
    if (end == std::string_view::npos) return failed("npy.header_syntax", "unterminated string");
    const std::string_view body = t_.substr(p_, end - p_);
    if (body.find_first_of("\\\n") != std::string_view::npos)
      return failed("npy.header_syntax", "escapes and line breaks in strings are not supported");
    out.assign(body);
    p_ = end + 1;
    return true;
  }

  bool tuple(std::vector<uint64_t>& dims) {
    if (!eat('(')) return failed("npy.invalid_shape", "shape is not a tuple");
    skip_space();
    while (!eat(')')) {
      if (dims.size() >= max_rank_)
        return failed("npy.invalid_shape", "shape has more than " + std::to_string(max_rank_) +
                                               " dimensions");
      if (p_ >= t_.size() || t_[p_] < '0' || t_[p_] > '9')
        return failed("npy.invalid_shape", "shape holds something other than a non-negative integer");
      uint64_t v = 0;
      while (p_ < t_.size() && t_[p_] >= '0' && t_[p_] <= '9') {
        const auto digit = static_cast<uint64_t>(t_[p_++] - '0');
        if (__builtin_mul_overflow(v, uint64_t{10}, &v) || __builtin_add_overflow(v, digit, &v))
          return failed("npy.size_overflow", "a dimension overflows 64 bits");
      }
      if (p_ < t_.size() && t_[p_] == 'L') ++p_;  // Python 2 long literal
      dims.push_back(v);
      skip_space();
      if (eat(',')) {
        skip_space();
      } else if (p_ >= t_.size() || t_[p_] != ')') {
        return failed("npy.invalid_shape", "expected ',' or ')' in shape");
      }
    }
    return true;
  }

  void skip_space() {
    while (p_ < t_.size() && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r'))
      ++p_;
  }
  bool eat(char c) {
    if (p_ >= t_.size() || t_[p_] != c) return false;
    ++p_;
    return true;
  }
  bool failed(std::string id, std::string message) {
    problem_ = HeaderProblem{std::move(id), p_, std::move(message)};
    return false;
  }
  std::optional<HeaderProblem> fail(std::string id, std::string message) {
    failed(std::move(id), std::move(message));
    return problem_;
  }

  std::string_view t_;
  size_t max_rank_;
  size_t p_ = 0;
  std::optional<HeaderProblem> problem_;
};

bool one_of(uint64_t n, std::initializer_list<uint64_t> allowed) {
  return std::find(allowed.begin(), allowed.end(), n) != allowed.end();
}

}  // namespace

std::optional<HeaderProblem> parse_header(std::string_view text, size_t max_rank, NpyHeader& out) {
  return Parser(text, max_rank).run(out);
}

Descr parse_descr(std::string_view s) {
  if (s.find('O') != std::string_view::npos) return {DescrKind::kObject, 0};
  if (!s.empty() && (s[0] == '<' || s[0] == '>' || s[0] == '|' || s[0] == '=')) s.remove_prefix(1);
  if (s == "?") return {DescrKind::kOk, 1};
  if (s.empty() || s.size() > 16) return {};
  const char kind = s[0];
  std::string_view rest = s.substr(1);
  if (kind == 'M' || kind == 'm') {
    const bool unit = rest.size() > 3 && rest.substr(0, 2) == "8[" && rest.back() == ']' &&
                      std::all_of(rest.begin() + 2, rest.end() - 1,
                                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
    return rest == "8" || unit ? Descr{DescrKind::kOk, 8} : Descr{};
  }
  if (rest.empty() || rest.size() > 9 ||
      !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {};
  uint64_t n = 0;
  for (const char c : rest) n = n * 10 + static_cast<uint64_t>(c - '0');
  switch (kind) {
    case 'b': return n == 1 ? Descr{DescrKind::kOk, 1} : Descr{};
    case 'i':
    case 'u': return one_of(n, {1, 2, 4, 8}) ? Descr{DescrKind::kOk, n} : Descr{};
    case 'f': return one_of(n, {2, 4, 8, 12, 16}) ? Descr{DescrKind::kOk, n} : Descr{};
    case 'c': return one_of(n, {8, 16, 24, 32}) ? Descr{DescrKind::kOk, n} : Descr{};
    case 'S':
    case 'a':
    case 'V': return {DescrKind::kOk, n};
    case 'U': return {DescrKind::kOk, n * 4};
    default: return {};
  }
}

}  // namespace modelseal::formats::npy_detail
