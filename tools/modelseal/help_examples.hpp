// The end of every command's --help: two or three examples and the exit codes.
#pragma once

#include <CLI/CLI.hpp>

namespace modelseal::cli {

// Sets the footer of every subcommand of `root` (and of root itself).
void add_examples_and_exit_codes(CLI::App& root);

// The examples of a command path ("build", "keystore init"), one per line; empty if none.
std::string examples_of(std::string_view command);

// The exit codes section shared by every command.
std::string_view exit_codes_text();

}  // namespace modelseal::cli
