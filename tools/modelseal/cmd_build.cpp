#include <cstdlib>

#include <fmt/core.h>

#include "commands.hpp"
#include "count_options.hpp"
#include "modelseal/bundle.hpp"
#include "output.hpp"

namespace modelseal::cli {
namespace {

// SOURCE_DATE_EPOCH when set (even to an empty or malformed value, which is an error).
Result<std::optional<int64_t>> source_date_epoch() {
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (!value) return std::optional<int64_t>{};
  MS_ASSIGN_OR_RETURN(int64_t parsed, parse_source_date_epoch(value));
  return std::optional<int64_t>{parsed};
}

}  // namespace

Command add_build(CLI::App& root) {
  auto* app = root.add_subcommand("build", "Build a reproducible bundle from a model folder");
  auto dir = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto compression = std::make_shared<std::string>("zstd");
  auto threads = std::make_shared<unsigned>(0);
  auto force = std::make_shared<bool>(false);
  app->add_option("folder", *dir, "The model folder (with bundle.toml)")->required();
  app->add_option("-o,--output", *out, "The bundle file to write (default: NAME-VERSION.mbundle beside the folder)");
  app->add_option("--compression", *compression, "zstd, zstd:LEVEL (1-19) or none (default zstd = zstd:1)");
  add_threads_option(*app, *threads, "Hashing and compression threads");
  app->add_flag("--force", *force, "Replace an existing output file");
  auto check = std::make_shared<bool>(false);
  app->add_flag("--check", *check,
                "Write nothing: list every problem of bundle.toml and the payload, as 'modelseal lint'");
  return {app, [=] {
            if (*check && (!out->empty() || *force))
              return usage_error("--check writes nothing: leave out -o/--output and --force");
            if (*check) return run_folder_check(*dir);
            auto parsed = parse_compression(*compression);
            if (!parsed.ok()) return usage_error(parsed.error().detail);
            auto epoch = source_date_epoch();
            if (!epoch.ok()) return usage_error(epoch.error().detail);
            BuildOptions options;
            options.model_dir = *dir;
            if (out->empty()) {
              auto path = default_bundle_path(*dir);
              if (!path.ok()) return report_error(path.error());
              *out = path->string();
            }
            options.output = *out;
            options.compression = *parsed;
            options.threads = *threads;
            options.overwrite = *force;
            options.source_date_epoch = *epoch;
            options.progress = terminal_progress();
            auto built = build_bundle(options);
            if (!built.ok()) return report_error(built.error());
            uint64_t total = 0;
            for (const FileRecord& f : built->files) total += f.size;
            say("built {}\n  model:          {} {}\n  files:          {}, {} (payload {}, .modelseal/ metadata {})\n"
                       "  bundle size:    {}\n  content digest: {}\n",
                       *out, built->metadata.name, built->metadata.version, count_of(built->files.size(), "file"),
                       human_bytes(total), human_bytes(built->payload_bytes), human_bytes(total - built->payload_bytes),
                       human_bytes(built->archive_bytes), built->content_digest.prefixed());
            for (const FileRecord& f : built->files) detail("  {:>12}  {}  {}\n", f.size, f.sha256.hex(), f.path);
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
