// Helpers shared by the key and certificate tests: byte conversions, the OMS
// test vectors in ../shared, and running the `openssl` command.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "modelseal/keys.hpp"
#include "modelseal/secret.hpp"

namespace keys_test {

inline std::vector<uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

inline modelseal::SecretBytes secret(const std::string& s) {
  return modelseal::SecretBytes(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

// The OMS test PKI and signed models; empty when ../shared is absent.
inline std::filesystem::path oms_dir() {
  std::filesystem::path dir =
      std::filesystem::path(MODELSEAL_SHARED_DIR) / "vectors/oms/model-transparency/signed-models";
  std::error_code ec;
  return std::filesystem::is_directory(dir, ec) ? dir : std::filesystem::path();
}

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// Exit status of a shell command (its output discarded).
inline int run(const std::string& command) {
  int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline bool have_openssl() { return run("openssl version") == 0; }

// Standard output of a shell command.
inline std::string capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

inline const modelseal::keys::KeyType kAllTypes[] = {
    modelseal::keys::KeyType::kEcdsaP256, modelseal::keys::KeyType::kEcdsaP384,
    modelseal::keys::KeyType::kEcdsaP521, modelseal::keys::KeyType::kEd25519};

}  // namespace keys_test
