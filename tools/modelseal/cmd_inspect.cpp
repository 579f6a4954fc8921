#include <fmt/core.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "count_options.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/metadata.hpp"
#include "output.hpp"
#include "stdin_input.hpp"

namespace modelseal::cli {
namespace {

nlohmann::json info_to_json(const BundleInfo& info) {
  nlohmann::json files = nlohmann::json::array();
  for (const FileRecord& f : info.files)
    files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256.hex()}});
  return {{"name", info.name},
          {"version", info.version},
          {"content_digest", info.content_digest.prefixed()},
          {"format", kBundleFormat},
          {"metadata", formats::metadata_to_json(info.metadata)},
          {"files", std::move(files)}};
}

void print_text(const BundleInfo& info, bool preview) {
  if (preview)
    fmt::print("Preview: the bundle 'modelseal build' would write from this folder (nothing written).\n\n");
  fmt::print("{}\n", formats::render_model_card_text(info.metadata));
  uint64_t total = 0;
  for (const FileRecord& f : info.files) total += f.size;
  fmt::print("Content digest: {}\n\nFiles ({}, {}):\n", info.content_digest.prefixed(),
             count_of(info.files.size(), "file"), human_bytes(total));
  for (const FileRecord& f : info.files)
    fmt::print("  {:>12}  {}  {}\n", f.size, f.sha256.hex(), f.path);
  if (!preview) fmt::print("\nThis describes the bundle; run 'modelseal verify' to check its content.\n");
}

}  // namespace

Command add_inspect(CLI::App& root) {
  auto* app = root.add_subcommand(
      "inspect", "Show a bundle's model card, provenance and files; for a model folder, what build would write");
  auto target = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  app->add_option("target", *target, "A .mbundle file ('-': standard input), or a model folder (with bundle.toml) to preview")->required();
  app->add_flag("--json", *json, "Machine-readable output");
  auto threads = std::make_shared<unsigned>(0);
  add_threads_option(*app, *threads, "Hashing threads, for a folder's preview");
  return {app, [=] {
            auto input = InputFile::open(*target);
            if (!input.ok()) return report_error(input.error());
            std::error_code ec;
            const bool preview = std::filesystem::is_directory(input->path(), ec);
            auto info = preview ? preview_bundle(input->path(), *threads, terminal_progress()) : inspect_bundle(input->path());
            if (!info.ok()) return report_error(info.error());
            if (*json) {
              nlohmann::json out = info_to_json(*info);
              if (preview) out["preview"] = true;
              fmt::print("{}\n", out.dump(2));
            } else {
              print_text(*info, preview);
            }
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
