#include "json_output.hpp"
#include "stdin_input.hpp"

#include <fmt/core.h>

#include "output.hpp"

namespace modelseal::cli {

void add_json_flag(CLI::App& app, bool& json) {
  app.add_flag("--json", json,
               "Print one machine-readable verdict document on stdout (docs/json-output.md)");
}

int print_document(const VerdictDocument& document) {
  fmt::print("{}\n", as_shown(document.json));
  std::fflush(stdout);
  return document.exit_code;
}

int print_error_document(std::string_view command, std::string_view target, const Error& error,
                         std::string_view file) {
  report_error(error);
  return print_document(error_verdict_json(command, target, error, file));
}

int print_usage_document(std::string_view command, std::string_view message) {
  usage_error(message);
  return print_document(usage_error_json(command, message));
}

std::string file_named_in(const Error& error, std::initializer_list<std::string_view> candidates,
                          std::string_view fallback) {
  for (std::string_view file : candidates)
    if (!file.empty() && error.detail.find(file) != std::string::npos) return std::string(file);
  return std::string(fallback);
}

bool json_requested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--json") return true;
  return false;
}


}  // namespace modelseal::cli
