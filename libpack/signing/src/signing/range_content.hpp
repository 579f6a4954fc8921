// OMS signatures whose resources are not whole-file SHA-256 digests: shard
// serialization (model_signing's "shards" method, signing/shard_tiling.hpp)
// and BLAKE2b in either method. The target is a model folder or a single
// file, walked as digest_folder walks it, and the ranges are hashed on every
// core; or a plain bundle (signing/bundle_ranges.hpp), whose files come from
// its manifest. Both plan and judge the ranges with the functions below.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/content_digest.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/digest.hpp"
#include "signing/shard_tiling.hpp"

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
  // SHA-256 of the local digests in listed order; for a bundle, its content digest (as a files
  // signature reports it: revocations name it), the ranges' root being the signed subject.
  Sha256Digest content_root;
  std::vector<std::string> unsigned_files;
  size_t file_count = 0;
  std::string model_name, model_version;  // a bundle's, from its manifest
};

// Checks the files of `target` against a statement in shards method or with
// hash_type blake2b (check_statement has checked its own consistency): every
// listed file present, its shards tiling it (shards method), every range's
// digest equal; a non-empty file not listed fails unless `allow_unsigned`
// (an empty one is never listed in shards method). `source` names the target.
Result<RangeVerified> verify_ranges(const RangeTarget& target, const formats::OmsStatement& st,
                                    bool allow_unsigned);

// ---- shared by folders and bundles ---------------------------------------------------------

// A file a range signature may cover: a folder's walked file or a bundle's listed one.
struct SizedFile {
  std::string path;
  uint64_t size = 0;
};

// kInvalidArgument for a shard size outside kMinSignShardSize..kMaxSignShardSize.
Status check_shard_size(uint64_t shard_size, std::string_view source);

// The statement's hash_type as a hash modelseal computes (kUnsupported otherwise).
Result<crypto::ContentHash> range_hash_of(const formats::OmsStatement& st);

// The shards `sign --shard-size` lists for `files` (in OMS order), with the errors of sign_shards.
Result<std::vector<Shard>> shards_to_sign(const std::vector<SizedFile>& files, uint64_t shard_size,
                                          std::string_view source);

// The statement of shards signed with their digests (in the order of `shards`).
Result<ShardSigned> shard_statement(const std::vector<Shard>& shards,
                                    const std::vector<std::vector<uint8_t>>& digests,
                                    uint64_t shard_size, std::string subject,
                                    std::vector<std::string> ignored, bool allow_symlinks);

// What a statement asks to hash among the files present: its ranges in listed order (the
// tiling checked in shards method, every listed file present), and the files it leaves out.
struct RangePlan {
  std::vector<Shard> listed;
  std::vector<std::string> unsigned_files;
};
Result<RangePlan> plan_ranges(const formats::OmsStatement& st, const std::vector<SizedFile>& present,
                              bool allow_unsigned, std::string_view source);

// Each listed range's digest against the statement's, the first difference naming the file
// (kTampered); the content root (SHA-256 of the digests in listed order) when all are equal.
Result<Sha256Digest> check_range_digests(const formats::OmsStatement& st, const std::vector<Shard>& listed,
                                         const std::vector<std::vector<uint8_t>>& digests,
                                         std::string_view source);

}  // namespace modelseal::signing
