// build_bundle: model folder + bundle.toml -> reproducible .mbundle.
// Pass 1 hashes the payload on every core (the manifest goes first in the
// archive); pass 2 streams each file into the archive, hashing it again so a
// file that changed in between fails the build instead of the manifest lying.
#include <fcntl.h>

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "archive/byte_sink.hpp"
#include "archive/tar_writer.hpp"
#include "bundle/manifest.hpp"
#include "bundle/payload.hpp"
#include "formats/bundle_toml/model_card.hpp"
#include "base/file_io.hpp"
#include "tree/async_hasher.hpp"
#include "tree/parallel_hash.hpp"
#include "tree/path_rules.hpp"

namespace modelseal {
namespace {

// One file of the bundle: either bytes we generated, or a payload file.
struct BundleFile {
  FileRecord record;
  std::string generated;  // metadata content when location is empty
  std::filesystem::path location;
};

Status write_payload_file(archive::TarWriter& tar, const BundleFile& file, tree::AsyncHasher& hasher,
                          tree::ProgressMeter& meter) {
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(file.location, fs::Links::kRefuse));
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  MS_TRY(tar.begin_file(file.record.path, file.record.size));
  MS_TRY(hasher.begin());
  uint64_t total = 0;
  for (;;) {
    std::span<uint8_t> buffer = hasher.acquire();
    auto n = fs::read_some(fd.get(), buffer, file.location);
    if (!n.ok() || *n == 0 || total + *n > file.record.size) {
      hasher.submit(0);
      if (!n.ok()) return n.error();
      total += *n;
      break;
    }
    total += *n;
    Status written = tar.write_data(buffer.first(*n));
    hasher.submit(*n);
    MS_TRY(written);
    meter.add(*n);
    meter.report();
  }
  MS_ASSIGN_OR_RETURN(Sha256Digest digest, hasher.finish());
  if (total != file.record.size || !digests_equal(digest, file.record.sha256))
    return make_error(ErrorCode::kIo,
                      file.location.string() + ": file changed while the bundle was being built");
  return tar.end_file();
}

Result<BundleFile> generated_file(std::string path, std::string content) {
  auto bytes = std::span(reinterpret_cast<const uint8_t*>(content.data()), content.size());
  MS_ASSIGN_OR_RETURN(Sha256Digest digest, sha256_of(bytes));
  return BundleFile{{std::move(path), content.size(), digest}, std::move(content), {}};
}

// The bundle.toml being built is the publisher's configuration: its schema errors exit 2. The
// folder's other problems (a link, an unreadable file) keep their codes.
Error bundle_toml_error(Error error) {
  if (error.code == ErrorCode::kInvalidMetadata) error.code = ErrorCode::kInvalidConfig;
  return error;
}

// Everything a build decides before writing: the files, their digests and the manifest.
struct BundlePlan {
  bundle::ModelSource source;
  std::string model_card;
  std::vector<BundleFile> files;  // OMS order, the generated metadata files included
  bundle::Manifest manifest;
  uint64_t payload_bytes = 0;
};

// The checks of a build before any hashing: bundle.toml and the payload (load_model_source), then
// the size of the model card. Shared by the build and by check_model_folder. The codes are the
// library's own (bundle_toml_error is the build's reading of them).
struct CheckedSource {
  bundle::ModelSource source;
  std::string model_card;
};

Result<CheckedSource> load_checked_source(const std::filesystem::path& model_dir,
                                          const std::filesystem::path& output,
                                          formats::toml_schema::ProblemList* problems = nullptr) {
  MS_ASSIGN_OR_RETURN(bundle::ModelSource source, bundle::load_model_source(model_dir, output, problems));
  std::string model_card = formats::render_model_card_markdown(source.metadata);
  if (model_card.size() > formats::kMaxModelCardBytes)
    return make_error(ErrorCode::kLimitExceeded,
                      fmt::format("{}: the model card rendered from bundle.toml would be {} bytes, "
                                  "more than the limit of {} bytes that readers accept (shorten "
                                  "the longest texts of bundle.toml)",
                                  model_dir.string(), model_card.size(), formats::kMaxModelCardBytes));
  return CheckedSource{std::move(source), std::move(model_card)};
}

Result<BundlePlan> plan_bundle(const std::filesystem::path& model_dir, const std::filesystem::path& output,
                               unsigned threads, const ProgressFn& progress) {
  BundlePlan plan;
  auto checked = load_checked_source(model_dir, output);
  if (!checked.ok()) return bundle_toml_error(checked.error());
  plan.source = std::move(checked->source);
  std::string model_card = std::move(checked->model_card);

  // Hashed in reverse archive order (hash_files takes the largest first, keeping this order among
  // equal sizes): when the payload outgrows the page cache, the files the writing pass reads first
  // are the ones read last here, the likeliest to be still cached.
  std::vector<tree::FileToHash> to_hash;
  for (auto e = plan.source.payload.rbegin(); e != plan.source.payload.rend(); ++e) {
    to_hash.push_back({e->location, e->size});
    plan.payload_bytes += e->size;
  }
  tree::ProgressMeter hash_meter(progress, "hashing", plan.payload_bytes);
  MS_ASSIGN_OR_RETURN(std::vector<Sha256Digest> digests, tree::hash_files(to_hash, threads, hash_meter));
  hash_meter.finish();

  for (size_t i = 0; i < plan.source.payload.size(); ++i) {
    const tree::TreeEntry& e = plan.source.payload[i];
    plan.files.push_back({{e.path, e.size, digests[digests.size() - 1 - i]}, {}, e.location});
  }
  MS_ASSIGN_OR_RETURN(BundleFile toml, generated_file(kBundleTomlPath, plan.source.bundle_toml));
  plan.model_card = model_card;
  MS_ASSIGN_OR_RETURN(BundleFile card, generated_file(kModelCardPath, std::move(model_card)));
  plan.files.push_back(std::move(toml));
  plan.files.push_back(std::move(card));
  std::sort(plan.files.begin(), plan.files.end(), [](const BundleFile& a, const BundleFile& b) {
    return tree::path_less(a.record.path, b.record.path);
  });

  plan.manifest = bundle::Manifest{plan.source.metadata.name, plan.source.metadata.version, {}, {}};
  std::vector<Sha256Digest> ordered;
  for (const BundleFile& f : plan.files) {
    plan.manifest.files.push_back(f.record);
    ordered.push_back(f.record.sha256);
  }
  MS_ASSIGN_OR_RETURN(plan.manifest.content_digest, tree::root_digest(ordered));
  return plan;
}

}  // namespace

Result<BundleInfo> preview_bundle(const std::filesystem::path& model_dir, unsigned threads,
                                  const ProgressFn& progress) {
  MS_ASSIGN_OR_RETURN(BundlePlan plan, plan_bundle(model_dir, {}, threads, progress));
  return BundleInfo{plan.manifest.name, plan.manifest.version, plan.manifest.content_digest,
                    std::move(plan.manifest.files), std::move(plan.source.metadata), std::move(plan.model_card)};
}

namespace {

// The one problem of an error that stopped the check before bundle.toml was read (a link in
// its place, a problem of the payload): in bundle.toml when the message starts with its path,
// else in the model folder. (Problems inside bundle.toml, a syntax error too, come listed with
// their line and column.)
FolderProblem folder_problem_of_error(const std::filesystem::path& model_dir, const Error& error) {
  FolderProblem problem{model_dir.string(), 0, 0, error.code, error.detail};
  for (const std::filesystem::path& toml : {model_dir / "bundle.toml", model_dir / kBundleTomlPath}) {
    const std::string prefix = toml.string() + ":";
    if (!error.detail.starts_with(prefix)) continue;
    problem.file = toml.string();
    problem.message = error.detail.substr(prefix.size());
    break;
  }
  if (problem.message.starts_with(" ")) problem.message.erase(0, 1);
  return problem;
}

}  // namespace

Result<FolderCheck> check_model_folder(const std::filesystem::path& model_dir) {
  formats::toml_schema::ProblemList problems;
  auto checked = load_checked_source(model_dir, {}, &problems);
  FolderCheck check;
  if (checked.ok()) return check;
  if (problems.total > 0) {
    for (const formats::toml_schema::ListedProblem& p : problems.entries)
      check.located.push_back({problems.source, p.where.line, p.where.column, p.code, p.what});
    check.problems = std::move(problems.lines);
    check.problem_count = problems.total;
    return check;
  }
  // A missing folder or bundle.toml, a link in its place, an unreadable file: nothing was checked.
  if (!is_rejection(checked.error().code)) return checked.error();
  check.problems.push_back(checked.error().detail);
  check.located.push_back(folder_problem_of_error(model_dir, checked.error()));
  check.problem_count = 1;
  return check;
}

Result<std::filesystem::path> default_bundle_path(const std::filesystem::path& model_dir) {
  auto source = bundle::load_model_source(model_dir, {});
  if (!source.ok()) return bundle_toml_error(source.error());
  std::error_code ec;
  std::filesystem::path folder = std::filesystem::absolute(model_dir, ec).lexically_normal();
  if (ec) return make_error(ErrorCode::kIo, model_dir.string() + ": " + ec.message());
  if (!folder.has_filename()) folder = folder.parent_path();  // "my-model/"
  return folder.parent_path() / (source->metadata.name + "-" + source->metadata.version + ".mbundle");
}

Result<BuildResult> build_bundle(const BuildOptions& options) {
  MS_TRY(fs::check_output_path(options.output, options.overwrite));
  fs::AtomicFile::remove_stale(options.output);  // before the walk: one may lie in the model folder
  int64_t mtime = options.source_date_epoch.value_or(0);
  if (!archive::TarWriter::valid_mtime(mtime))
    return make_error(ErrorCode::kInvalidArgument,
                      "SOURCE_DATE_EPOCH must be between 0 and 8589934591");
  MS_ASSIGN_OR_RETURN(BundlePlan plan, plan_bundle(options.model_dir, options.output, options.threads, options.progress));
  std::string manifest_text = bundle::serialize_manifest(plan.manifest);
  const uint64_t payload_bytes = plan.payload_bytes;
  const std::vector<BundleFile>& files = plan.files;

  MS_ASSIGN_OR_RETURN(fs::AtomicFile out, fs::AtomicFile::create(options.output, options.overwrite));
  MS_ASSIGN_OR_RETURN(auto sink, archive::make_file_sink(out, options.compression, options.threads));
  archive::TarWriter tar(*sink, mtime);
  tree::ProgressMeter write_meter(options.progress, "writing", payload_bytes);
  tree::AsyncHasher hasher;
  auto as_bytes = [](const std::string& s) {
    return std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  MS_TRY(tar.begin_file(kManifestPath, manifest_text.size()));
  MS_TRY(tar.write_data(as_bytes(manifest_text)));
  MS_TRY(tar.end_file());
  for (const BundleFile& f : files) {
    if (f.location.empty()) {
      MS_TRY(tar.begin_file(f.record.path, f.record.size));
      MS_TRY(tar.write_data(as_bytes(f.generated)));
      MS_TRY(tar.end_file());
    } else {
      MS_TRY(write_payload_file(tar, f, hasher, write_meter));
    }
  }
  MS_TRY(tar.finish());
  MS_TRY(out.commit());
  write_meter.finish();

  return BuildResult{std::move(plan.source.metadata), plan.manifest.content_digest,
                     std::move(plan.manifest.files), payload_bytes, sink->bytes_out()};
}

}  // namespace modelseal
