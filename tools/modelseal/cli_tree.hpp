// The command tree as data, read from the CLI11 apps: what the completion
// scripts, the man pages and docs/cli.md are generated from, so they cannot
// drift from the options the commands really take.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace modelseal::cli {

struct CliOption {
  std::vector<std::string> names;  // "-o", "--output"; empty for a positional
  std::string positional;          // "folder" for a positional
  std::string value;               // "TEXT", "UINT", "" for a flag
  std::string description;
  bool required = false;
};

struct CliCommand {
  std::vector<std::string> path;  // {} for modelseal itself, {"keystore", "init"}
  std::string description;
  std::string help;  // the --help text
  std::vector<CliOption> options;
  std::vector<std::string> subcommands;
  std::string full_name() const;  // "modelseal keystore init"
};

// Every command, parents before their subcommands, in registration order;
// hidden commands (empty group) left out.
std::vector<CliCommand> cli_tree(const CLI::App& root);

}  // namespace modelseal::cli
