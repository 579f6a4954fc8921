// lint FOLDER, and build --check FOLDER: every problem `build` would stop at before writing
// (check_model_folder), one per line as "<file>:<line>:<col>: <what>", then their count; with
// --json, the lint verdict document (docs/json-output.md) instead.
#include <fmt/core.h>

#include "commands.hpp"
#include "json_output.hpp"
#include "modelseal/bundle.hpp"
#include "output.hpp"

namespace modelseal::cli {

int run_folder_check(const std::string& folder, bool json) {
  auto checked = check_model_folder(folder);
  if (!checked.ok()) {
    if (!json) return report_error(checked.error());
    const std::string toml = (std::filesystem::path(folder) / "bundle.toml").string();
    return print_error_document("lint", folder, checked.error(), file_named_in(checked.error(), {toml}, folder));
  }
  if (json) return print_document(lint_verdict_json("lint", folder, *checked));
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
  auto json = std::make_shared<bool>(false);
  app->add_option("folder", *dir, "The model folder (with bundle.toml)")->required();
  add_json_flag(*app, *json);
  return {app, [=] { return run_folder_check(*dir, *json); }};
}

}  // namespace modelseal::cli
