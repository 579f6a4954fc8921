#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/bundle.hpp"
#include "output.hpp"

namespace modelseal::cli {

Command add_extract(CLI::App& root) {
  auto* app = root.add_subcommand("extract", "Extract a bundle safely, checking every file");
  auto bundle = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  app->add_option("bundle", *bundle, "The .mbundle file")->required();
  app->add_option("-C,--directory", *out, "Destination folder (must not exist, or be empty)")->required();
  return {app, [=] {
            ReadOptions options;
            options.progress = terminal_progress();
            auto done = extract_bundle(*bundle, *out, options);
            if (!done.ok()) return report_error(done.error());
            fmt::print("extracted {} {} into {}: {} files, {}, content digest {}\n", done->name,
                       done->version, *out, done->file_count, human_bytes(done->total_bytes),
                       done->content_digest.prefixed());
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
