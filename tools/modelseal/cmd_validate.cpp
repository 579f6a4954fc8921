#include "commands.hpp"
#include "count_options.hpp"
#include "json_output.hpp"
#include "modelseal/validate.hpp"
#include "output.hpp"
#include "stdin_input.hpp"
#include "validation_output.hpp"

namespace modelseal::cli {
namespace {

struct ValidateArgs {
  std::string target;
  std::string policy;
  std::string work_dir;
  std::optional<std::string> sarif;
  bool json = false;
  bool force = false;
  bool allow_symlinks = false;
  unsigned threads = 0;
};

int run_validate(const ValidateArgs& args) {
  auto input = InputFile::open(args.target);
  if (!input.ok())
    return args.json ? print_error_document("validate", args.target, input.error(), args.target)
                     : report_error(input.error());
  ValidateOptions options;
  options.target = input->path();
  options.threads = args.threads;
  options.allow_symlinks = args.allow_symlinks;
  options.progress = terminal_progress();
  if (!args.work_dir.empty()) options.work_dir = args.work_dir;
  if (!args.policy.empty()) {
    auto policy = load_registry_policy(args.policy);
    if (!policy.ok())
      return args.json ? print_error_document("validate", args.target, policy.error(), args.policy)
                       : report_error(policy.error());
    options.policy = std::move(*policy);
  }
  auto report = validate_upload(options);
  if (!report.ok())
    return args.json ? print_error_document("validate", args.target, report.error(),
                                            file_named_in(report.error(), {args.work_dir}, args.target))
                     : report_error(report.error());
  return print_verdict("validate", *report, args.json, args.sarif, args.force);
}

}  // namespace

Command add_validate(CLI::App& root) {
  auto* app = root.add_subcommand(
      "validate",
      "Check an untrusted upload (bundle, model folder or weight file) for hostile archives, "
      "names and weight files, without running anything in it");
  auto args = std::make_shared<ValidateArgs>();
  app->add_option("target", args->target, "A .mbundle, a model folder, or one weight file ('-': standard input)")
      ->required();
  app->add_option("--policy", args->policy,
                  "A registry policy (registry.toml): limits, forbidden formats, canonical "
                  "bundles; see docs/registry-policy.md");
  add_json_flag(*app, args->json);
  app->add_option("--sarif", args->sarif, "Also write the findings as a SARIF 2.1.0 log to FILE ('-': stdout, the verdict then on stderr)");
  app->add_flag("--force", args->force, "Replace an existing --sarif file (never a link or device)");
  app->add_option("--work-dir", args->work_dir,
                  "Where private copies of a bundle's files go when their scanner must seek (ZIP, HDF5, "
                  "pickle, ONNX; default: the temporary folder)");
  add_threads_option(*app, args->threads, "Hashing threads");
  add_allow_symlinks_flag(app, args->allow_symlinks);
  return {app, [args] { return run_validate(*args); }};
}

}  // namespace modelseal::cli
