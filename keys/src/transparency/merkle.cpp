#include "transparency/merkle.hpp"

#include <array>
#include <string>

namespace modelseal::keys {

namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

Error tampered(std::string detail) {
  return make_error(ErrorCode::kTampered, "inclusion proof: " + std::move(detail));
}

}  // namespace

Result<Sha256Digest> merkle_leaf_hash(std::span<const uint8_t> leaf) {
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  const uint8_t prefix = kLeafPrefix;
  MS_TRY(hasher.update(std::span(&prefix, 1)));
  MS_TRY(hasher.update(leaf));
  return hasher.finish();
}

Result<Sha256Digest> merkle_node_hash(const Sha256Digest& left, const Sha256Digest& right) {
  std::array<uint8_t, 1 + 2 * 32> input{};
  input[0] = kNodePrefix;
  for (size_t i = 0; i < 32; ++i) {
    input[1 + i] = left.bytes[i];
    input[33 + i] = right.bytes[i];
  }
  return sha256_of(input);
}

Status verify_inclusion(const Sha256Digest& leaf_hash, uint64_t index, uint64_t tree_size,
                        std::span<const Sha256Digest> proof, const Sha256Digest& root) {
  if (index >= tree_size)
    return tampered("leaf index " + std::to_string(index) + " is not below tree size " +
                    std::to_string(tree_size));
  if (proof.size() > kMaxInclusionProofHashes)
    return tampered(std::to_string(proof.size()) + " hashes, more than any tree needs");
  // RFC 9162 section 2.1.3.2, step by step.
  uint64_t fn = index;
  uint64_t sn = tree_size - 1;
  Sha256Digest r = leaf_hash;
  for (const Sha256Digest& p : proof) {
    if (sn == 0) return tampered("more hashes than the tree of this size needs");
    if ((fn & 1) != 0 || fn == sn) {
      MS_ASSIGN_OR_RETURN(r, merkle_node_hash(p, r));
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      MS_ASSIGN_OR_RETURN(r, merkle_node_hash(r, p));
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return tampered("fewer hashes than the tree of this size needs");
  if (!digests_equal(r, root)) return tampered("computed root differs from the expected root");
  return {};
}

}  // namespace modelseal::keys
