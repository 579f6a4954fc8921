#include <fmt/core.h>

#include "commands.hpp"
#include "count_options.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/sealed.hpp"
#include "output.hpp"
#include "stdin_input.hpp"

namespace modelseal::cli {
namespace {

// A bundle's digest: by default only once every file matched the manifest
// (the data is streamed and hashed anyway); with --manifest-only, or for a
// sealed bundle whose data needs its key, the manifest's digest, saying so.
int print_bundle_digest(const std::string& path, bool manifest_only, unsigned threads) {
  const bool sealed = is_sealed_bundle(path);
  if (manifest_only || sealed) {
    auto digest = read_manifest_digest(path);
    if (!digest.ok()) return report_error(digest.error());
    fmt::print("{}\n", digest->prefixed());
    fmt::print(stderr, "modelseal: note: {}: the digest recorded in the {}; the file data was NOT "
                       "verified ({})\n",
               as_shown(path), sealed ? "sealed header" : "manifest",
               sealed ? "`modelseal open` checks it with the key" : "run without --manifest-only to verify it");
    return kExitOk;
  }
  ReadOptions options;
  options.threads = threads;
  options.progress = terminal_progress();
  auto digest = read_bundle_digest(path, options);
  if (!digest.ok()) return report_error(digest.error());
  fmt::print("{}\n", digest->prefixed());
  return kExitOk;
}

}  // namespace

Command add_digest(CLI::App& root) {
  auto* app = root.add_subcommand(
      "digest",
      "Print the content digest (OMS v1.0 root digest) of a bundle or a model folder; a bundle's "
      "files are verified against its manifest first. A bundle's digest also covers the "
      ".modelseal/ files build adds (bundle.toml, MODEL_CARD.md), so it differs from the digest "
      "of the folder it was built from; it equals the digest of the folder extract writes");
  auto path = std::make_shared<std::string>();
  auto ignores = std::make_shared<std::vector<std::string>>();
  auto threads = std::make_shared<unsigned>(0);
  auto manifest_only = std::make_shared<bool>(false);
  auto allow_symlinks = std::make_shared<bool>(false);
  app->add_option("path", *path, "A .mbundle file, a model folder, or a single-file model ('-': standard input)")->required();
  app->add_option("--ignore", *ignores, "A path (relative to the folder) to leave out, with its subtree")
      ->allow_extra_args(false);
  add_threads_option(*app, *threads, "Hashing threads");
  app->add_flag("--manifest-only", *manifest_only,
                "Bundles: print the digest recorded in the manifest WITHOUT verifying the file data "
                "(fast, but a bundle with corrupted data still gets a digest)");
  add_allow_symlinks_flag(app, *allow_symlinks);
  return {app, [=] {
            auto input = InputFile::open(*path);
            if (!input.ok()) return report_error(input.error());
            const std::string& target = input->path();
            if (is_bundle_file(target) || is_sealed_bundle(target)) {
              if (!ignores->empty()) return usage_error("--ignore applies to folders, not bundles");
              if (*allow_symlinks)
                return usage_error("--allow-symlinks applies to folders, not bundles");
              return print_bundle_digest(target, *manifest_only, *threads);
            }
            if (*manifest_only) return usage_error("--manifest-only applies to bundles, not folders");
            auto digest =
                digest_folder(target, {*ignores, *threads, terminal_progress(), *allow_symlinks});
            if (!digest.ok()) return report_error(digest.error());
            fmt::print("{}\n", digest->root.prefixed());
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
