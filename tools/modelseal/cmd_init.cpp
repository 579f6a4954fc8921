#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/bundle.hpp"
#include "output.hpp"

namespace modelseal::cli {
namespace {

// A name that satisfies bundle.toml's rule for model.name, from a folder name.
std::string suggested_name(const std::filesystem::path& dir) {
  std::string base = std::filesystem::absolute(dir).lexically_normal().filename().string();
  if (base.empty()) base = std::filesystem::absolute(dir).lexically_normal().parent_path().filename().string();
  std::string name;
  for (char c : base) {
    char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '.' ||
              lower == '_' || lower == '-';
    name += ok ? lower : '-';
  }
  while (!name.empty() && !std::isalnum(static_cast<unsigned char>(name.front()))) name.erase(0, 1);
  return name.empty() ? "my-model" : name.substr(0, 128);
}

// `path` as one shell word, quoted only when it needs to be.
std::string shell_word(const std::string& path) {
  const bool plain = !path.empty() && path.find_first_not_of(
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                          "._/+=:,@%-") == std::string::npos;
  if (plain) return path;
  std::string out = "'";
  for (char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Command add_init(CLI::App& root) {
  auto* app = root.add_subcommand(
      "init",
      "Write a commented bundle.toml into a model folder, pre-filled from its README.md front matter, "
      "config.json and generation_config.json");
  auto dir = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  app->add_option("folder", *dir, "The model folder")->required();
  app->add_option("--name", *name, "Model name (default: from the folder name)");
  app->add_flag("--force", *force, "Replace an existing bundle.toml");
  return {app, [=] {
            std::filesystem::path folder(*dir);
            std::error_code ec;
            if (!std::filesystem::is_directory(folder, ec))
              return usage_error(*dir + ": not a folder");
            std::string model_name = name->empty() ? suggested_name(folder) : *name;
            auto written = write_bundle_toml_template(folder, model_name, *force);
            if (!written.ok()) return report_error(written.error());
            for (const std::string& warning : written->warnings)
              fmt::print(stderr, "modelseal: warning: {}\n", warning);
            say("wrote {}\n", written->bundle_toml.string());
            for (const std::string& note : written->prefilled) say("  pre-filled: {}\n", note);
            if (written->placeholders == 0) {
              say("nothing left to fill: check every value, then run 'modelseal build {}'\n", shell_word(*dir));
            } else {
              say("{} left to fill, each marked FILL ME: 'modelseal lint {}' lists what is left, "
                  "then run 'modelseal build {}'\n",
                  count_of(written->placeholders, "value"), shell_word(*dir), shell_word(*dir));
            }
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
