#include "output.hpp"
#include "stdin_input.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <fmt/core.h>

namespace modelseal::cli {
namespace {
Verbosity g_verbosity = Verbosity::kNormal;
}  // namespace

void set_verbosity(Verbosity verbosity) { g_verbosity = verbosity; }
bool quiet() { return g_verbosity == Verbosity::kQuiet; }
bool verbose() { return g_verbosity == Verbosity::kVerbose; }

int report_error(const Error& error) {
  fmt::print(stderr, "modelseal: error: {}\n", as_shown(error.detail));
  return is_rejection(error.code) ? kExitRejected : kExitUsage;
}

int usage_error(std::string_view message) {
  fmt::print(stderr, "modelseal: error: {}\n", message);
  return kExitUsage;
}

void print_hint(std::string_view message) {
  if (!quiet()) fmt::print(stderr, "modelseal: hint: {}\n", message);
}

std::string count_of(uint64_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string human_bytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, kUnits[unit]);
}

ProgressFn terminal_progress() {
  const char* term = std::getenv("TERM");
  if (quiet() || !::isatty(STDERR_FILENO) || (term != nullptr && std::string_view(term) == "dumb"))
    return {};
  struct Bar {
    std::chrono::steady_clock::time_point first = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point start = first;  // of the current phase
    std::string phase;
    bool drawn = false;
  };
  auto bar = std::make_shared<Bar>();
  return [bar](const Progress& p) {
    auto now = std::chrono::steady_clock::now();
    if (bar->phase != p.phase) {
      bar->phase = std::string(p.phase);
      bar->start = now;
    }
    if (p.finished) {
      if (bar->drawn) fmt::print(stderr, "\r\033[K");
      bar->drawn = false;
      return;
    }
    // Nothing for a command that ends within a second.
    if (now - bar->first < std::chrono::seconds(1)) return;
    double seconds = std::chrono::duration<double>(now - bar->start).count();
    double rate = seconds > 0 ? static_cast<double>(p.done_bytes) / seconds : 0;
    std::string eta = "--:--";
    if (rate > 0 && p.total_bytes >= p.done_bytes) {
      auto left = static_cast<uint64_t>(static_cast<double>(p.total_bytes - p.done_bytes) / rate);
      eta = fmt::format("{}:{:02}", left / 60, left % 60);
    }
    fmt::print(stderr, "\r\033[K{:<10} {} / {}  {}/s  {} left", p.phase, human_bytes(p.done_bytes),
               human_bytes(p.total_bytes), human_bytes(static_cast<uint64_t>(rate)), eta);
    bar->drawn = true;
  };
}

}  // namespace modelseal::cli
