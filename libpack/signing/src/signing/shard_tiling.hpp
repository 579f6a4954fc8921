// OMS shard serialization (model_signing's "shards" method): every non-empty
// file is cut into [0, S), [S, 2S), ... [kS, size) for the shard size S and
// each piece is a resource named "path:start:end"; an empty file has no
// shard, so it is not listed at all. The signer lists resources by path (OMS
// order), then by start.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::signing {

// `sign --shard-size` bounds. Below one page a shard costs more in its open,
// seek and ~150 bytes of signature than in hashing it; 2^53 is the largest
// size a JSON reader holding numbers as doubles (Python's, when it comes back
// as 8.0) reads exactly. The shard count keeps a signature far under the
// 16 MiB statement limit of verifiers; a folder that needs more shards needs a
// larger --shard-size.
inline constexpr uint64_t kMinSignShardSize = 4096;
inline constexpr uint64_t kMaxSignShardSize = uint64_t{1} << 53;
inline constexpr size_t kMaxSignShards = 100'000;

struct Shard {
  std::string path;
  uint64_t start = 0;
  uint64_t end = 0;
};

std::string shard_name(const Shard& shard);  // "path:start:end"

// model_signing's cut of one file (none when size is 0), appended to `out`.
void append_shards(std::string_view path, uint64_t size, uint64_t shard_size,
                   std::vector<Shard>& out);

// The sizes of the files present: nullopt for a file that is not there.
using SizeOf = std::function<std::optional<uint64_t>(std::string_view path)>;

// Reads a signature's shard names (in listed order) and checks that they tile
// every file they name exactly as model_signing cuts it, so that no byte of a
// listed file is left out: listed by path then start, no gap, no overlap, no
// shard past the file's end or longer than `shard_size`, every shard but a
// file's last exactly `shard_size`, the last one ending at the file's end.
// Errors (kTampered) start with `source` and name the resource or file; a
// name that is not path:start:end is kCorrupt.
Result<std::vector<Shard>> check_shard_tiling(const std::vector<std::string>& names,
                                              uint64_t shard_size, const SizeOf& size_of,
                                              std::string_view source);

}  // namespace modelseal::signing
