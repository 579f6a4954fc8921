#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/sealed.hpp"
#include "output.hpp"

namespace modelseal::cli {

Command add_digest(CLI::App& root) {
  auto* app = root.add_subcommand(
      "digest", "Print the content digest (OMS v1.0 root digest) of a bundle or a model folder");
  auto path = std::make_shared<std::string>();
  auto ignores = std::make_shared<std::vector<std::string>>();
  auto threads = std::make_shared<unsigned>(0);
  app->add_option("path", *path, "A .mbundle file, a model folder, or a single-file model")->required();
  app->add_option("--ignore", *ignores, "A path (relative to the folder) to leave out, with its subtree")
      ->allow_extra_args(false);
  app->add_option("--threads", *threads, "Hashing threads (default: one per core)");
  return {app, [=] {
            if (is_bundle_file(*path) || is_sealed_bundle(*path)) {
              if (!ignores->empty()) return usage_error("--ignore applies to folders, not bundles");
              auto digest = read_bundle_digest(*path);
              if (!digest.ok()) return report_error(digest.error());
              fmt::print("{}\n", digest->prefixed());
              return kExitOk;
            }
            auto digest = digest_folder(*path, {*ignores, *threads, terminal_progress()});
            if (!digest.ok()) return report_error(digest.error());
            fmt::print("{}\n", digest->root.prefixed());
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
