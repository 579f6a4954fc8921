#include <fmt/core.h>

#include "commands.hpp"
#include "count_options.hpp"
#include "modelseal/bundle.hpp"
#include "output.hpp"
#include "stdin_input.hpp"

namespace modelseal::cli {

Command add_extract(CLI::App& root) {
  auto* app = root.add_subcommand("extract", "Extract a bundle safely, checking every file");
  auto bundle = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  app->add_option("bundle", *bundle, "The .mbundle file ('-': standard input)")->required();
  app->add_option("-C,--directory", *out, "Destination folder (must not exist, or be empty)")->required();
  auto force = std::make_shared<bool>(false);
  app->add_flag("--force", *force,
                "Replace the destination folder when an earlier extract wrote it (swapped in one rename)");
  auto filter = std::make_shared<std::vector<std::string>>();
  app->add_option("--filter", *filter,
                  "Write only the files matching this glob (and .modelseal/); every file is still "
                  "checked; repeatable")
      ->allow_extra_args(false);
  auto threads = std::make_shared<unsigned>(0);
  add_threads_option(*app, *threads, "Hashing threads");
  return {app, [=] {
            auto input = InputFile::open(*bundle);
            if (!input.ok()) return report_error(input.error());
            ReadOptions options;
            options.progress = terminal_progress();
            options.threads = *threads;
            auto done = extract_bundle(input->path(), *out, options, *filter, *force);
            if (!done.ok()) return report_error(done.error());
            if (filter->empty()) {
              say("extracted {} {} into {}: {}, {}, content digest {}\n", done->name,
                         done->version, *out, count_of(done->file_count, "file"), human_bytes(done->total_bytes),
                         done->content_digest.prefixed());
              return kExitOk;
            }
            say("extracted {} {} into {}: partial extraction (--filter): wrote {} of {} "
                       "files, all {} checked, content digest {}\n",
                       done->name, done->version, *out, done->file_count - done->absent_files.size(),
                       done->file_count, done->file_count, done->content_digest.prefixed());
            for (const std::string& name : done->absent_files)
              say("  left out: {}\n", name);
            say("  the folder holds the whole manifest: verify it with the same --only globs\n");
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
