// OMS signatures whose resources are not whole-file SHA-256 digests: shard
// serialization (model_signing's "shards" method, signing/shard_tiling.hpp)
// and BLAKE2b in either method. The target is a model folder or a single
// file, walked as digest_folder walks it; the ranges are hashed on every core.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "formats/sigstore/oms_statement.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/digest.hpp"

namespace modelseal::signing {

struct RangeTarget {
  std::filesystem::path target;      // a model folder or a single-file model
  std::filesystem::path signature;   // left out of the walk when it lies inside the folder
  std::vector<std::string> ignore;   // relative paths
  bool allow_symlinks = false;
  unsigned threads = 0;
  ProgressFn progress;
};

struct ShardSigned {
  formats::OmsStatement statement;  // subject, serialization and resources filled in
  Sha256Digest root;
  size_t file_count = 0;  // files walked, empty ones included
};

// `sign --shard-size`: SHA-256 of every shard, resources in model_signing's
// order. kInvalidArgument for a shard size outside the bounds of
// shard_tiling.hpp, too many shards, or a path holding ':' (model_signing
// cannot read it back).
Result<ShardSigned> sign_shards(const RangeTarget& target, uint64_t shard_size);

struct RangeVerified {
  Sha256Digest content_root;  // SHA-256 of the local digests in listed order
  std::vector<std::string> unsigned_files;
  size_t file_count = 0;
};

// Checks the files of `target` against a statement in shards method or with
// hash_type blake2b (check_statement has checked its own consistency): every
// listed file present, its shards tiling it (shards method), every range's
// digest equal; a non-empty file not listed fails unless `allow_unsigned`
// (an empty one is never listed in shards method). `source` names the target.
Result<RangeVerified> verify_ranges(const RangeTarget& target, const formats::OmsStatement& st,
                                    bool allow_unsigned);

}  // namespace modelseal::signing
