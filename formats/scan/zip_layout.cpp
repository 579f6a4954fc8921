// Tells a PyTorch checkpoint, a TorchScript archive and an .npz from any other ZIP by member names.
#include <optional>
#include <utility>

#include "formats/scan/zip_scan_internal.hpp"
#include "formats/zip/zip_names.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::zip_scan_detail {

std::optional<std::pair<std::string_view, std::string_view>> split_top(std::string_view name) {
  const size_t slash = name.find('/');
  if (slash == 0 || slash == std::string_view::npos) return std::nullopt;
  return std::pair{name.substr(0, slash), name.substr(slash + 1)};
}

bool is_torch_raw_member(std::string_view rest) {
  const bool storage = rest.starts_with("data/") && rest.size() > 5 && rest.find('/', 5) == std::string_view::npos;
  return rest == "version" || rest == "byteorder" || rest == ".format_version" ||
         rest == ".storage_alignment" || storage || rest.starts_with(".data/");
}

namespace {

bool is_torch_data_pkl(std::string_view name) {
  auto parts = split_top(name);
  return parts && parts->second == "data.pkl";
}

void check_pytorch_members(const std::vector<zip::Entry>& entries, std::string_view dir,
                           bool torchscript, FindingsSink& sink) {
  size_t outside = 0;
  const zip::Entry* first = nullptr;
  for (const zip::Entry& e : entries) {
    if (e.is_folder()) continue;
    auto parts = split_top(e.name);
    const bool known = parts && parts->first == dir &&
                       (parts->second == "data.pkl" || is_torch_raw_member(parts->second) ||
                        (torchscript && torchscript_role(parts->second)));
    if (known) continue;
    if (++outside == 1) first = &e;
  }
  if (first != nullptr)
    sink.add("zip.pytorch_layout", Severity::kWarning, first->header_offset,
             std::to_string(outside) + " member(s) outside the " +
                 (torchscript ? "TorchScript" : "PyTorch") + " layout of '" +
                 printable_name(dir) + "/', the first '" + printable_name(first->name) + "'");
}

// A Keras v3 archive: keras.saving writes config.json, metadata.json and
// model.weights.h5 (or .npz) at the top level.
void classify_keras(const std::vector<zip::Entry>& entries, Layout& layout) {
  bool config = false;
  bool weights = false;
  for (const zip::Entry& e : entries) {
    if (e.is_folder()) continue;
    if (e.name == "config.json") config = true;
    if (e.name == "model.weights.h5" || e.name == "model.weights.npz") weights = true;
    if (e.name == "metadata.json" && layout.keras_metadata == nullptr) layout.keras_metadata = &e;
  }
  layout.keras_candidate = config && (weights || layout.keras_metadata != nullptr);
  layout.keras = config && weights;
  if (!layout.keras_candidate) layout.keras_metadata = nullptr;
}

}  // namespace

Layout classify_layout(const std::vector<zip::Entry>& entries, FindingsSink& sink) {
  Layout layout{"zip", ""};
  size_t files = 0;
  size_t npy_files = 0;
  const zip::Entry* torch_hint = nullptr;
  for (const zip::Entry& e : entries) {
    if (e.is_folder()) continue;
    ++files;
    if (e.name.ends_with(".npy")) ++npy_files;
    if (layout.torch_dir.empty() && is_torch_data_pkl(e.name))
      layout.torch_dir = std::string(split_top(e.name)->first);
    auto parts = split_top(e.name);
    if (torch_hint == nullptr && parts && is_torch_raw_member(parts->second)) torch_hint = &e;
  }
  if (!layout.torch_dir.empty()) {
    const bool torchscript = is_torchscript_layout(entries, layout.torch_dir);
    layout.format = torchscript ? "torchscript" : "pytorch-zip";
    check_pytorch_members(entries, layout.torch_dir, torchscript, sink);
    if (torchscript) report_torchscript_code(entries, layout.torch_dir, sink);
  } else if (torch_hint != nullptr) {
    layout.format = "pytorch-zip";
    sink.add("zip.missing_data_pkl", Severity::kError, torch_hint->header_offset,
             "member '" + printable_name(torch_hint->name) +
                 "' belongs to a PyTorch checkpoint, but no '<dir>/data.pkl' is present");
  } else if (files > 0 && files == npy_files) {
    layout.format = "npz";
  } else {
    classify_keras(entries, layout);
  }
  return layout;
}

MemberRole role_of(const zip::Entry& entry, const Layout& layout) {
  const std::string_view name = entry.name;
  if (layout.format == "torchscript") {
    auto parts = split_top(name);
    if (parts && parts->first == layout.torch_dir)
      if (auto role = torchscript_role(parts->second)) return *role;
  }
  if (name.ends_with(".pkl") || name.ends_with(".pickle")) return MemberRole::kPickle;
  if (layout.format == "npz" || name.ends_with(".npy")) return MemberRole::kNpy;
  if (layout.keras && name == "config.json") return MemberRole::kKerasConfig;
  if (&entry == layout.keras_metadata) return MemberRole::kKerasMetadata;
  if (layout.format == "pytorch-zip") {
    auto parts = split_top(name);
    const bool in_torch_dir = layout.torch_dir.empty() || (parts && parts->first == layout.torch_dir);
    if (parts && in_torch_dir && is_torch_raw_member(parts->second)) return MemberRole::kRawBytes;
  }
  return MemberRole::kByContent;
}

}  // namespace modelseal::formats::zip_scan_detail
