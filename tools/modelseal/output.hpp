// Shared output of the CLI: results on stdout, diagnostics on stderr as
// "modelseal: error: ..." / "modelseal: hint: ...", and exit codes:
// 0 success, 1 input checked and rejected, 2 usage or environment error.
#pragma once

#include <string_view>
#include <utility>

#include <fmt/core.h>

#include "modelseal/progress.hpp"
#include "modelseal/result.hpp"

namespace modelseal::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;

// -q/--quiet and -v/--verbose, given before or after the command.
enum class Verbosity { kQuiet, kNormal, kVerbose };
void set_verbosity(Verbosity verbosity);
bool quiet();
bool verbose();

// A report line on stdout ("verified ...", "wrote ..."): left out with --quiet. What a command
// was asked to produce (a digest, a JSON document, a report on stdout) is printed with fmt::print.
template <typename... T>
void say(fmt::format_string<T...> format, T&&... args) {
  if (!quiet()) fmt::print(format, std::forward<T>(args)...);
}

// A detail line on stdout, printed only with --verbose.
template <typename... T>
void detail(fmt::format_string<T...> format, T&&... args) {
  if (verbose()) fmt::print(format, std::forward<T>(args)...);
}

// Prints the error and returns its exit code.
int report_error(const Error& error);
int usage_error(std::string_view message);
void print_hint(std::string_view message);

// A progress bar (phase, bytes, rate, time left) on stderr when it is a terminal (not
// TERM=dumb, not --quiet), drawn once the command has run for a second; an empty function
// otherwise.
ProgressFn terminal_progress();

std::string human_bytes(uint64_t bytes);

// "1 file", "2 files": `noun` is the singular; "s" is added for any other count.
std::string count_of(uint64_t n, std::string_view noun);

}  // namespace modelseal::cli
