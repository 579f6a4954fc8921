#include "signing/shard_tiling.hpp"

#include "formats/sigstore/oms_statement.hpp"
#include "tree/path_rules.hpp"

namespace modelseal::signing {
namespace {

std::string range(uint64_t start, uint64_t end) {
  return "bytes " + std::to_string(start) + ".." + std::to_string(end);
}

// Walks the shards of one file as they come, in the order listed.
class FileTiling {
 public:
  FileTiling(std::string path, uint64_t size, uint64_t shard_size, std::string_view source)
      : path_(std::move(path)), size_(size), shard_size_(shard_size), source_(source) {}

  Status add(const std::string& name, uint64_t start, uint64_t end) {
    if (start < covered_)
      return reject(start < last_start_ || name == last_name_
                        ? "is listed out of order (after '" + last_name_ + "')"
                        : "overlaps '" + last_name_ + "' (" + range(start, covered_) +
                              " are listed twice)",
                    name);
    if (start > covered_)
      return reject_file(range(covered_, start) + " are not covered by the signature (a gap before '" +
                         name + "')");
    if (end > size_)
      return reject("reaches past the end of the file (" + std::to_string(size_) + " bytes)", name);
    if (end - start > shard_size_)
      return reject("is longer than shard_size " + std::to_string(shard_size_), name);
    if (end - start < shard_size_ && end != size_)
      return reject("is shorter than shard_size " + std::to_string(shard_size_) +
                        " but does not end the file (" + std::to_string(size_) + " bytes)",
                    name);
    covered_ = end;
    last_start_ = start;
    last_name_ = name;
    return {};
  }

  Status finish() const {
    if (covered_ != size_)
      return reject_file(range(covered_, size_) +
                         " are not covered by the signature (the final shard is missing)");
    return {};
  }

 private:
  Error reject(const std::string& why, const std::string& name) const {
    return make_error(ErrorCode::kTampered, std::string(source_) + ": file '" + path_ +
                                                "': shard '" + name + "' " + why);
  }
  Error reject_file(const std::string& why) const {
    return make_error(ErrorCode::kTampered,
                      std::string(source_) + ": file '" + path_ + "': " + why);
  }

  std::string path_;
  uint64_t size_;
  uint64_t shard_size_;
  std::string_view source_;
  uint64_t covered_ = 0;  // bytes [0, covered_) are tiled
  uint64_t last_start_ = 0;
  std::string last_name_;
};

}  // namespace

std::string shard_name(const Shard& s) {
  return s.path + ":" + std::to_string(s.start) + ":" + std::to_string(s.end);
}

void append_shards(std::string_view path, uint64_t size, uint64_t shard_size,
                   std::vector<Shard>& out) {
  for (uint64_t start = 0; start < size;) {
    const uint64_t end = size - start > shard_size ? start + shard_size : size;
    out.push_back({std::string(path), start, end});
    start = end;
  }
}

Result<std::vector<Shard>> check_shard_tiling(const std::vector<std::string>& names,
                                              uint64_t shard_size, const SizeOf& size_of,
                                              std::string_view source) {
  if (shard_size == 0)
    return make_error(ErrorCode::kCorrupt, std::string(source) + ": shard_size is 0");
  std::vector<Shard> out;
  out.reserve(names.size());
  std::optional<FileTiling> current;
  std::string current_path;
  for (const std::string& name : names) {
    auto parsed = formats::parse_oms_shard_name(name);
    if (!parsed.ok())
      return make_error(ErrorCode::kCorrupt, std::string(source) + ": " + parsed.error().detail);
    const std::string path(parsed->path);
    if (!current || path != current_path) {
      if (current) {
        MS_TRY(current->finish());
        if (!tree::path_less(current_path, path))
          return make_error(ErrorCode::kTampered,
                            std::string(source) + ": shard '" + name +
                                "' is listed out of order: shards are listed by path, then start "
                                "(after a shard of '" + current_path + "')");
      }
      const std::optional<uint64_t> size = size_of(path);
      if (!size)
        return make_error(ErrorCode::kTampered,
                          std::string(source) + ": file '" + path + "' is signed but missing");
      current.emplace(path, *size, shard_size, source);
      current_path = path;
    }
    MS_TRY(current->add(name, parsed->start, parsed->end));
    out.push_back({path, parsed->start, parsed->end});
  }
  if (current) MS_TRY(current->finish());
  return out;
}

}  // namespace modelseal::signing
