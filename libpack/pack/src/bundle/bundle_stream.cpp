#include "bundle/bundle_stream.hpp"

#include "modelseal/sealed.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include "archive/archive_reader.hpp"
#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/model_card.hpp"
#include "modelseal/sealed.hpp"
#include "tree/hash_pipeline.hpp"
#include "tree/path_rules.hpp"
#include "tree/progress_meter.hpp"

namespace modelseal::bundle {
namespace {

// How far the reader may run ahead of the digests checked, in files (each waiting file holds
// a digest context).
constexpr size_t kMaxFilesAhead = 256;

uint64_t total_size(const Manifest& m) {
  uint64_t total = 0;
  for (const FileRecord& f : m.files) total += f.size;
  return total;
}

Result<std::string> read_entry_fully(archive::ArchiveReader& reader, uint64_t size,
                                     std::string_view source, std::string_view what) {
  std::string out;
  out.resize(static_cast<size_t>(size));
  size_t filled = 0;
  while (filled < out.size()) {
    MS_ASSIGN_OR_RETURN(size_t n, reader.read({reinterpret_cast<uint8_t*>(out.data()) + filled,
                                               out.size() - filled}));
    if (n == 0) break;
    filled += n;
  }
  uint8_t extra;
  MS_ASSIGN_OR_RETURN(size_t more, reader.read({&extra, 1}));
  if (filled != out.size() || more != 0)
    return make_error(ErrorCode::kCorrupt,
                      std::string(source) + ": " + std::string(what) + " is truncated");
  return out;
}

Error content_mismatch(std::string_view source, const std::string& path, std::string_view why) {
  return make_error(ErrorCode::kTampered, std::string(source) + ": file '" + path + "' " +
                                              std::string(why));
}

}  // namespace

Status check_reserved_entries(const Manifest& manifest, std::string_view source) {
  bool has_toml = false, has_card = false;
  auto too_large = [&](const FileRecord& f, size_t limit) {
    return make_error(ErrorCode::kLimitExceeded,
                      std::string(source) + ": the manifest declares " + f.path + " of " +
                          std::to_string(f.size) + " bytes, more than the limit of " +
                          std::to_string(limit) + " bytes");
  };
  for (const FileRecord& f : manifest.files) {
    if (f.path == kBundleTomlPath) {
      has_toml = true;
      if (f.size > formats::kMaxBundleTomlBytes) return too_large(f, formats::kMaxBundleTomlBytes);
    } else if (f.path == kModelCardPath) {
      has_card = true;
      if (f.size > formats::kMaxModelCardBytes) return too_large(f, formats::kMaxModelCardBytes);
    } else if (tree::path_is_under(f.path, kMetadataDir))
      return make_error(ErrorCode::kCorrupt, std::string(source) + ": unknown entry '" + f.path +
                                                 "' in the reserved folder " + kMetadataDir);
  }
  if (!has_toml || !has_card)
    return make_error(ErrorCode::kCorrupt, std::string(source) + ": the manifest must list " +
                                               kBundleTomlPath + " and " + kModelCardPath);
  return {};
}

Result<BundleMetadata> parse_bundled_metadata(std::string_view toml, const Manifest& manifest,
                                              std::string_view source) {
  std::string name = std::string(source) + ":" + kBundleTomlPath;
  auto parsed = formats::parse_bundle_toml(toml, name);
  if (!parsed.ok()) return parsed.error();
  if (parsed->name != manifest.name || parsed->version != manifest.version)
    return make_error(ErrorCode::kTampered,
                      std::string(source) + ": bundle.toml names " + parsed->name + " " +
                          parsed->version + " but the manifest names " + manifest.name + " " +
                          manifest.version);
  return parsed;
}

Status check_every_glob_matches(const tree::FileSelection& selection,
                                const std::vector<FileRecord>& files, std::string_view source,
                                std::string_view option) {
  std::vector<std::string_view> paths;
  for (const FileRecord& f : files) paths.push_back(f.path);
  if (auto glob = selection.glob_matching_nothing(paths))
    return make_error(ErrorCode::kTampered, std::string(source) + ": " + std::string(option) + " '" +
                                                *glob + "' matches no file the manifest lists");
  return {};
}

bool is_metadata_path(std::string_view path) { return tree::path_is_under(path, kMetadataDir); }

VerifiedContent verified_content(const Manifest& manifest, BundleMetadata metadata) {
  return {manifest.name,        manifest.version, manifest.content_digest,
          static_cast<uint64_t>(manifest.files.size()), total_size(manifest), manifest.files,
          std::move(metadata), {}};
}

Result<StreamResult> stream_bundle(const std::filesystem::path& path, const ReadOptions& options,
                                   EntryVisitor& visitor, StopAfter stop) {
  if (is_sealed_bundle(path))
    return make_error(ErrorCode::kInvalidArgument,
                      path.string() + ": is a sealed bundle: `modelseal open` decrypts, verifies "
                                      "and extracts it with its keystore");
  MS_ASSIGN_OR_RETURN(auto reader, archive::ArchiveReader::open(path));
  return stream_bundle(*reader, path, options, visitor, stop);
}

Result<StreamResult> stream_bundle(archive::ArchiveReader& archive, const std::filesystem::path& name,
                                   const ReadOptions& options, EntryVisitor& visitor,
                                   StopAfter stop) {
  const std::string source = name.string();
  archive::ArchiveReader* reader = &archive;

  MS_ASSIGN_OR_RETURN(auto first, reader->next());
  if (!first || first->path != kManifestPath)
    return make_error(ErrorCode::kCorrupt,
                      source + ": not a modelseal bundle (the first entry must be " +
                          kManifestPath + ")");
  if (first->size > options.limits.max_manifest_bytes)
    return make_error(ErrorCode::kLimitExceeded, source + ": manifest larger than the limit");
  MS_ASSIGN_OR_RETURN(std::string manifest_text,
                      read_entry_fully(*reader, first->size, source, "the manifest"));
  StreamResult result;
  MS_ASSIGN_OR_RETURN(result.manifest, parse_manifest(manifest_text, source, options.limits));
  MS_TRY(check_reserved_entries(result.manifest, source));
  MS_TRY(visitor.manifest_read(result.manifest));
  if (stop == StopAfter::kManifest) return result;

  const std::vector<FileRecord>& files = result.manifest.files;
  tree::ProgressMeter meter(options.progress, "verifying", total_size(result.manifest));
  unsigned threads = options.threads != 0 ? options.threads
                                          : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(files.size(), 1)));
  tree::HashPipeline hashers(threads, &meter);
  // Deferred: the reader goes on to the next entry before this one's digest is known.
  const bool deferred = threads > 1 && !visitor.needs_bytes();

  // Files before `end` whose digests were not yet checked are checked in order: the first
  // mismatch is the error a sequential read would have met first.
  size_t checked = 0;
  auto check_digests = [&](size_t end) -> Status {
    for (; checked < end; ++checked) {
      const FileRecord& f = files[checked];
      MS_ASSIGN_OR_RETURN(Sha256Digest actual, hashers.result(checked, [&] { meter.report(); }));
      if (!digests_equal(actual, f.sha256))
        return content_mismatch(source, f.path, "does not match the manifest (sha256 mismatch)");
      result.verified_bytes += f.size;
      MS_TRY(visitor.end_file(f));
    }
    return {};
  };
  // An error met at file `index` counts after any mismatch of the files before it.
  auto fail_at = [&](size_t index, const Error& error) -> Error {
    Status before = check_digests(index);
    return before.ok() ? error : before.error();
  };

  // One entry: its headers checked, its bytes to the hashers; true when the read stops there.
  size_t metadata_seen = 0;
  auto read_file = [&](size_t index) -> Result<bool> {
    if (index >= checked + kMaxFilesAhead) MS_TRY(check_digests(index + 1 - kMaxFilesAhead));
    const FileRecord& expected = files[index];
    MS_ASSIGN_OR_RETURN(auto entry, reader->next());
    if (!entry)
      return content_mismatch(source, expected.path, "is listed in the manifest but missing from the bundle");
    if (entry->path != expected.path) {
      bool listed = std::any_of(files.begin(), files.end(),
                                [&](const FileRecord& f) { return f.path == entry->path; });
      if (!listed) return content_mismatch(source, entry->path, "is not listed in the manifest");
      return content_mismatch(source, entry->path, "is duplicated or out of manifest order");
    }
    if (entry->size != expected.size)
      return content_mismatch(source, expected.path,
                      "has " + std::to_string(entry->size) + " bytes but the manifest declares " +
                          std::to_string(expected.size));
    // check_reserved_entries bounded both metadata files' sizes.
    bool is_metadata = expected.path == kBundleTomlPath || expected.path == kModelCardPath;

    MS_TRY(visitor.begin_file(expected));
    const std::optional<uint64_t> offset =
        deferred && !is_metadata ? reader->data_offset_in_file(expected.size) : std::nullopt;
    if (offset) {
      // An uncompressed archive file: a hashing thread reads the data where it lies.
      MS_TRY(hashers.add_range(reader->file_descriptor(), *offset, expected.size, source));
      MS_TRY(reader->skip_data());
      return false;
    }
    MS_TRY(hashers.begin_stream());
    std::string captured;
    uint64_t seen = 0;
    for (;;) {
      std::span<uint8_t> buffer = hashers.acquire();
      auto n = reader->read(buffer);
      if (!n.ok() || *n == 0) {
        hashers.submit(0);
        if (!n.ok()) return n.error();
        break;
      }
      seen += *n;
      std::span<const uint8_t> chunk = buffer.first(*n);
      Status used = seen > expected.size
                        ? Status(content_mismatch(source, expected.path, "is larger than declared"))
                        : visitor.file_data(chunk);
      if (is_metadata) captured.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
      hashers.submit(*n);
      MS_TRY(used);
      meter.add(*n);
      meter.report();
    }
    hashers.end_stream();
    if (seen != expected.size) return content_mismatch(source, expected.path, "is truncated");
    if (deferred && !is_metadata) return false;
    MS_TRY(check_digests(index + 1));

    if (expected.path == kBundleTomlPath) {
      MS_ASSIGN_OR_RETURN(result.metadata,
                          parse_bundled_metadata(captured, result.manifest, source));
    } else if (expected.path == kModelCardPath) {
      result.model_card_markdown = std::move(captured);
    }
    return is_metadata && ++metadata_seen == 2 && stop == StopAfter::kMetadata;
  };
  for (size_t index = 0; index < files.size(); ++index) {
    auto stop_here = read_file(index);
    if (!stop_here.ok()) return fail_at(index, stop_here.error());
    if (*stop_here) return result;
  }
  auto trailing = reader->next();
  if (!trailing.ok()) return fail_at(files.size(), trailing.error());
  if (*trailing)
    return fail_at(files.size(),
                   content_mismatch(source, (*trailing)->path, "is not listed in the manifest"));
  MS_TRY(check_digests(files.size()));
  meter.finish();
  result.complete = true;
  return result;
}

}  // namespace modelseal::bundle
