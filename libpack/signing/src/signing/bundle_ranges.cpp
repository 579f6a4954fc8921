#include "signing/bundle_ranges.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "bundle/bundle_stream.hpp"
#include "crypto/content_digest.hpp"
#include "signing/model_card_facts.hpp"

namespace modelseal::signing {
namespace {

using Plan = std::function<Result<std::vector<Shard>>(const bundle::Manifest&)>;

// Hashes the ranges `plan` gives once the manifest is read, as each file's bytes pass by (several
// at once where ranges of one file overlap, which plan_ranges never gives).
class RangeHashing final : public bundle::EntryVisitor {
 public:
  RangeHashing(crypto::ContentHash kind, Plan plan) : kind_(kind), plan_(std::move(plan)) {}

  Status manifest_read(const bundle::Manifest& manifest) override {
    MS_ASSIGN_OR_RETURN(ranges_, plan_(manifest));
    digests_.resize(ranges_.size());
    for (size_t i = 0; i < ranges_.size(); ++i) by_path_[ranges_[i].path].push_back(i);
    for (auto& [path, indices] : by_path_)
      std::stable_sort(indices.begin(), indices.end(),
                       [&](size_t a, size_t b) { return ranges_[a].start < ranges_[b].start; });
    return {};
  }

  Status begin_file(const FileRecord& file) override {
    auto it = by_path_.find(file.path);
    pending_ = it == by_path_.end() ? nullptr : &it->second;
    next_ = 0;
    at_ = 0;
    active_.clear();
    return {};
  }

  Status file_data(std::span<const uint8_t> bytes) override {
    for (;;) {
      MS_TRY(start_and_finish());
      if (bytes.empty()) return {};
      uint64_t until = at_ + bytes.size();
      if (pending_ != nullptr && next_ < pending_->size())
        until = std::min(until, ranges_[(*pending_)[next_]].start);
      for (const Active& a : active_) until = std::min(until, ranges_[a.index].end);
      const auto n = static_cast<size_t>(until - at_);
      for (Active& a : active_) MS_TRY(a.hasher.update(bytes.first(n)));
      at_ = until;
      bytes = bytes.subspan(n);
    }
  }

  Status end_file(const FileRecord& file) override {
    MS_TRY(start_and_finish());
    if (!active_.empty() || (pending_ != nullptr && next_ < pending_->size()))
      return make_error(ErrorCode::kInternal, "a range of '" + file.path + "' was not hashed");
    return {};
  }

  std::vector<Shard> ranges_;
  std::vector<std::vector<uint8_t>> digests_;

 private:
  struct Active {
    size_t index;
    crypto::ContentHasher hasher;
  };

  // Starts the ranges that begin here and finishes those that end here (an empty one both).
  Status start_and_finish() {
    while (pending_ != nullptr && next_ < pending_->size() &&
           ranges_[(*pending_)[next_]].start == at_) {
      MS_ASSIGN_OR_RETURN(crypto::ContentHasher hasher, crypto::ContentHasher::create(kind_));
      active_.push_back({(*pending_)[next_++], std::move(hasher)});
    }
    for (auto a = active_.begin(); a != active_.end();) {
      if (ranges_[a->index].end != at_) {
        ++a;
        continue;
      }
      MS_ASSIGN_OR_RETURN(digests_[a->index], a->hasher.finish());
      a = active_.erase(a);
    }
    return {};
  }

  crypto::ContentHash kind_;
  Plan plan_;
  std::map<std::string, std::vector<size_t>, std::less<>> by_path_;
  const std::vector<size_t>* pending_ = nullptr;
  size_t next_ = 0;
  uint64_t at_ = 0;
  std::vector<Active> active_;
};

std::vector<SizedFile> listed_files(const bundle::Manifest& manifest) {
  std::vector<SizedFile> files;
  for (const FileRecord& f : manifest.files) files.push_back({f.path, f.size});
  return files;
}

struct HashedBundle {
  VerifiedContent content;
  std::vector<Shard> ranges;
  std::vector<std::vector<uint8_t>> digests;
};

Result<HashedBundle> hash_bundle_ranges(const std::filesystem::path& bundle, crypto::ContentHash kind,
                                        const ReadOptions& read, Plan plan) {
  RangeHashing hashing(kind, std::move(plan));
  MS_ASSIGN_OR_RETURN(bundle::StreamResult streamed, bundle::stream_bundle(bundle, read, hashing));
  if (!streamed.complete || !streamed.metadata)
    return make_error(ErrorCode::kCorrupt, bundle.string() + ": bundle did not verify completely");
  return HashedBundle{bundle::verified_content(streamed.manifest, std::move(*streamed.metadata)),
                      std::move(hashing.ranges_), std::move(hashing.digests_)};
}

}  // namespace

Result<ShardSigned> sign_bundle_shards(const std::filesystem::path& bundle, uint64_t shard_size,
                                       const ReadOptions& read) {
  const std::string source = bundle.string();
  MS_TRY(check_shard_size(shard_size, source));  // before reading the bundle
  MS_ASSIGN_OR_RETURN(HashedBundle hashed,
                      hash_bundle_ranges(bundle, crypto::ContentHash::kSha256, read,
                                         [&](const bundle::Manifest& manifest) {
                                           return shards_to_sign(listed_files(manifest), shard_size, source);
                                         }));
  MS_ASSIGN_OR_RETURN(ShardSigned out, shard_statement(hashed.ranges, hashed.digests, shard_size,
                                                       hashed.content.name, {kManifestPath}, false));
  out.statement.extra["model_card"] = model_card_facts(hashed.content.metadata);
  out.file_count = hashed.content.files.size();
  return out;
}

Result<RangeVerified> verify_bundle_ranges(const std::filesystem::path& bundle,
                                           const formats::OmsStatement& st, bool allow_unsigned,
                                           const ReadOptions& read) {
  MS_ASSIGN_OR_RETURN(crypto::ContentHash kind, range_hash_of(st));
  const std::string source = bundle.string();
  std::vector<std::string> unsigned_files;
  MS_ASSIGN_OR_RETURN(HashedBundle hashed,
                      hash_bundle_ranges(bundle, kind, read,
                                         [&](const bundle::Manifest& manifest) -> Result<std::vector<Shard>> {
                                           MS_ASSIGN_OR_RETURN(RangePlan plan,
                                                               plan_ranges(st, listed_files(manifest),
                                                                           allow_unsigned, source));
                                           unsigned_files = std::move(plan.unsigned_files);
                                           return std::move(plan.listed);
                                         }));
  MS_TRY(check_range_digests(st, hashed.ranges, hashed.digests, source));
  RangeVerified out;
  out.content_root = hashed.content.content_digest;
  out.unsigned_files = std::move(unsigned_files);
  out.file_count = hashed.content.files.size();
  out.model_name = hashed.content.name;
  out.model_version = hashed.content.version;
  return out;
}

}  // namespace modelseal::signing
