#include "signing/range_content.hpp"

#include <map>
#include <set>

#include "base/hex.hpp"
#include "bundle/folder_walk.hpp"
#include "crypto/content_digest.hpp"
#include "signing/signed_content.hpp"
#include "tree/model_tree.hpp"
#include "tree/range_hash.hpp"

namespace modelseal::signing {
namespace {

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

std::vector<SizedFile> sized_files(const std::vector<tree::TreeEntry>& entries) {
  std::vector<SizedFile> files;
  for (const tree::TreeEntry& e : entries) files.push_back({e.path, e.size});
  return files;
}

// The walked files' ranges, for tree::hash_ranges.
std::vector<tree::RangeToHash> ranges_in(const std::vector<tree::TreeEntry>& entries,
                                         const std::vector<Shard>& shards) {
  std::map<std::string_view, const tree::TreeEntry*> by_path;
  for (const tree::TreeEntry& e : entries) by_path.emplace(e.path, &e);
  std::vector<tree::RangeToHash> ranges;
  for (const Shard& s : shards) {
    const tree::TreeEntry& e = *by_path.at(s.path);
    ranges.push_back({e.location, e.linked, e.size, s.start, s.end});
  }
  return ranges;
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

Error usage(std::string_view source, const std::string& why) {
  return make_error(ErrorCode::kInvalidArgument, std::string(source) + ": " + why);
}

}  // namespace

Status check_shard_size(uint64_t shard_size, std::string_view source) {
  if (shard_size < kMinSignShardSize || shard_size > kMaxSignShardSize)
    return usage(source, "--shard-size " + std::to_string(shard_size) + " is outside " +
                             std::to_string(kMinSignShardSize) + ".." +
                             std::to_string(kMaxSignShardSize) + " bytes");
  return {};
}

Result<crypto::ContentHash> range_hash_of(const formats::OmsStatement& st) {
  const auto kind = crypto::content_hash_from_name(st.serialization.hash_type);
  if (!kind)
    return make_error(ErrorCode::kUnsupported,
                      "hash_type '" + st.serialization.hash_type + "' is not supported");
  return *kind;
}

Result<std::vector<Shard>> shards_to_sign(const std::vector<SizedFile>& files, uint64_t shard_size,
                                          std::string_view source) {
  MS_TRY(check_shard_size(shard_size, source));
  std::vector<Shard> shards;
  for (const SizedFile& f : files) {
    if (f.path.find(':') != std::string::npos)
      return usage(source, "'" + f.path +
                               "' holds ':', which shard names (path:start:end) cannot carry; sign "
                               "without --shard-size");
    append_shards(f.path, f.size, shard_size, shards);
    if (shards.size() > kMaxSignShards)
      return usage(source, "more than " + std::to_string(kMaxSignShards) +
                               " shards at --shard-size " + std::to_string(shard_size) +
                               ": choose a larger shard size");
  }
  if (shards.empty())
    return usage(source, "has no byte to sign (a model contains at least one file, and shard "
                         "serialization lists no empty file); check the folder and --ignore");
  return shards;
}

Result<ShardSigned> shard_statement(const std::vector<Shard>& shards,
                                    const std::vector<std::vector<uint8_t>>& digests,
                                    uint64_t shard_size, std::string subject,
                                    std::vector<std::string> ignored, bool allow_symlinks) {
  ShardSigned out;
  formats::OmsStatement& st = out.statement;
  st.serialization.method = "shards";
  st.serialization.hash_type = "sha256";
  st.serialization.shard_size = shard_size;
  st.serialization.allow_symlinks = allow_symlinks;
  st.serialization.ignore_paths = std::move(ignored);
  const std::string algorithm = "sha256-sharded-" + std::to_string(shard_size);
  for (size_t i = 0; i < shards.size(); ++i)
    st.resources.push_back({shard_name(shards[i]), algorithm, hex::encode(digests[i])});
  MS_ASSIGN_OR_RETURN(out.root, root_of(digests));
  st.subjects = {{std::move(subject), out.root.hex()}};
  return out;
}

Result<RangePlan> plan_ranges(const formats::OmsStatement& st, const std::vector<SizedFile>& files,
                              bool allow_unsigned, std::string_view source) {
  const bool shards = st.serialization.method == "shards";
  std::map<std::string, uint64_t, std::less<>> present;
  for (const SizedFile& f : files) present.emplace(f.path, f.size);
  auto size_of = [&](std::string_view path) -> std::optional<uint64_t> {
    auto it = present.find(path);
    if (it == present.end()) return std::nullopt;
    return it->second;
  };

  RangePlan plan;
  if (shards) {
    std::vector<std::string> names;
    for (const formats::OmsResource& r : st.resources) names.push_back(r.name);
    MS_ASSIGN_OR_RETURN(plan.listed, check_shard_tiling(names, st.serialization.shard_size.value_or(0),
                                                        size_of, source));
  } else {
    std::set<std::string_view> seen;
    for (const formats::OmsResource& r : st.resources) {
      if (!seen.insert(r.name).second)  // each byte hashed once per file, as files mode means
        return make_error(ErrorCode::kTampered,
                          std::string(source) + ": file '" + r.name + "' is listed twice in the signature");
      const std::optional<uint64_t> size = size_of(r.name);
      if (!size)
        return make_error(ErrorCode::kTampered,
                          std::string(source) + ": file '" + r.name + "' is signed but missing");
      plan.listed.push_back({r.name, 0, *size});
    }
  }
  for (const Shard& s : plan.listed) present.erase(s.path);
  for (const auto& [path, size] : present) {
    if (shards && size == 0) continue;  // no shard to list: model_signing leaves it out
    if (!allow_unsigned)
      return make_error(ErrorCode::kTampered,
                        std::string(source) + ": file '" + path + "' is not covered by the signature");
    plan.unsigned_files.push_back(path);
  }
  return plan;
}

Result<Sha256Digest> check_range_digests(const formats::OmsStatement& st, const std::vector<Shard>& listed,
                                         const std::vector<std::vector<uint8_t>>& digests,
                                         std::string_view source) {
  const bool shards = st.serialization.method == "shards";
  for (size_t i = 0; i < listed.size(); ++i) {
    if (hex::encode(digests[i]) == st.resources[i].digest_hex) continue;
    const std::string bytes = shards ? "bytes " + std::to_string(listed[i].start) + ".." +
                                           std::to_string(listed[i].end) + ", "
                                     : "";
    return make_error(ErrorCode::kTampered, std::string(source) + ": file '" + listed[i].path +
                                                "' changed since it was signed (" + bytes +
                                                st.serialization.hash_type + " mismatch)");
  }
  return root_of(digests);
}

Result<ShardSigned> sign_shards(const RangeTarget& t, uint64_t shard_size) {
  const std::string source = t.target.string();
  MS_TRY(check_shard_size(shard_size, source));  // before walking the folder
  MS_ASSIGN_OR_RETURN(Walked walked, walk(t));
  MS_ASSIGN_OR_RETURN(std::vector<Shard> shards,
                      shards_to_sign(sized_files(walked.entries), shard_size, source));
  MS_ASSIGN_OR_RETURN(auto digests, hash_all(t, ranges_in(walked.entries, shards),
                                             crypto::ContentHash::kSha256, "hashing"));
  MS_ASSIGN_OR_RETURN(ShardSigned out,
                      shard_statement(shards, digests, shard_size, model_base_name(t.target),
                                      walked.ignored, t.allow_symlinks));
  out.file_count = walked.entries.size();
  return out;
}

Result<RangeVerified> verify_ranges(const RangeTarget& t, const formats::OmsStatement& st,
                                    bool allow_unsigned) {
  MS_ASSIGN_OR_RETURN(crypto::ContentHash kind, range_hash_of(st));
  const std::string source = t.target.string();
  MS_ASSIGN_OR_RETURN(Walked walked, walk(t));
  MS_ASSIGN_OR_RETURN(RangePlan plan, plan_ranges(st, sized_files(walked.entries), allow_unsigned, source));
  MS_ASSIGN_OR_RETURN(auto digests,
                      hash_all(t, ranges_in(walked.entries, plan.listed), kind, "verifying"));
  RangeVerified out;
  MS_ASSIGN_OR_RETURN(out.content_root, check_range_digests(st, plan.listed, digests, source));
  out.unsigned_files = std::move(plan.unsigned_files);
  out.file_count = walked.entries.size();
  return out;
}

}  // namespace modelseal::signing
