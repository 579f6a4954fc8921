#include "cli_docs.hpp"

#include <fmt/format.h>

#include "help_examples.hpp"

namespace modelseal::cli {
namespace {

std::string command_key(const CliCommand& c) {
  std::string key;
  for (const std::string& p : c.path) key += (key.empty() ? "" : " ") + p;
  return key.empty() ? "modelseal" : key;
}

// Text safe in roff: backslashes escaped, '-' as \-, and a line starting with
// '.' or '\'' (a request) protected by \&.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char ch : text) {
    if (line_start && (ch == '.' || ch == '\'')) out += "\\&";
    if (ch == '\\') out += "\\e";
    else if (ch == '-') out += "\\-";
    else out += ch;
    line_start = ch == '\n';
  }
  return out;
}

std::string man_name(const CliCommand& c) {
  std::string name = "modelseal";
  for (const std::string& p : c.path) name += "-" + p;
  return name;
}

std::string upper(std::string text) {
  for (char& ch : text)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return text;
}

std::string synopsis(const CliCommand& c) {
  std::string out = fmt::format(".B {}\n[\\fIOPTIONS\\fR]", roff(c.full_name()));
  for (const CliOption& o : c.options)
    if (!o.positional.empty())
      out += o.required ? fmt::format(" \\fI{}\\fR", roff(o.positional)) : fmt::format(" [\\fI{}\\fR]", roff(o.positional));
  if (!c.subcommands.empty()) out += " \\fICOMMAND\\fR";
  return out + "\n";
}

std::string options_section(const CliCommand& c) {
  std::string out = ".SH OPTIONS\n";
  for (const CliOption& o : c.options) {
    std::string names;
    for (const std::string& n : o.names) names += (names.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff(n));
    if (names.empty()) names = fmt::format("\\fI{}\\fR", roff(o.positional));
    else if (!o.value.empty()) names += fmt::format(" \\fI{}\\fR", roff(o.value));
    out += fmt::format(".TP\n{}\n{}{}\n", names, roff(o.description), o.required ? " (required)" : "");
  }
  return out;
}

std::string commands_section(const CliCommand& c, const std::vector<CliCommand>& tree) {
  if (c.subcommands.empty()) return "";
  std::string out = ".SH COMMANDS\n";
  for (const CliCommand& sub : tree) {
    if (sub.path.size() != c.path.size() + 1 || !std::equal(c.path.begin(), c.path.end(), sub.path.begin()))
      continue;
    out += fmt::format(".TP\n\\fB{}\\fR\n{} See \\fB{}\\fR(1).\n", roff(sub.path.back()), roff(sub.description),
                       roff(man_name(sub)));
  }
  return out;
}

}  // namespace

std::string man_page_name(const CliCommand& command) { return man_name(command) + ".1"; }

std::string man_page(const CliCommand& c, const std::vector<CliCommand>& tree) {
  std::string page = fmt::format(".TH \"{}\" \"1\" \"\" \"modelseal {}\" \"modelseal manual\"\n",
                                 upper(man_name(c)), MODELSEAL_VERSION);
  page += fmt::format(".SH NAME\n{} \\- {}\n", roff(man_name(c)), roff(c.description));
  page += ".SH SYNOPSIS\n" + synopsis(c);
  page += ".SH DESCRIPTION\n" + roff(c.description) + "\n";
  page += options_section(c);
  page += commands_section(c, tree);
  if (const std::string examples = examples_of(command_key(c)); !examples.empty())
    page += ".SH EXAMPLES\n.nf\n" + roff(examples) + "\n.fi\n";
  page += ".SH EXIT STATUS\n" + roff(std::string(exit_codes_text())) + "\n";
  page += ".SH SEE ALSO\n";
  page += c.path.empty() ? "The README and docs/ of the modelseal sources.\n" : "\\fBmodelseal\\fR(1)\n";
  return page;
}

std::string markdown_reference(const std::vector<CliCommand>& tree) {
  std::string out =
      "# Command reference\n\n"
      "Generated from the commands' `--help` (`modelseal reference markdown > docs/cli.md`, or\n"
      "`scripts/gen-cli-docs.sh`); `tests/e2e/test_cli_reference.sh` fails when it is out of date.\n"
      "The same text is in the man pages (`man modelseal-build`) and `modelseal help COMMAND`.\n";
  for (const CliCommand& c : tree) {
    out += fmt::format("\n## `{}`\n\n```text\n{}", c.full_name(), c.help);
    if (!c.help.ends_with('\n')) out += "\n";
    out += "```\n";
  }
  return out;
}

}  // namespace modelseal::cli
