// Options that take a count, read strictly: digits only (no sign, space, fraction or suffix) and
// a value that fits, or a usage error before any work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace modelseal::cli {

inline constexpr unsigned kMaxThreads = 1024;

// The value of a word of decimal digits that fits in 64 bits; nullopt for anything else.
std::optional<uint64_t> whole_number(std::string_view text);

// --threads N, for every command that hashes a model: 0 (one per core, the default) to
// kMaxThreads. `help` says what the threads do ("Hashing threads").
void add_threads_option(CLI::App& app, unsigned& threads, const std::string& help = "Hashing threads");

}  // namespace modelseal::cli
