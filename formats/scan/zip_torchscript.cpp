// TorchScript archives (torch.jit.save): which member is what, the review
// finding for the code, and a token scan of the code for operator and class
// namespaces that do not come with libtorch. Layout (torch/csrc/jit/serialization/
// export_module.cpp): <dir>/data.pkl, <dir>/constants.pkl, <dir>/code/**.py and
// .py.debug_pkl, <dir>/data/<n>, <dir>/constants/<n>, <dir>/version,
// [<dir>/byteorder], [<dir>/.data/...], [<dir>/extra/...], [<dir>/bytecode.pkl].
#include <set>
#include <string>

#include "formats/scan/pickle_allow.hpp"
#include "formats/scan/zip_scan_internal.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::zip_scan_detail {
namespace {

constexpr size_t kListedCodeFiles = 5;

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The identifiers and dots of Python source, skipping whitespace, comments,
// line continuations and string literals (whose content is no name).
class Tokens {
 public:
  explicit Tokens(std::string_view text) : s_(text) {}
  // The next identifier or "."; other punctuation as "" (breaks a dotted name); false at the end.
  bool next(std::string_view& tok) {
    for (;;) {
      while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' ||
                                  s_[pos_] == '\r' || s_[pos_] == '\\' || s_[pos_] == '\f'))
        ++pos_;
      if (pos_ >= s_.size()) return false;
      const char c = s_[pos_];
      if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
        continue;
      }
      if (c == '"' || c == '\'') {
        skip_string(c);
        tok = "";
        return true;
      }
      if (c == '.') {
        tok = s_.substr(pos_++, 1);
        return true;
      }
      if (ident_char(c)) {
        const size_t start = pos_;
        while (pos_ < s_.size() && ident_char(s_[pos_])) ++pos_;
        tok = s_.substr(start, pos_ - start);
        return true;
      }
      ++pos_;
      tok = "";
      return true;
    }
  }
  size_t pos() const { return pos_; }

 private:
  void skip_string(char q) {
    const bool triple = s_.substr(pos_, 3) == std::string(3, q);
    pos_ += triple ? 3 : 1;
    while (pos_ < s_.size()) {
      if (s_[pos_] == '\\') {
        pos_ += 2;
        continue;
      }
      if (!triple && s_[pos_] == '\n') return;
      if (s_[pos_] == q && (!triple || s_.substr(pos_, 3) == std::string(3, q))) {
        pos_ += triple ? 3 : 1;
        return;
      }
      ++pos_;
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

bool is_torchscript_layout(const std::vector<zip::Entry>& entries, std::string_view dir) {
  for (const zip::Entry& e : entries) {
    auto parts = split_top(e.name);
    if (parts && parts->first == dir &&
        (parts->second == "constants.pkl" || parts->second.starts_with("code/")))
      return true;
  }
  return false;
}

std::optional<MemberRole> torchscript_role(std::string_view rest) {
  if (rest == "data.pkl" || rest == "constants.pkl" || rest == "bytecode.pkl")
    return MemberRole::kTorchScriptPickle;
  if (rest.starts_with("code/")) {
    if (rest.ends_with(".py.debug_pkl")) return MemberRole::kTorchScriptPickle;
    if (rest.ends_with(".py")) return MemberRole::kTorchScriptCode;
    if (rest.ends_with("/")) return MemberRole::kByContent;  // a folder entry
    return std::nullopt;
  }
  if (rest.starts_with("constants/") && rest.size() > 10 && rest.find('/', 10) == std::string_view::npos)
    return MemberRole::kRawBytes;
  if (is_torch_raw_member(rest)) return MemberRole::kRawBytes;
  if (rest.starts_with("extra/")) return MemberRole::kByContent;
  return std::nullopt;
}

void report_torchscript_code(const std::vector<zip::Entry>& entries, std::string_view dir,
                             FindingsSink& sink) {
  size_t files = 0;
  uint64_t bytes = 0;
  std::string names;
  uint64_t first_offset = 0;
  for (const zip::Entry& e : entries) {
    auto parts = split_top(e.name);
    if (!parts || parts->first != dir || e.is_folder()) continue;
    if (torchscript_role(parts->second) != MemberRole::kTorchScriptCode) continue;
    if (files == 0) first_offset = e.header_offset;
    if (files < kListedCodeFiles) names += std::string(files ? ", " : "") + "'" + printable_name(e.name) + "'";
    ++files;
    bytes += e.uncompressed_size;
  }
  if (files == 0) return;
  if (files > kListedCodeFiles) names += ", ...";
  sink.add("torchscript.code", Severity::kWarning, first_offset,
           std::to_string(files) + " TorchScript source file(s), " + std::to_string(bytes) +
               " bytes, which torch.jit.load compiles and runs: " + names);
}

ScanReport scan_torchscript_code(std::string_view code, std::string_view label) {
  ScanReport report;
  report.format = "torchscript-code";
  FindingsSink sink = zip_findings_sink(report, label);
  Tokens tokens(code);
  std::set<std::string, std::less<>> reported;
  // The last five tokens, newest last: "[torch .] ops . <ns>", "torch . classes . <ns>".
  std::string_view w[5] = {"", "", "", "", ""};
  std::string_view tok;
  while (tokens.next(tok) && !sink.full()) {
    for (size_t i = 0; i < 4; ++i) w[i] = w[i + 1];
    w[4] = tok;
    // torch.from_file / ops.aten.from_file: the one libtorch operator that reads a file by name.
    if (tok == "from_file" && w[3] == "." && (w[2] == "torch" || (w[2] == "aten" && w[1] == "." && w[0] == "ops"))) {
      if (reported.insert("torchscript.file_access").second)
        sink.add("torchscript.file_access", Severity::kError, tokens.pos() - tok.size(),
                 "calls from_file, which reads a file named by the code into a tensor");
      continue;
    }
    if (tok.empty() || tok == "." || w[3] != "." || (w[2] != "ops" && w[2] != "classes")) continue;
    const bool op = w[2] == "ops";
    const bool after_torch = w[1] == "." && w[0] == "torch";
    // torch.ops.<ns> or a bare ops.<ns> (how serialized code names operators);
    // torch.classes.<ns> (also within __torch__.torch.classes.<ns>). x.ops.<ns>: an attribute.
    if (op ? (w[1] == "." && !after_torch) : !after_torch) continue;
    if (pickle_detail::torchscript_builtin_namespace(tok)) continue;
    const std::string id = op ? "torchscript.custom_op" : "torchscript.custom_class";
    if (!reported.insert(id + ":" + std::string(tok)).second) continue;
    sink.add(id, Severity::kError, tokens.pos() - tok.size(),
             std::string(op ? "calls operators of the namespace '" : "uses custom classes of the namespace '") +
                 printable_name(tok) + "' (" + (op ? "torch.ops." : "torch.classes.") +
                 printable_name(tok) + "), which libtorch does not provide: they come from a shared "
                 "library the loading process has loaded");
  }
  return report;
}

}  // namespace modelseal::formats::zip_scan_detail
