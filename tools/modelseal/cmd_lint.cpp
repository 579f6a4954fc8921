// lint FOLDER, and build --check FOLDER: every problem `build` would stop at before writing
// (check_model_folder), one per line as "<file>:<line>:<col>: <what>", then their count.
#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/bundle.hpp"
#include "output.hpp"

namespace modelseal::cli {

int run_folder_check(const std::string& folder) {
  auto checked = check_model_folder(folder);
  if (!checked.ok()) return report_error(checked.error());
  if (checked->problems.empty()) {
    say("{}: no problems (bundle.toml and the payload it selects)\n", folder);
    return kExitOk;
  }
  for (const std::string& line : checked->problems) fmt::print("{}\n", line);
  if (checked->problem_count > checked->problems.size())
    fmt::print("... and {} more not listed\n", checked->problem_count - checked->problems.size());
  fmt::print("{}\n", count_of(checked->problem_count, "problem"));
  return kExitRejected;
}

Command add_lint(CLI::App& root) {
  auto* app = root.add_subcommand(
      "lint", "List every problem of a model folder's bundle.toml and payload, without building");
  auto dir = std::make_shared<std::string>();
  app->add_option("folder", *dir, "The model folder (with bundle.toml)")->required();
  return {app, [=] { return run_folder_check(*dir); }};
}

}  // namespace modelseal::cli
