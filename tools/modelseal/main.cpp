// modelseal: reproducible, verifiable AI model bundles. Parses the command
// line and hands over to the library; see `modelseal --help`.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "commands.hpp"
#include "help_examples.hpp"
#include "json_output.hpp"
#include "output.hpp"

namespace {

int run_timed(const modelseal::cli::Command& command) {
  const auto start = std::chrono::steady_clock::now();
  const int code = command.run();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (modelseal::cli::verbose())
    fmt::print(stderr, "modelseal: {} took {:.2f} s (exit {})\n", command.app->get_name(), took.count(), code);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace modelseal::cli;
  CLI::App app{"modelseal: build, sign, verify and extract reproducible AI model bundles",
               "modelseal"};
  app.require_subcommand(1);
  app.fallthrough();  // -q and -v may follow the command: its subcommands pass them up
  bool quiet = false;
  bool verbose = false;
  app.add_flag("-q,--quiet", quiet,
               "Print nothing but errors and what the command was asked to write (a digest, a "
               "JSON document); no progress bar");
  app.add_flag("-v,--verbose", verbose, "Print more detail: key ids, digests, timings")
      ->excludes(app.get_option("--quiet"));
  app.set_version_flag("-V,--version", std::string("modelseal ") + MODELSEAL_VERSION);
  std::vector<Command> commands = {add_init(app),    add_build(app),   add_lint(app),   add_inspect(app),
                                   add_digest(app),  add_extract(app), add_verify(app),
                                   add_keygen(app), add_sign(app), add_scan(app),
                                   add_validate(app), add_report(app), add_keystore(app),
                                   add_seal(app),     add_open(app),   add_shred(app),
                                   add_verify_disposal(app), add_attest(app),
                                   add_verify_attestation(app), add_sigstore(app),
                                   add_completion(app), add_reference(app)};
  add_examples_and_exit_codes(app);
  std::vector<std::string> args = expand_command_words({argv + 1, argv + argc});
  if (const auto problem = command_line_problem(app, args)) {
    if (json_requested(argc, argv)) return print_usage_document(command_named(app, args), *problem);
    usage_error(*problem);
    print_hint("run 'modelseal --help' or 'modelseal help COMMAND'");
    return kExitUsage;
  }
  const std::string command = command_named(app, args);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (json_requested(argc, argv)) return print_usage_document(command, e.what());
    usage_error(e.what());
    print_hint("run 'modelseal --help' or 'modelseal help COMMAND'");
    return kExitUsage;
  }
  set_verbosity(quiet ? Verbosity::kQuiet : verbose ? Verbosity::kVerbose : Verbosity::kNormal);
  for (const Command& c : commands)
    if (c.app->parsed()) return run_timed(c);
  return usage_error("no command given");
}
