// RFC 9162 (Certificate Transparency v2) Merkle tree hashing and inclusion
// proof verification, as Sigstore's Rekor logs use them (SHA-256 only).
//
//   leaf hash = SHA-256(0x00 || leaf bytes)
//   node hash = SHA-256(0x01 || left hash || right hash)
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "modelseal/digest.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

// A tree of at most 2^64 leaves needs at most 64 proof hashes.
inline constexpr size_t kMaxInclusionProofHashes = 64;

Result<Sha256Digest> merkle_leaf_hash(std::span<const uint8_t> leaf);
Result<Sha256Digest> merkle_node_hash(const Sha256Digest& left, const Sha256Digest& right);

// RFC 9162 section 2.1.3.2: verifies that the leaf whose hash is `leaf_hash`
// sits at `index` in the tree of `tree_size` leaves whose root is `root`.
// kTampered when index >= tree_size, the proof has the wrong number of hashes
// for (index, tree_size), or the computed root differs from `root`.
Status verify_inclusion(const Sha256Digest& leaf_hash, uint64_t index, uint64_t tree_size,
                        std::span<const Sha256Digest> proof, const Sha256Digest& root);

}  // namespace modelseal::keys
