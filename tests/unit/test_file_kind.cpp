// formats/kind: what a file named on the command line is, from its first bytes.
#include <doctest/doctest.h>

#include <string>

#include "formats/kind/file_kind.hpp"

using namespace modelseal::formats;

namespace {
FileKind kind(const std::string& head) {
  return sniff_file_kind({reinterpret_cast<const uint8_t*>(head.data()), head.size()});
}
}  // namespace

TEST_CASE("file kinds from their first bytes") {
  CHECK(kind(std::string("\x28\xb5\x2f\xfd", 4) + "rest") == FileKind::kBundle);
  std::string tar(512, '\0');
  tar.replace(257, 5, "ustar");
  CHECK(kind(tar) == FileKind::kBundle);
  CHECK(kind("modelseal.sealed/v1\n" + std::string(8, '\0')) == FileKind::kSealedBundle);
  CHECK(kind("  \n{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\"}") == FileKind::kJson);
  CHECK(kind("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n") == FileKind::kPemPublicKey);
  for (const char* label : {"PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"})
    CHECK(kind(std::string("-----BEGIN ") + label + "-----\nAAAA\n") == FileKind::kPemPrivateKey);
  CHECK(kind("-----BEGIN CERTIFICATE-----\nMIIB\n") == FileKind::kPemCertificate);
  CHECK(kind("-----BEGIN X509 CRL-----\n") == FileKind::kPemOther);
  CHECK(file_kind_name(FileKind::kPemPrivateKey) == "a PEM private key");
}

TEST_CASE("file kinds: what is none of them stays unknown") {
  CHECK(kind("") == FileKind::kUnknown);
  CHECK(kind("name = \"model\"\n") == FileKind::kUnknown);
  CHECK(kind(std::string("\x28\xb5\x2f", 3)) == FileKind::kUnknown);          // truncated magic
  CHECK(kind("-----BEGIN PUBLIC KEY") == FileKind::kPemPublicKey);  // cut: named by its label, the PEM reader refuses it
  CHECK(kind(std::string(2000, 'x') + "-----BEGIN PUBLIC KEY-----") == FileKind::kUnknown);  // past the head
  CHECK(file_kind_name(FileKind::kUnknown).empty());
}
