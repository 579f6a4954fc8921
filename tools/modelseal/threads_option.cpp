#include "threads_option.hpp"

#include <algorithm>
#include <charconv>

namespace modelseal::cli {

void add_threads_option(CLI::App& app, unsigned& threads, const std::string& help) {
  app.add_option("--threads", threads, help + " (default: one per core)")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            unsigned value = 0;
            const bool digits = !text.empty() && std::all_of(text.begin(), text.end(),
                                                             [](char c) { return c >= '0' && c <= '9'; });
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (!digits || ec != std::errc() || value > kMaxThreads)
              return "'" + text + "' is not a thread count (0 to " + std::to_string(kMaxThreads) +
                     "; 0: one per core)";
            return {};
          },
          ""))
      ->type_name("N");
}

}  // namespace modelseal::cli
