// modelseal's bundle API: build a reproducible .mbundle from a model folder,
// read its description, verify it against its manifest, extract it safely,
// and compute the OMS content digest of bundles and plain folders.
// Format: specs/bundle-v1.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/digest.hpp"
#include "modelseal/metadata.hpp"
#include "modelseal/progress.hpp"
#include "modelseal/result.hpp"

namespace modelseal {

// Reserved folder inside every bundle.
inline constexpr char kMetadataDir[] = ".modelseal";
inline constexpr char kManifestPath[] = ".modelseal/manifest.json";
inline constexpr char kBundleTomlPath[] = ".modelseal/bundle.toml";
inline constexpr char kModelCardPath[] = ".modelseal/MODEL_CARD.md";
inline constexpr char kBundleFormat[] = "modelseal.bundle/v1";

struct FileRecord {
  std::string path;  // relative, '/'-separated
  uint64_t size = 0;
  Sha256Digest sha256;
};

// Limits applied to untrusted bundles. Defaults are safe; a registry's policy
// may tighten them.
struct ReadLimits {
  uint64_t max_manifest_bytes = 64ull << 20;
  uint64_t max_files = 1'000'000;
  uint64_t max_file_bytes = 1ull << 42;   // 4 TiB
  uint64_t max_total_bytes = 1ull << 44;  // 16 TiB
};

enum class CompressionKind { kZstd, kNone };

struct Compression {
  CompressionKind kind = CompressionKind::kZstd;
  int level = 1;
};

// Parses "zstd", "zstd:LEVEL" (1..19) or "none".
Result<Compression> parse_compression(std::string_view text);

struct InitResult {
  std::filesystem::path bundle_toml;
  std::vector<std::string> prefilled;  // what was pre-filled, from which file
  std::vector<std::string> warnings;   // files and values of the folder not used, and why
  size_t placeholders = 0;             // values left to fill, each marked FILL ME
};

// Writes a commented bundle.toml into `model_dir` (atomically; refusing to
// replace one unless `overwrite`), pre-filled with what its README.md front
// matter, config.json and generation_config.json say. A missing, unreadable
// or malformed one of those is a warning, never an error.
Result<InitResult> write_bundle_toml_template(const std::filesystem::path& model_dir,
                                              std::string_view model_name, bool overwrite);

// The largest SOURCE_DATE_EPOCH a bundle can record: 11 octal digits of a ustar mtime.
inline constexpr int64_t kMaxSourceDateEpoch = 8589934591;

// Parses the value of SOURCE_DATE_EPOCH (specs/bundle-v1.md, section 4): one or
// more ASCII digits and nothing else (no sign, space or prefix), at most
// kMaxSourceDateEpoch. Anything else, the empty string included, is
// kInvalidArgument: a typo must not silently stamp the bundle with 0.
Result<int64_t> parse_source_date_epoch(std::string_view text);

struct BuildOptions {
  std::filesystem::path model_dir;
  std::filesystem::path output;
  Compression compression;
  unsigned threads = 0;  // 0: one per core
  bool overwrite = false;
  // Timestamp of every archive entry: SOURCE_DATE_EPOCH when set, else 0.
  std::optional<int64_t> source_date_epoch;
  ProgressFn progress;
};

struct BuildResult {
  BundleMetadata metadata;
  Sha256Digest content_digest;
  std::vector<FileRecord> files;  // every file the digest covers, in OMS order
  uint64_t payload_bytes = 0;
  uint64_t archive_bytes = 0;
};

Result<BuildResult> build_bundle(const BuildOptions& options);

// One problem, field by field (lint --json).
struct FolderProblem {
  std::string file;      // bundle.toml; the model folder when the message does not start with it
  uint32_t line = 0;     // 1-based position in `file`; 0 when the problem has none
  uint32_t column = 0;
  ErrorCode code = ErrorCode::kInvalidMetadata;
  std::string message;   // what is wrong, without the "<file>:<line>:<col>: " prefix
};

// What `lint` and `build --check` report: the problems build_bundle stops at before it hashes or
// writes anything (every problem of bundle.toml at once; else the payload selection, its files and
// names, the model card's size), found without hashing or writing.
struct FolderCheck {
  std::vector<std::string> problems;  // one line each, in source order; empty: the folder builds
  std::vector<FolderProblem> located; // the same problems, field by field: problems[i] is located[i]
  size_t problem_count = 0;           // problems.size(), plus those beyond the ones listed
};

// Errors, when nothing could be checked: a missing folder or bundle.toml, a bundle.toml that is
// not a regular file (a link, a FIFO), a file or folder that cannot be read.
Result<FolderCheck> check_model_folder(const std::filesystem::path& model_dir);

// Where `build` writes without -o: NAME-VERSION.mbundle (from bundle.toml) beside the model folder.
Result<std::filesystem::path> default_bundle_path(const std::filesystem::path& model_dir);

// What a bundle says about itself: manifest and bundle.toml, read from the
// front of the archive. Only the entries read are checked against the
// manifest; use verify_bundle for the whole content.
struct BundleInfo {
  std::string name;
  std::string version;
  Sha256Digest content_digest;
  std::vector<FileRecord> files;
  BundleMetadata metadata;
  std::string model_card_markdown;
};

Result<BundleInfo> inspect_bundle(const std::filesystem::path& bundle, const ReadLimits& limits = {});

// What build_bundle would write for `model_dir`, without writing anything: the
// files (payload hashed, the generated .modelseal/ files included), the content
// digest and the metadata. `inspect FOLDER`.
Result<BundleInfo> preview_bundle(const std::filesystem::path& model_dir, unsigned threads = 0,
                                  const ProgressFn& progress = {});

// Proof that every file of a bundle (or extracted folder) matched its
// manifest. Returned only on success; an unchecked value cannot be mistaken
// for a verdict.
struct VerifiedContent {
  std::string name;
  std::string version;
  Sha256Digest content_digest;
  uint64_t file_count = 0;
  uint64_t total_bytes = 0;
  std::vector<FileRecord> files;  // every file the manifest lists, in OMS order
  BundleMetadata metadata;        // the bundled bundle.toml
  // With a selection of files (`verify --only`, `extract --filter`, docs/verify-only.md): the
  // listed files the selection left out that are not in the folder. An extraction still checked
  // their bytes in the archive; a folder verification could not (they were not there).
  std::vector<std::string> absent_files;
};

struct ReadOptions {
  ReadLimits limits;
  unsigned threads = 0;
  ProgressFn progress;
};

// One streaming pass over the archive, memory independent of its size.
Result<VerifiedContent> verify_bundle(const std::filesystem::path& bundle,
                                      const ReadOptions& options = {});

// A bundle file verified as verify_bundle does and hashed whole in the same single read of one
// open file: `archive_sha256` is the SHA-256 of exactly the bytes verified (attest,
// verify-attestation, seal), never of a file swapped in between.
struct VerifiedArchive {
  VerifiedContent content;
  Sha256Digest archive_sha256;
  uint64_t archive_bytes = 0;
};

// Errors as verify_bundle's; also a non-regular or empty file (kInvalidArgument) and a file
// that grows or shrinks during the read (kTampered, "the bundle changed while it was being read").
Result<VerifiedArchive> verify_and_hash_bundle(const std::filesystem::path& bundle,
                                               const ReadOptions& options = {});

// Extracts into `out_dir` (which must not exist, or be an empty folder):
// files are written into a private temporary folder beside it, checked
// against the manifest as they stream, and the folder is renamed into place
// only when everything matched. On failure nothing is left behind.
// `filter` (globs, `extract --filter`): only the files matching one are written, and the
// .modelseal/ files, but every file of the archive is still checked; a glob that matches no
// listed file is kTampered (the bundle does not hold what was asked for), a malformed one
// kInvalidArgument. `replace` (`extract --force`): a non-empty `out_dir` that an earlier
// extraction wrote (it holds .modelseal/manifest.json) is swapped for the new folder in one
// rename, then removed; any other non-empty folder is still refused.
Result<VerifiedContent> extract_bundle(const std::filesystem::path& bundle,
                                       const std::filesystem::path& out_dir,
                                       const ReadOptions& options = {},
                                       const std::vector<std::string>& filter = {},
                                       bool replace = false);

// Verifies an extracted bundle folder against its .modelseal/manifest.json:
// no file missing, added or changed. `only` (globs, `verify --only`): a listed file that matches
// none of them may be absent (one present is still checked); the .modelseal/ files are always
// required; a glob that matches no listed file is kTampered.
Result<VerifiedContent> verify_bundle_folder(const std::filesystem::path& folder,
                                             const ReadOptions& options = {},
                                             const std::vector<std::string>& only = {});

// The content digest of a bundle, once verify_bundle has checked every file
// against the manifest: a bundle whose data was changed has no digest. A
// sealed bundle's data cannot be checked without its key: its header's digest
// is returned, checked only against the manifest in the header.
Result<Sha256Digest> read_bundle_digest(const std::filesystem::path& bundle,
                                        const ReadOptions& options = {});

// The content digest recorded in a bundle's manifest (or sealed header),
// checked for internal consistency only: the file data is NOT read.
Result<Sha256Digest> read_manifest_digest(const std::filesystem::path& bundle,
                                          const ReadLimits& limits = {});

struct DigestOptions {
  std::vector<std::string> ignore;  // relative to the folder, with subtrees
  unsigned threads = 0;
  ProgressFn progress;
  // Follow links to files inside the model folder, or inside the repository
  // folder of a Hugging Face cache snapshot (docs/hugging-face.md); a file is
  // named by the link's path and hashed from its target.
  bool allow_symlinks = false;
};

struct FolderDigest {
  Sha256Digest root;
  std::vector<FileRecord> files;  // in OMS order
};

// OMS v1.0 root digest of a folder (or of a single file, named ".").
Result<FolderDigest> digest_folder(const std::filesystem::path& path, const DigestOptions& options);

// True when `path` looks like a bundle file (zstd or tar magic) rather than a
// folder; used by the CLI to route `digest` and `verify`.
bool is_bundle_file(const std::filesystem::path& path);

}  // namespace modelseal
