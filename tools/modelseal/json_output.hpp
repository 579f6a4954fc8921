// `--json`: every command that gives a verdict prints one document of the library's verdict_json
// on stdout and nothing else there (docs/json-output.md); diagnostics still go to stderr.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "modelseal/verdict_json.hpp"

namespace modelseal::cli {

void add_json_flag(CLI::App& app, bool& json);

// Prints the document on stdout and returns its exit code.
int print_document(const VerdictDocument& document);

// A failure before any verdict: "modelseal: error: ..." on stderr, the error document on stdout.
int print_error_document(std::string_view command, std::string_view target, const Error& error,
                         std::string_view file);
// The same for a usage error found by the command itself (exit 2).
int print_usage_document(std::string_view command, std::string_view message);

// Of `candidates` (the files a command was given), the first one the error's message names, or
// `fallback`: the file an error document says it is about.
std::string file_named_in(const Error& error, std::initializer_list<std::string_view> candidates,
                          std::string_view fallback = {});

// main: whether the command line asks for JSON (for the usage error document).
bool json_requested(int argc, char** argv);

}  // namespace modelseal::cli
