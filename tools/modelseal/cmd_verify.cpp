#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/bundle.hpp"
#include "output.hpp"

namespace modelseal::cli {

Command add_verify(CLI::App& root) {
  auto* app = root.add_subcommand("verify", "Verify a bundle or an extracted bundle folder");
  auto path = std::make_shared<std::string>();
  auto integrity_only = std::make_shared<bool>(false);
  auto threads = std::make_shared<unsigned>(0);
  app->add_option("path", *path, "A .mbundle file or an extracted bundle folder")->required();
  app->add_flag("--integrity-only", *integrity_only,
                "Check the content against the bundle's manifest (no signature check)");
  app->add_option("--threads", *threads, "Hashing threads for folders (default: one per core)");
  return {app, [=] {
            if (!*integrity_only)
              return usage_error(
                  "this version verifies integrity only: pass --integrity-only (signature "
                  "verification needs 'modelseal sign', which is not part of this release)");
            ReadOptions options;
            options.threads = *threads;
            options.progress = terminal_progress();
            std::error_code ec;
            auto verified = std::filesystem::is_directory(*path, ec)
                                ? verify_bundle_folder(*path, options)
                                : verify_bundle(*path, options);
            if (!verified.ok()) return report_error(verified.error());
            fmt::print("verified {}: {} {}, {} files, {}, content digest {} (integrity only: no "
                       "signature was checked)\n",
                       *path, verified->name, verified->version, verified->file_count,
                       human_bytes(verified->total_bytes), verified->content_digest.prefixed());
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
