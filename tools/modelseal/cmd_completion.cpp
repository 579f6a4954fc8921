// `completion SHELL` prints a completion script; the hidden `reference`
// writes docs/cli.md and the man pages. Both read the command tree at run
// time, so they describe every command registered in main.cpp.
#include <fmt/core.h>

#include <filesystem>
#include <memory>
#include <string>

#include "cli_docs.hpp"
#include "commands.hpp"
#include "completion.hpp"
#include "modelseal/output_file.hpp"
#include "output.hpp"

namespace modelseal::cli {

Command add_completion(CLI::App& root) {
  auto shell = std::make_shared<std::string>();
  CLI::App* app = root.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
  app->add_option("shell", *shell, "bash, zsh or fish")->required();
  return {app, [shell, &root] {
            const auto script = completion_script(cli_tree(root), *shell);
            if (!script) return usage_error("unknown shell '" + *shell + "' (bash, zsh or fish)");
            fmt::print("{}", *script);
            return kExitOk;
          }};
}

Command add_reference(CLI::App& root) {
  struct Flags {
    std::string format;
    std::string man_dir;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* app = root.add_subcommand("reference", "Write the command reference (docs/cli.md) or the man pages");
  app->group("");  // for the build and the docs check, not for users
  app->add_option("format", f->format, "markdown (to stdout) or man (into --man-dir)")
      ->required()
      ->check(CLI::IsMember({"markdown", "man"}));
  app->add_option("--man-dir", f->man_dir, "The folder the man pages are written into (it must exist)");
  return {app, [f, &root] {
            const auto tree = cli_tree(root);
            if (f->format == "markdown") {
              fmt::print("{}", markdown_reference(tree));
              return kExitOk;
            }
            if (f->man_dir.empty()) return usage_error("reference man needs --man-dir");
            for (const CliCommand& c : tree) {
              const auto path = std::filesystem::path(f->man_dir) / man_page_name(c);
              if (auto written = write_output_file(path, man_page(c, tree), true); !written.ok())
                return report_error(written.error());
            }
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
