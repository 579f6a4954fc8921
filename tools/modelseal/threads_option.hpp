// --threads N, for every command that hashes a model: a whole number (0: one per core, the
// default); anything else, an empty word included, is a usage error before any work.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace modelseal::cli {

inline constexpr unsigned kMaxThreads = 1024;

// `help` says what the threads do ("Hashing threads").
void add_threads_option(CLI::App& app, unsigned& threads, const std::string& help = "Hashing threads");

}  // namespace modelseal::cli
