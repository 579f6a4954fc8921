#include "formats/kind/file_kind.hpp"

#include <algorithm>
#include <array>

#include "formats/scan/scan.hpp"
#include "formats/sealed/sealed_header.hpp"

namespace modelseal::formats {
namespace {

std::string_view as_text(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

FileKind pem_kind(std::string_view text) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  const size_t begin = text.find(kBegin);
  if (begin == std::string_view::npos) return FileKind::kUnknown;
  const std::string_view rest = text.substr(begin + kBegin.size());
  const std::string_view label = rest.substr(0, rest.find("-----"));
  if (label == "PUBLIC KEY" || label == "RSA PUBLIC KEY") return FileKind::kPemPublicKey;
  if (label.ends_with("PRIVATE KEY")) return FileKind::kPemPrivateKey;
  if (label == "CERTIFICATE" || label == "TRUSTED CERTIFICATE") return FileKind::kPemCertificate;
  return FileKind::kPemOther;
}

}  // namespace

FileKind sniff_file_kind(std::span<const uint8_t> head) {
  head = head.first(std::min(head.size(), kFileKindHeadBytes));
  constexpr std::array<uint8_t, 4> kZstdMagic{0x28, 0xb5, 0x2f, 0xfd};
  if (head.size() >= 4 && std::equal(kZstdMagic.begin(), kZstdMagic.end(), head.begin())) return FileKind::kBundle;
  if (has_sealed_magic(head)) return FileKind::kSealedBundle;
  if (head.size() >= 263 && as_text(head.subspan(257, 5)) == "ustar") return FileKind::kBundle;
  const std::string_view text = as_text(head);
  size_t first = 0;
  while (first < text.size() && is_space(text[first])) ++first;
  if (first < text.size() && text[first] == '{') return FileKind::kJson;
  return pem_kind(text);
}

Result<std::string> read_file_head(const std::string& path) {
  MS_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, open_file_source(path));
  std::string head(static_cast<size_t>(std::min<uint64_t>(source->size(), kFileKindHeadBytes)), '\0');
  MS_ASSIGN_OR_RETURN(size_t got, source->read_at(0, {reinterpret_cast<uint8_t*>(head.data()), head.size()}));
  head.resize(got);
  return head;
}

Result<FileKind> sniff_file(const std::string& path) {
  MS_ASSIGN_OR_RETURN(std::string head, read_file_head(path));
  return sniff_file_kind({reinterpret_cast<const uint8_t*>(head.data()), head.size()});
}

std::string_view file_kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::kUnknown: return "";
    case FileKind::kBundle: return "a bundle (.mbundle)";
    case FileKind::kSealedBundle: return "a sealed bundle";
    case FileKind::kJson: return "a JSON document (a signature, Sigstore bundle or record)";
    case FileKind::kPemPublicKey: return "a PEM public key";
    case FileKind::kPemPrivateKey: return "a PEM private key";
    case FileKind::kPemCertificate: return "a PEM certificate";
    case FileKind::kPemOther: return "a PEM file";
  }
  return "";
}

}  // namespace modelseal::formats
