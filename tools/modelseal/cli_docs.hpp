// The command reference generated from the command tree (cli_tree.hpp):
// docs/cli.md and one man page per command, so neither drifts from --help.
#pragma once

#include <string>
#include <vector>

#include "cli_tree.hpp"

namespace modelseal::cli {

// docs/cli.md: every command's --help text, in command order.
std::string markdown_reference(const std::vector<CliCommand>& tree);

// The man page (roff, section 1) of `command`; "modelseal-keystore-init.1" is its file name.
std::string man_page(const CliCommand& command, const std::vector<CliCommand>& tree);
std::string man_page_name(const CliCommand& command);

}  // namespace modelseal::cli
