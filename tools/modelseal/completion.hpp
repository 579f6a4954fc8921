// Shell completion scripts generated from the command tree (cli_tree.hpp):
// commands, subcommands and options (a command's own and those it inherits, -q and -v of the
// root); file names elsewhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli_tree.hpp"

namespace modelseal::cli {

// "bash", "zsh" or "fish"; nullopt for another shell.
std::optional<std::string> completion_script(const std::vector<CliCommand>& tree, std::string_view shell);

}  // namespace modelseal::cli
