// Helpers for the transparency-log tests: reference Merkle trees (RFC 9162
// section 2.1.1 MTH and PATH, written recursively as the RFC does), signed
// notes made with fresh keys, and the shared Sigstore vectors.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "formats/sigstore/base64.hpp"
#include "transparency/checkpoint.hpp"
#include "transparency/merkle.hpp"
#include "modelseal/keys.hpp"
#include "test_support.hpp"

namespace transparency_test {

using modelseal::Sha256Digest;
namespace keys = modelseal::keys;
namespace formats = modelseal::formats;

inline std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline Sha256Digest leaf_hash(std::string_view leaf) {
  auto h = keys::merkle_leaf_hash(bytes_of(leaf));
  REQUIRE(h.ok());
  return *h;
}

// MTH over already hashed leaves [begin, end), end > begin.
inline Sha256Digest tree_root(const std::vector<Sha256Digest>& leaves, size_t begin, size_t end) {
  if (end - begin == 1) return leaves[begin];
  size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  auto node = keys::merkle_node_hash(tree_root(leaves, begin, begin + k),
                                     tree_root(leaves, begin + k, end));
  REQUIRE(node.ok());
  return *node;
}

// PATH(m, D[begin:end]).
inline std::vector<Sha256Digest> inclusion_path(const std::vector<Sha256Digest>& leaves,
                                                size_t m, size_t begin, size_t end) {
  if (end - begin == 1) return {};
  size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  std::vector<Sha256Digest> path;
  if (m < k) {
    path = inclusion_path(leaves, m, begin, begin + k);
    path.push_back(tree_root(leaves, begin + k, end));
  } else {
    path = inclusion_path(leaves, m - k, begin + k, end);
    path.push_back(tree_root(leaves, begin, begin + k));
  }
  return path;
}

inline std::vector<Sha256Digest> make_leaves(size_t n) {
  std::vector<Sha256Digest> leaves;
  for (size_t i = 0; i < n; ++i) leaves.push_back(leaf_hash("leaf " + std::to_string(i)));
  return leaves;
}

inline std::vector<uint8_t> spki_der(const keys::PublicKey& key) {
  std::vector<uint8_t> der = key.der();
  REQUIRE_FALSE(der.empty());
  return der;
}

// "— name base64(key_id || signature)\n"
inline std::string signature_line(std::string_view name, const keys::NoteKeyId& id,
                                  const std::vector<uint8_t>& signature) {
  std::vector<uint8_t> blob(id.begin(), id.end());
  blob.insert(blob.end(), signature.begin(), signature.end());
  return "\xE2\x80\x94 " + std::string(name) + " " + formats::base64_encode(blob) + "\n";
}

// A log key and its checkpoint identity, for notes signed in tests.
struct TestLog {
  keys::PrivateKey private_key;
  keys::CheckpointKey key;

  static TestLog create(keys::KeyType type, std::string_view name) {
    auto priv = keys::PrivateKey::generate(type);
    REQUIRE(priv.ok());
    auto key = keys::CheckpointKey::create(name, spki_der(priv->public_key()));
    REQUIRE(key.ok());
    return TestLog{std::move(priv).value(), std::move(key).value()};
  }

  std::string sign_line(std::string_view text) const {
    auto sig = private_key.sign(bytes_of(text));
    REQUIRE(sig.ok());
    return signature_line(key.name(), key.key_id(), *sig);
  }
};

inline std::string checkpoint_text(std::string_view origin, uint64_t size,
                                   const Sha256Digest& root) {
  return std::string(origin) + "\n" + std::to_string(size) + "\n" +
         formats::base64_encode(root.bytes) + "\n";
}

// The shared vectors, or an empty path (and a MESSAGE) when ../shared is absent.
inline std::filesystem::path shared_dir(const char* sub) {
  const std::filesystem::path dir = std::filesystem::path(MODELSEAL_SHARED_DIR) / sub;
  if (!std::filesystem::is_directory(dir)) MESSAGE("skipped: ", dir.string(), " is absent");
  return std::filesystem::is_directory(dir) ? dir : std::filesystem::path();
}

}  // namespace transparency_test
