// One secret on the command line: --STEM-file FILE (its first line) or
// --STEM-env VAR (for CI, as cosign's COSIGN_PASSWORD), never the value itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal::cli {

struct SecretArgs {
  std::string file;
  std::string env;
  bool given() const { return !file.empty() || !env.empty(); }
};

// Adds --STEM-file and --STEM-env (exclusive); `what` completes "File whose first line is ...".
void add_secret_options(CLI::App& app, SecretArgs& args, std::string_view stem, std::string_view what);

// The secret from the file or the variable; nullopt when neither was given (the caller may ask
// at the terminal).
Result<std::optional<SecretBytes>> read_secret(const SecretArgs& args);

}  // namespace modelseal::cli
