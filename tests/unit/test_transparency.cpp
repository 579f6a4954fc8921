// Transparency-log primitives (keys/src/transparency/): RFC 9162 inclusion
// proofs and C2SP checkpoints, on trees and notes built here, by mutation,
// and on the real Sigstore bundles in ../shared.
#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

#include "transparency_test_support.hpp"

namespace {

using namespace transparency_test;
using modelseal::ErrorCode;

Sha256Digest flipped(Sha256Digest d, size_t byte = 0) {
  d.bytes[byte] ^= 0x01;
  return d;
}

}  // namespace

TEST_CASE("merkle leaf and node hashes match RFC 9162 prefixes") {
  auto empty_leaf = keys::merkle_leaf_hash({});
  REQUIRE(empty_leaf.ok());
  // SHA-256 of the single byte 0x00.
  CHECK(empty_leaf->hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  const std::array<uint8_t, 1> zero{0};
  auto direct = modelseal::sha256_of(zero);
  REQUIRE(direct.ok());
  CHECK(modelseal::digests_equal(*empty_leaf, *direct));
  std::vector<uint8_t> node_input{0x01};
  const Sha256Digest a = leaf_hash("a"), b = leaf_hash("b");
  node_input.insert(node_input.end(), a.bytes.begin(), a.bytes.end());
  node_input.insert(node_input.end(), b.bytes.begin(), b.bytes.end());
  auto node = keys::merkle_node_hash(a, b);
  auto expected = modelseal::sha256_of(node_input);
  REQUIRE(node.ok());
  REQUIRE(expected.ok());
  CHECK(modelseal::digests_equal(*node, *expected));
}

TEST_CASE("merkle inclusion proofs verify for every leaf of trees of 1 to 33 leaves") {
  size_t verified = 0;
  for (size_t n = 1; n <= 33; ++n) {
    const auto leaves = make_leaves(n);
    const Sha256Digest root = tree_root(leaves, 0, n);
    for (size_t m = 0; m < n; ++m) {
      const auto path = inclusion_path(leaves, m, 0, n);
      const auto status = keys::verify_inclusion(leaves[m], m, n, path, root);
      CHECK_MESSAGE(status.ok(), "n=", n, " m=", m);
      ++verified;
    }
  }
  CHECK(verified == 33 * 34 / 2);
}

TEST_CASE("merkle inclusion proofs fail with kTampered when anything is changed") {
  for (size_t n : {1u, 2u, 3u, 5u, 8u, 13u}) {
    const auto leaves = make_leaves(n);
    const Sha256Digest root = tree_root(leaves, 0, n);
    for (size_t m = 0; m < n; ++m) {
      CAPTURE(n);
      CAPTURE(m);
      const auto path = inclusion_path(leaves, m, 0, n);
      auto expect_tampered = [&](const modelseal::Status& s) {
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::kTampered);
      };
      for (size_t i = 0; i < path.size(); ++i) {
        auto bad = path;
        bad[i] = flipped(bad[i], i % 32);
        expect_tampered(keys::verify_inclusion(leaves[m], m, n, bad, root));
      }
      expect_tampered(keys::verify_inclusion(flipped(leaves[m]), m, n, path, root));
      expect_tampered(keys::verify_inclusion(leaves[m], m, n, path, flipped(root, 31)));
      if (n > 1) expect_tampered(keys::verify_inclusion(leaves[m], (m + 1) % n, n, path, root));
      expect_tampered(keys::verify_inclusion(leaves[m], n, n, path, root));
      expect_tampered(keys::verify_inclusion(leaves[m], m, 0, path, root));
      auto longer = path;
      longer.push_back(root);
      expect_tampered(keys::verify_inclusion(leaves[m], m, n, longer, root));
      if (!path.empty()) {
        auto shorter = path;
        shorter.pop_back();
        expect_tampered(keys::verify_inclusion(leaves[m], m, n, shorter, root));
      }
    }
  }
}

// The root does not commit to the size (the checkpoint does): a size change
// is caught when the proof's length or shape no longer fits it.
TEST_CASE("merkle inclusion proofs fail with kTampered for a tree size they do not fit") {
  const auto leaves = make_leaves(8);
  const Sha256Digest root = tree_root(leaves, 0, 8);
  for (size_t m = 0; m < 8; ++m) {
    CAPTURE(m);
    const auto path = inclusion_path(leaves, m, 0, 8);
    REQUIRE(path.size() == 3);
    for (uint64_t size : {4u, 9u, 16u, 17u}) {
      CAPTURE(size);
      const auto s = keys::verify_inclusion(leaves[m], m, size, path, root);
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == ErrorCode::kTampered);
    }
  }
}

TEST_CASE("merkle inclusion rejects huge indexes and overlong proofs without work") {
  const Sha256Digest h = leaf_hash("x");
  const std::vector<Sha256Digest> proof(keys::kMaxInclusionProofHashes + 1, h);
  auto s = keys::verify_inclusion(h, 0, UINT64_MAX, proof, h);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kTampered);
  s = keys::verify_inclusion(h, UINT64_MAX, UINT64_MAX, {}, h);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kTampered);
  // The largest tree, with proof hashes that cannot lead to the root.
  const std::vector<Sha256Digest> short_proof(63, h);
  s = keys::verify_inclusion(h, UINT64_MAX - 1, UINT64_MAX, short_proof, h);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kTampered);
}
