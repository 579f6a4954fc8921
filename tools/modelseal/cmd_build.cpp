#include <cstdlib>
#include <limits>

#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/bundle.hpp"
#include "output.hpp"

namespace modelseal::cli {
namespace {

Result<std::optional<int64_t>> source_date_epoch() {
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (!value || !*value) return std::optional<int64_t>{};
  char* end = nullptr;
  errno = 0;
  long long parsed = std::strtoll(value, &end, 10);
  if (errno != 0 || *end != '\0' || parsed < 0)
    return make_error(ErrorCode::kInvalidArgument,
                      std::string("SOURCE_DATE_EPOCH '") + value + "' is not a non-negative integer");
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
  app->add_option("-o,--output", *out, "The bundle file to write")->required();
  app->add_option("--compression", *compression, "zstd, zstd:LEVEL (1-19) or none (default zstd = zstd:1)");
  app->add_option("--threads", *threads, "Hashing and compression threads (default: one per core)");
  app->add_flag("--force", *force, "Replace an existing output file");
  return {app, [=] {
            auto parsed = parse_compression(*compression);
            if (!parsed.ok()) return usage_error(parsed.error().detail);
            auto epoch = source_date_epoch();
            if (!epoch.ok()) return usage_error(epoch.error().detail);
            BuildOptions options;
            options.model_dir = *dir;
            options.output = *out;
            options.compression = *parsed;
            options.threads = *threads;
            options.overwrite = *force;
            options.source_date_epoch = *epoch;
            options.progress = terminal_progress();
            auto built = build_bundle(options);
            if (!built.ok()) return report_error(built.error());
            fmt::print("built {}\n  model:          {} {}\n  files:          {} ({} payload)\n"
                       "  bundle size:    {}\n  content digest: {}\n",
                       *out, built->metadata.name, built->metadata.version, built->files.size(),
                       human_bytes(built->payload_bytes), human_bytes(built->archive_bytes),
                       built->content_digest.prefixed());
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
