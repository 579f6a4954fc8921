// The command line before CLI11 parses it: the words people type that CLI11
// does not know (`help build`, `version`), and the typos it would report late
// or vaguely: an unknown or missing command ("A subcommand is required" in
// CLI11) and an unknown option, which CLI11 reports only after a missing
// required one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace modelseal::cli {

// "keystore init" for that subcommand, "" for modelseal itself.
std::string command_words(const CLI::App& app);

// The (sub)command `args` name, before CLI11 parses them: "verify" for `verify --json x`, "" when
// none is named.
std::string command_named(const CLI::App& root, const std::vector<std::string>& args);

// `help [COMMAND...]` becomes `[COMMAND...] --help`, `version` becomes `--version`.
std::vector<std::string> expand_command_words(std::vector<std::string> args);

// The usage error for the first unknown command or option of `args` (argv
// without the program name), with the closest known name, or for a missing
// command (listing them); nullopt when every command and option is known
// (CLI11 then checks values and what is required).
std::optional<std::string> command_line_problem(const CLI::App& root, const std::vector<std::string>& args);

}  // namespace modelseal::cli
