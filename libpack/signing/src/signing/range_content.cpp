#include "signing/range_content.hpp"

#include <map>

#include "bundle/folder_walk.hpp"
#include "crypto/content_digest.hpp"
#include "signing/shard_tiling.hpp"
#include "signing/signed_content.hpp"
#include "tree/model_tree.hpp"
#include "tree/range_hash.hpp"

namespace modelseal::signing {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string hex(const std::vector<uint8_t>& bytes) {
  std::string out;
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

struct Walked {
  std::vector<tree::TreeEntry> entries;
  std::vector<std::string> ignored;  // as the signature records them
};

Result<Walked> walk(const RangeTarget& t) {
  DigestOptions options{t.ignore, t.threads, t.progress, t.allow_symlinks};
  if (auto sig = tree::relative_path_inside(t.signature, t.target)) options.ignore.push_back(*sig);
  Walked out;
  MS_ASSIGN_OR_RETURN(out.entries, bundle::walk_model_folder(t.target, options));
  out.ignored = tree::default_ignores();
  out.ignored.insert(out.ignored.end(), options.ignore.begin(), options.ignore.end());
  return out;
}

Result<std::vector<std::vector<uint8_t>>> hash_all(const RangeTarget& t,
                                                   const std::vector<tree::RangeToHash>& ranges,
                                                   crypto::ContentHash kind, std::string_view phase) {
  uint64_t total = 0;
  for (const tree::RangeToHash& r : ranges) total += r.end - r.start;
  tree::ProgressMeter meter(t.progress, phase, total);
  MS_ASSIGN_OR_RETURN(auto digests, tree::hash_ranges(ranges, kind, t.threads, meter));
  meter.finish();
  return digests;
}

Result<Sha256Digest> root_of(const std::vector<std::vector<uint8_t>>& digests) {
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  for (const std::vector<uint8_t>& d : digests) MS_TRY(hasher.update(d));
  return hasher.finish();
}

Error usage(const RangeTarget& t, const std::string& why) {
  return make_error(ErrorCode::kInvalidArgument, t.target.string() + ": " + why);
}

}  // namespace

Result<ShardSigned> sign_shards(const RangeTarget& t, uint64_t shard_size) {
  if (shard_size < kMinSignShardSize || shard_size > kMaxSignShardSize)
    return usage(t, "--shard-size " + std::to_string(shard_size) + " is outside " +
                        std::to_string(kMinSignShardSize) + ".." + std::to_string(kMaxSignShardSize) +
                        " bytes");
  MS_ASSIGN_OR_RETURN(Walked walked, walk(t));
  std::vector<Shard> shards;
  std::vector<tree::RangeToHash> ranges;
  for (const tree::TreeEntry& e : walked.entries) {
    if (e.path.find(':') != std::string::npos)
      return usage(t, "'" + e.path +
                          "' holds ':', which shard names (path:start:end) cannot carry; sign "
                          "without --shard-size");
    const size_t before = shards.size();
    append_shards(e.path, e.size, shard_size, shards);
    if (shards.size() > kMaxSignShards)
      return usage(t, "more than " + std::to_string(kMaxSignShards) +
                          " shards at --shard-size " + std::to_string(shard_size) +
                          ": choose a larger shard size");
    for (size_t i = before; i < shards.size(); ++i)
      ranges.push_back({e.location, e.linked, e.size, shards[i].start, shards[i].end});
  }
  if (shards.empty())
    return usage(t, "has no byte to sign (a model contains at least one file, and shard "
                    "serialization lists no empty file); check the folder and --ignore");
  MS_ASSIGN_OR_RETURN(auto digests, hash_all(t, ranges, crypto::ContentHash::kSha256, "hashing"));

  ShardSigned out;
  formats::OmsStatement& st = out.statement;
  st.serialization.method = "shards";
  st.serialization.hash_type = "sha256";
  st.serialization.shard_size = shard_size;
  st.serialization.allow_symlinks = t.allow_symlinks;
  st.serialization.ignore_paths = walked.ignored;
  const std::string algorithm = "sha256-sharded-" + std::to_string(shard_size);
  for (size_t i = 0; i < shards.size(); ++i)
    st.resources.push_back({shard_name(shards[i]), algorithm, hex(digests[i])});
  MS_ASSIGN_OR_RETURN(out.root, root_of(digests));
  st.subjects = {{model_base_name(t.target), out.root.hex()}};
  out.file_count = walked.entries.size();
  return out;
}

Result<RangeVerified> verify_ranges(const RangeTarget& t, const formats::OmsStatement& st,
                                    bool allow_unsigned) {
  const auto kind = crypto::content_hash_from_name(st.serialization.hash_type);
  if (!kind)
    return make_error(ErrorCode::kUnsupported,
                      "hash_type '" + st.serialization.hash_type + "' is not supported");
  const bool shards = st.serialization.method == "shards";
  const std::string source = t.target.string();
  MS_ASSIGN_OR_RETURN(Walked walked, walk(t));
  std::map<std::string, const tree::TreeEntry*, std::less<>> present;
  for (const tree::TreeEntry& e : walked.entries) present.emplace(e.path, &e);
  auto size_of = [&](std::string_view path) -> std::optional<uint64_t> {
    auto it = present.find(path);
    if (it == present.end()) return std::nullopt;
    return it->second->size;
  };

  std::vector<Shard> listed;
  if (shards) {
    std::vector<std::string> names;
    for (const formats::OmsResource& r : st.resources) names.push_back(r.name);
    MS_ASSIGN_OR_RETURN(listed, check_shard_tiling(names, st.serialization.shard_size.value_or(0),
                                                   size_of, source));
  } else {
    for (const formats::OmsResource& r : st.resources) {
      const std::optional<uint64_t> size = size_of(r.name);
      if (!size)
        return make_error(ErrorCode::kTampered,
                          source + ": file '" + r.name + "' is signed but missing");
      listed.push_back({r.name, 0, *size});
    }
  }

  std::vector<tree::RangeToHash> ranges;
  for (const Shard& s : listed) {
    const tree::TreeEntry& e = *present.at(s.path);
    ranges.push_back({e.location, e.linked, e.size, s.start, s.end});
  }
  RangeVerified out;
  out.file_count = walked.entries.size();
  for (const Shard& s : listed) present.erase(s.path);
  for (const auto& [path, entry] : present) {
    if (shards && entry->size == 0) continue;  // no shard to list: model_signing leaves it out
    if (!allow_unsigned)
      return make_error(ErrorCode::kTampered,
                        source + ": file '" + path + "' is not covered by the signature");
    out.unsigned_files.push_back(path);
  }

  MS_ASSIGN_OR_RETURN(auto digests, hash_all(t, ranges, *kind, "verifying"));
  for (size_t i = 0; i < listed.size(); ++i) {
    if (hex(digests[i]) == st.resources[i].digest_hex) continue;
    const std::string bytes = shards ? "bytes " + std::to_string(listed[i].start) + ".." +
                                           std::to_string(listed[i].end) + ", "
                                     : "";
    return make_error(ErrorCode::kTampered, source + ": file '" + listed[i].path +
                                                "' changed since it was signed (" + bytes +
                                                st.serialization.hash_type + " mismatch)");
  }
  MS_ASSIGN_OR_RETURN(out.content_root, root_of(digests));
  return out;
}

}  // namespace modelseal::signing
