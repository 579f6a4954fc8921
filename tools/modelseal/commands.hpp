// One function per subcommand: each adds its CLI11 subcommand with its flags
// and returns the action to run when it was chosen.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace modelseal::cli {

// lint FOLDER and build --check FOLDER (cmd_lint.cpp): prints every problem, returns the exit code.
int run_folder_check(const std::string& folder, bool json = false);

using Action = std::function<int()>;

struct Command {
  CLI::App* app;
  Action run;
};

// The --allow-symlinks flag of sign, verify, digest and validate (docs/hugging-face.md).
inline void add_allow_symlinks_flag(CLI::App* app, bool& allow) {
  app->add_flag("--allow-symlinks", allow,
                "Follow symbolic links to files inside the model folder, or inside the repository "
                "folder of a Hugging Face cache snapshot (models--ORG--NAME/snapshots/REV)");
}

Command add_init(CLI::App& root);
Command add_build(CLI::App& root);
Command add_lint(CLI::App& root);
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
