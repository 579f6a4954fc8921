#include "secret_args.hpp"

#include <fmt/format.h>

#include "modelseal/keys.hpp"

namespace modelseal::cli {

void add_secret_options(CLI::App& app, SecretArgs& args, std::string_view stem, std::string_view what) {
  CLI::Option* file = app.add_option(fmt::format("--{}-file", stem), args.file,
                                     fmt::format("File whose first line is {}", what));
  CLI::Option* env = app.add_option(fmt::format("--{}-env", stem), args.env,
                                    fmt::format("Environment variable holding {} (for CI; wiped once read)", what));
  file->excludes(env);
  env->excludes(file);
}

Result<std::optional<SecretBytes>> read_secret(const SecretArgs& args) {
  if (!args.file.empty()) {
    MS_ASSIGN_OR_RETURN(SecretBytes secret, keys::read_passphrase_file(args.file));
    return std::optional<SecretBytes>(std::move(secret));
  }
  if (!args.env.empty()) {
    MS_ASSIGN_OR_RETURN(SecretBytes secret, keys::read_passphrase_env(args.env));
    return std::optional<SecretBytes>(std::move(secret));
  }
  return std::optional<SecretBytes>();
}

}  // namespace modelseal::cli
