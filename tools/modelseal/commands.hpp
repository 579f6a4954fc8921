// One function per subcommand: each adds its CLI11 subcommand with its flags
// and returns the action to run when it was chosen.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace modelseal::cli {

using Action = std::function<int()>;

struct Command {
  CLI::App* app;
  Action run;
};

Command add_init(CLI::App& root);
Command add_build(CLI::App& root);
Command add_inspect(CLI::App& root);
Command add_digest(CLI::App& root);
Command add_extract(CLI::App& root);
Command add_verify(CLI::App& root);
Command add_keygen(CLI::App& root);
Command add_sign(CLI::App& root);
Command add_scan(CLI::App& root);
Command add_validate(CLI::App& root);
Command add_report(CLI::App& root);
Command add_keystore(CLI::App& root);
Command add_seal(CLI::App& root);
Command add_open(CLI::App& root);
Command add_shred(CLI::App& root);
Command add_verify_disposal(CLI::App& root);
Command add_attest(CLI::App& root);
Command add_verify_attestation(CLI::App& root);
Command add_sigstore(CLI::App& root);
Command add_completion(CLI::App& root);
Command add_reference(CLI::App& root);

}  // namespace modelseal::cli
