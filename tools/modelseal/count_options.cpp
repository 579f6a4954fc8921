#include "count_options.hpp"

#include <algorithm>
#include <charconv>

namespace modelseal::cli {

std::optional<uint64_t> whole_number(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  uint64_t value = 0;
  if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc()) return std::nullopt;
  return value;
}

void add_threads_option(CLI::App& app, unsigned& threads, const std::string& help) {
  app.add_option("--threads", threads, help + " (default: one per core)")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            const std::optional<uint64_t> value = whole_number(text);
            if (!value || *value > kMaxThreads)
              return "'" + text + "' is not a thread count (0 to " + std::to_string(kMaxThreads) +
                     "; 0: one per core)";
            return {};
          },
          ""))
      ->type_name("N");
}

}  // namespace modelseal::cli
