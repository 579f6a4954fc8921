#include "cli_tree.hpp"

namespace modelseal::cli {
namespace {

bool hidden(const CLI::App& app) { return app.get_group().empty(); }

CliOption option_of(const CLI::Option& opt) {
  CliOption out;
  if (opt.get_positional()) {
    out.positional = opt.get_name();
  } else {
    for (const std::string& s : opt.get_snames()) out.names.push_back("-" + s);
    for (const std::string& l : opt.get_lnames()) out.names.push_back("--" + l);
  }
  if (opt.get_type_size_max() > 0 && opt.get_expected_max() > 0) out.value = opt.get_type_name();
  out.description = opt.get_description();
  out.required = opt.get_required();
  return out;
}

void add(const CLI::App& app, std::vector<std::string> path, std::vector<CliCommand>& out) {
  CliCommand command;
  command.path = path;
  command.description = app.get_description();
  command.help = app.get_formatter()->make_help(&app, command.full_name(), CLI::AppFormatMode::Normal);
  for (const CLI::Option* opt : app.get_options()) command.options.push_back(option_of(*opt));
  const auto subs = app.get_subcommands([](const CLI::App* a) { return !hidden(*a); });
  for (const CLI::App* sub : subs) command.subcommands.push_back(sub->get_name());
  out.push_back(std::move(command));
  for (const CLI::App* sub : subs) {
    std::vector<std::string> sub_path = path;
    sub_path.push_back(sub->get_name());
    add(*sub, std::move(sub_path), out);
  }
}

}  // namespace

std::string CliCommand::full_name() const {
  std::string name = "modelseal";
  for (const std::string& p : path) name += " " + p;
  return name;
}

std::vector<CliCommand> cli_tree(const CLI::App& root) {
  std::vector<CliCommand> out;
  add(root, {}, out);
  return out;
}

}  // namespace modelseal::cli
