#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/metadata.hpp"
#include "output.hpp"

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

void print_text(const BundleInfo& info) {
  fmt::print("{}\n", formats::render_model_card_text(info.metadata));
  uint64_t total = 0;
  for (const FileRecord& f : info.files) total += f.size;
  fmt::print("Content digest: {}\n\nFiles ({}, {}):\n", info.content_digest.prefixed(),
             info.files.size(), human_bytes(total));
  for (const FileRecord& f : info.files)
    fmt::print("  {:>12}  {}  {}\n", f.size, f.sha256.hex(), f.path);
  fmt::print("\nThis describes the bundle; run 'modelseal verify' to check its content.\n");
}

}  // namespace

Command add_inspect(CLI::App& root) {
  auto* app = root.add_subcommand("inspect", "Show a bundle's model card, provenance and files");
  auto bundle = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  app->add_option("bundle", *bundle, "The .mbundle file")->required();
  app->add_flag("--json", *json, "Machine-readable output");
  return {app, [=] {
            auto info = inspect_bundle(*bundle);
            if (!info.ok()) return report_error(info.error());
            if (*json)
              fmt::print("{}\n", info_to_json(*info).dump(2));
            else
              print_text(*info);
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
