// Range signatures (shard serialization, BLAKE2b) over a plain bundle: its files are the ones
// its manifest lists (the manifest itself left out, as a bundle's files signature leaves it),
// read in the one pass that verifies the bundle, each range hashed as its bytes stream by.
// A sealed bundle's bytes need its keystore: `modelseal open` first.
#pragma once

#include <filesystem>

#include "signing/range_content.hpp"

namespace modelseal::signing {

// `sign --shard-size` of a bundle: the bundle verified, then its files' shards as
// sign_shards lists them for the extracted folder (subject: the model's name).
Result<ShardSigned> sign_bundle_shards(const std::filesystem::path& bundle, uint64_t shard_size,
                                       const ReadOptions& read);

// verify_ranges for a bundle: every check of verify_bundle, then the statement's ranges.
Result<RangeVerified> verify_bundle_ranges(const std::filesystem::path& bundle,
                                           const formats::OmsStatement& st, bool allow_unsigned,
                                           const ReadOptions& read);

}  // namespace modelseal::signing
