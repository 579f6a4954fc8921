// Parsing of signed notes and checkpoint text (grammar in checkpoint.hpp).
#include <charconv>
#include <string>
#include <system_error>

#include "formats/sigstore/base64.hpp"
#include "formats/text/quote.hpp"
#include "formats/text/utf8.hpp"
#include "transparency/checkpoint.hpp"

namespace modelseal::keys {

namespace {

constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr std::string_view kBlankLineSeparator = "\n\n";

Error corrupt_note(std::string_view what) {
  return make_error(ErrorCode::kCorrupt, "signed note: " + std::string(what));
}

// Valid UTF-8 and no control characters other than LF.
bool is_clean_text(std::string_view text) {
  if (!formats::utf8::valid(text)) return false;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && b != '\n') || b == 0x7f) return false;
  }
  return true;
}

bool is_valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7f || c == '+') return false;
  }
  return formats::utf8::valid(name);
}

// Splits off the next LF-terminated line of `rest`; false when none is left.
bool next_line(std::string_view& rest, std::string_view& line) {
  const size_t end = rest.find('\n');
  if (end == std::string_view::npos) return false;
  line = rest.substr(0, end);
  rest.remove_prefix(end + 1);
  return true;
}

Result<NoteSignature> parse_signature_line(std::string_view line) {
  if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix)
    return corrupt_note("signature line does not start with an em dash and a space: " +
                   formats::quote(line.substr(0, 64)));
  line.remove_prefix(kSignaturePrefix.size());
  const size_t space = line.rfind(' ');
  if (space == std::string_view::npos) return corrupt_note("signature line has no signature");
  NoteSignature sig;
  sig.name = std::string(line.substr(0, space));
  if (!is_valid_name(sig.name)) return corrupt_note("invalid key name " + formats::quote(sig.name));
  auto decoded = formats::base64_decode(line.substr(space + 1));
  if (!decoded.ok()) return corrupt_note("signature of " + formats::quote(sig.name) + ": " +
                                    decoded.error().detail);
  if (decoded->size() <= kNoteKeyIdBytes)
    return corrupt_note("signature of " + formats::quote(sig.name) + " is only " +
                   std::to_string(decoded->size()) + " bytes");
  for (size_t i = 0; i < kNoteKeyIdBytes; ++i) sig.key_id[i] = (*decoded)[i];
  sig.signature.assign(decoded->begin() + kNoteKeyIdBytes, decoded->end());
  return sig;
}

Result<uint64_t> parse_tree_size(std::string_view line) {
  const bool canonical = !line.empty() && (line == "0" || line[0] != '0');
  uint64_t size = 0;
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size);
  if (!canonical || ec != std::errc() || end != line.data() + line.size())
    return corrupt_note("tree size " + formats::quote(line.substr(0, 64)) +
                   " is not a decimal number below 2^64 without leading zeros");
  return size;
}

}  // namespace

Result<SignedNote> parse_signed_note(std::string_view note) {
  if (note.size() > kMaxSignedNoteBytes)
    return make_error(ErrorCode::kLimitExceeded,
                      "signed note: " + std::to_string(note.size()) + " bytes, more than " +
                          std::to_string(kMaxSignedNoteBytes));
  if (!is_clean_text(note)) return corrupt_note("not UTF-8 text without control characters");
  const size_t split = note.rfind(kBlankLineSeparator);
  if (split == std::string_view::npos) return corrupt_note("no blank line before the signatures");
  SignedNote parsed;
  parsed.text = std::string(note.substr(0, split + 1));
  std::string_view rest = note.substr(split + kBlankLineSeparator.size());
  if (rest.empty()) return corrupt_note("no signature lines");
  if (rest.back() != '\n') return corrupt_note("last signature line does not end with a newline");
  std::string_view line;
  while (next_line(rest, line)) {
    if (parsed.signatures.size() == kMaxNoteSignatures)
      return make_error(ErrorCode::kLimitExceeded, "signed note: more than " +
                                                       std::to_string(kMaxNoteSignatures) +
                                                       " signature lines");
    MS_ASSIGN_OR_RETURN(NoteSignature sig, parse_signature_line(line));
    parsed.signatures.push_back(std::move(sig));
  }
  return parsed;
}

Result<Checkpoint> parse_checkpoint_text(std::string_view text) {
  if (text.size() > kMaxSignedNoteBytes)
    return make_error(ErrorCode::kLimitExceeded, "checkpoint: text longer than " +
                                                     std::to_string(kMaxSignedNoteBytes));
  if (!is_clean_text(text)) return corrupt_note("checkpoint is not UTF-8 text without controls");
  std::string_view rest = text;
  std::string_view origin, size_line, hash_line;
  if (!next_line(rest, origin) || !next_line(rest, size_line) || !next_line(rest, hash_line))
    return corrupt_note("checkpoint needs origin, tree size and root hash lines");
  if (origin.empty()) return corrupt_note("checkpoint origin is empty");
  Checkpoint checkpoint;
  checkpoint.origin = std::string(origin);
  MS_ASSIGN_OR_RETURN(checkpoint.size, parse_tree_size(size_line));
  auto root = formats::base64_decode(hash_line);
  if (!root.ok()) return corrupt_note("checkpoint root hash: " + root.error().detail);
  if (root->size() != checkpoint.root_hash.bytes.size())
    return corrupt_note("checkpoint root hash is " + std::to_string(root->size()) +
                   " bytes, not 32");
  for (size_t i = 0; i < root->size(); ++i) checkpoint.root_hash.bytes[i] = (*root)[i];
  std::string_view extension;
  while (next_line(rest, extension)) {
    if (extension.empty()) return corrupt_note("checkpoint has an empty extension line");
    if (checkpoint.extensions.size() == kMaxCheckpointExtensions)
      return make_error(ErrorCode::kLimitExceeded, "checkpoint: more than " +
                                                       std::to_string(kMaxCheckpointExtensions) +
                                                       " extension lines");
    checkpoint.extensions.emplace_back(extension);
  }
  if (!rest.empty()) return corrupt_note("checkpoint text does not end with a newline");
  return checkpoint;
}

}  // namespace modelseal::keys
