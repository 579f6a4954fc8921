// What a file named on the command line is, from its first bytes, so that a
// key, signature, certificate or bundle given in another's place is named as
// what it is ("release.key is a PEM private key") instead of failing to parse
// with a parser's error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal::formats {

enum class FileKind {
  kUnknown,
  kBundle,          // zstd frame or plain tar: a .mbundle
  kSealedBundle,    // "modelseal.sealed/v2" (or v1)
  kJson,            // a JSON object: a signature, Sigstore bundle, disposal record...
  kPemPublicKey,
  kPemPrivateKey,   // any "... PRIVATE KEY" block, encrypted or not
  kPemCertificate,
  kPemOther,
};

// How many first bytes sniff_file_kind looks at.
inline constexpr size_t kFileKindHeadBytes = 1024;

FileKind sniff_file_kind(std::span<const uint8_t> head);

// The first kFileKindHeadBytes bytes of a regular file (fewer when it is shorter).
Result<std::string> read_file_head(const std::string& path);

// The kind of a regular file from its first bytes (links followed; a folder,
// FIFO or device is an error of open_file_source).
Result<FileKind> sniff_file(const std::string& path);

// "a bundle (.mbundle)", "a PEM private key", ...; "" for kUnknown.
std::string_view file_kind_name(FileKind kind);

}  // namespace modelseal::formats
