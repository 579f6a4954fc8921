#include "command_line.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string_view>

#include "modelseal/suggest.hpp"

namespace modelseal::cli {
namespace {

// "modelseal keystore init", as messages name a command.
std::string command_path(const CLI::App& app) {
  const std::string words = command_words(app);
  return words.empty() ? "modelseal" : "modelseal " + words;
}

const CLI::App* subcommand_named(const CLI::App& app, std::string_view word) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == word) return sub;
  return nullptr;
}

std::string did_you_mean(std::string_view unknown, const std::vector<std::string>& known) {
  const std::vector<std::string_view> views(known.begin(), known.end());
  const auto best = suggest_name(unknown, views);
  return best ? fmt::format(" (did you mean '{}'?)", *best) : "";
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); }))
    names.push_back(sub->get_name());
  return names;
}

std::string where(const CLI::App& app) { return app.get_parent() ? " of '" + command_path(app) + "'" : ""; }

std::string unknown_command(const CLI::App& app, std::string_view word) {
  return fmt::format("unknown command '{}'{}{}", word, where(app), did_you_mean(word, command_names(app)));
}

std::string missing_command(const CLI::App& app) {
  return fmt::format("no command given; the commands{} are: {}", where(app), fmt::join(command_names(app), ", "));
}

std::string unknown_option(const CLI::App& app, std::string_view option) {
  std::vector<std::string> long_names;
  std::vector<std::string> all_names;
  for (const CLI::Option* opt : app.get_options()) {
    if (!opt->nonpositional()) continue;
    for (const std::string& l : opt->get_lnames()) long_names.push_back("--" + l);
    std::string names = fmt::format("{}", fmt::join(opt->get_snames(), "/-"));
    if (!names.empty()) names = "-" + names + "/";
    all_names.push_back(names + "--" + opt->get_lnames().front());
  }
  // Any one-letter option is one edit from any other: list them instead of guessing.
  if (!option.starts_with("--"))
    return fmt::format("unknown option '{}' for '{}'; its options are {}", option, command_path(app),
                       fmt::join(all_names, ", "));
  return fmt::format("unknown option '{}' for '{}'{}", option, command_path(app),
                     did_you_mean(option, long_names));
}

// An option of `app`, or of a command above it (-q, -v of the root pass down).
const CLI::Option* option_named(const CLI::App& app, const std::string& name) {
  for (const CLI::App* a = &app; a != nullptr; a = a->get_parent())
    for (const CLI::Option* opt : a->get_options())
      if (opt->nonpositional() && opt->check_name(name)) return opt;
  return nullptr;
}

bool looks_like_option(std::string_view arg) {
  return arg.size() > 1 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9');
}

}  // namespace

std::string command_words(const CLI::App& app) {
  std::string words;
  for (const CLI::App* a = &app; a->get_parent() != nullptr; a = a->get_parent())
    words = a->get_name() + (words.empty() ? "" : " ") + words;
  return words;
}

std::string command_named(const CLI::App& root, const std::vector<std::string>& args) {
  const CLI::App* app = &root;
  for (const std::string& arg : args) {
    if (arg.starts_with("-")) continue;
    const CLI::App* sub = subcommand_named(*app, arg);
    if (sub == nullptr) break;
    app = sub;
  }
  return command_words(*app);
}

std::vector<std::string> expand_command_words(std::vector<std::string> args) {
  if (args.size() == 1 && args[0] == "version") return {"--version"};
  if (!args.empty() && args[0] == "help") {
    args.erase(args.begin());
    args.push_back("--help");
  }
  return args;
}

std::optional<std::string> command_line_problem(const CLI::App& root, const std::vector<std::string>& args) {
  const CLI::App* app = &root;
  bool positional_seen = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return std::nullopt;
    if (looks_like_option(arg)) {
      const bool is_long = arg.starts_with("--");
      const size_t equals = arg.find('=');
      const std::string name = is_long ? arg.substr(0, equals) : arg.substr(0, 2);
      const CLI::Option* opt = option_named(*app, name);
      if (opt == nullptr) return unknown_option(*app, name);
      if (opt == app->get_help_ptr() || opt == app->get_help_all_ptr() || opt == root.get_version_ptr())
        return std::nullopt;  // CLI11 prints the help or the version
      const bool value_attached = is_long ? equals != std::string::npos : arg.size() > 2;
      if (opt->get_type_size_min() > 0 && opt->get_expected_min() > 0 && !value_attached) ++i;
      continue;
    }
    if (const CLI::App* sub = subcommand_named(*app, arg); sub != nullptr && !positional_seen) {
      app = sub;
      continue;
    }
    if (app->get_require_subcommand_min() > 0 && !positional_seen) return unknown_command(*app, arg);
    positional_seen = true;
  }
  if (app->get_require_subcommand_min() > 0 && !positional_seen) return missing_command(*app);
  return std::nullopt;
}

}  // namespace modelseal::cli
