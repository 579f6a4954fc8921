#include "validate/scan_files.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "formats/onnx/onnx_scan.hpp"
#include "formats/scan/detect.hpp"
#include "formats/scan/gguf.hpp"
#include "formats/scan/npy.hpp"
#include "formats/scan/safetensors.hpp"
#include "formats/scan/zip_scan.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::validate {
namespace {

constexpr std::string_view kIndexSuffix = ".safetensors.index.json";

// Names a model's weights usually have; unrecognised content under one of
// them is suspicious (a loader would still try to read it).
bool weight_like_name(std::string_view path) {
  static constexpr std::array<std::string_view, 15> kSuffixes{
      ".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".joblib", ".safetensors",
      ".gguf", ".npy", ".npz", ".onnx", ".h5", ".keras", ".mar"};
  return std::any_of(kSuffixes.begin(), kSuffixes.end(),
                     [&](std::string_view s) { return path.ends_with(s); });
}

std::string_view folder_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

// Names of the files beside `index_path`, as a sharded index refers to them.
std::vector<std::string> siblings(const std::vector<FileToScan>& files, std::string_view index_path) {
  std::vector<std::string> names;
  const std::string_view folder = folder_of(index_path);
  for (const FileToScan& f : files) {
    if (f.path == index_path || folder_of(f.path) != folder) continue;
    names.push_back(folder.empty() ? f.path : f.path.substr(folder.size() + 1));
  }
  return names;
}

// Content no scanner recognises, under a name that promises a format: the
// scanner a loader would pick by that name says precisely what is wrong.
std::optional<formats::ScanReport> scan_by_name(const formats::ByteSource& src,
                                                std::string_view path,
                                                const formats::OnnxContext& onnx) {
  if (path.ends_with(".safetensors")) return formats::scan_safetensors(src, path);
  if (path.ends_with(".gguf")) return formats::scan_gguf(src, path);
  if (path.ends_with(".npy")) return formats::scan_npy(src, path);
  if (path.ends_with(".npz")) return formats::scan_zip(src, path);
  if (path.ends_with(".onnx")) return formats::scan_onnx(src, path, onnx);
  return std::nullopt;
}

using SizeMap = std::map<std::string, uint64_t, std::less<>>;
using PathSet = std::set<std::string, std::less<>>;

// `external_data` collects the files the ONNX models read as external data.
std::optional<formats::ScanReport> scan_one(const formats::ByteSource& src, const FileToScan& file,
                                            const std::vector<FileToScan>& files,
                                            const SizeMap& sizes, PathSet& external_data) {
  if (file.path.ends_with(kIndexSuffix)) {
    formats::ScanReport report =
        formats::check_safetensors_index(src, file.path, siblings(files, file.path));
    report.format = "safetensors-index";
    return report;
  }
  const formats::OnnxContext onnx{file.path, [&](std::string_view path) -> std::optional<uint64_t> {
                                    auto it = sizes.find(path);
                                    if (it == sizes.end()) return std::nullopt;
                                    return it->second;
                                  },
                                  [&](std::string_view path) {
                                    if (!external_data.contains(path)) external_data.emplace(path);
                                  }};
  if (auto report = formats::scan_by_content(src, file.path, &onnx)) return report;
  return scan_by_name(src, file.path, onnx);
}

void check_allowed_format(const std::string& path, const std::string& format,
                          const RegistryPolicy& policy, Findings& findings) {
  const auto& forbidden = policy.forbid_formats;
  if (std::find(forbidden.begin(), forbidden.end(), format) != forbidden.end())
    findings.error("policy.format_forbidden", path,
                   fmt::format("{}: is {}, a format the registry policy forbids",
                               formats::printable_name(path), format),
                   "convert the weights to a format the policy allows, e.g. safetensors");
}

// A file no scanner recognised: an ONNX model's external data (raw tensor bytes,
// read only by that model, whose scan checked the ranges), or, under a
// weight-like name, a finding.
void unrecognized(ValidatedFile& record, const PathSet& external_data,
                  const RegistryPolicy& policy, Findings& findings) {
  if (external_data.contains(record.path)) {
    record.format = "onnx-external-data";
    check_allowed_format(record.path, record.format, policy, findings);
    return;
  }
  if (!weight_like_name(record.path)) return;
  findings.add({"scan.unrecognized_weight",
                policy.reject_unknown_weights ? formats::Severity::kError
                                              : formats::Severity::kWarning,
                record.path, 0,
                fmt::format("{}: has a weight file's name but no scanner recognises its "
                            "content (safetensors, GGUF, pickle, PyTorch zip, NumPy, ONNX), "
                            "and no ONNX model reads it as external data",
                            formats::printable_name(record.path)),
                "convert the weights to safetensors, or remove the file"});
}

}  // namespace

FileScanner::FileScanner(const std::vector<FileToScan>& files, const RegistryPolicy& policy)
    : files_(files), policy_(policy) {
  for (const FileToScan& f : files) sizes_.emplace(f.path, f.size);
}

std::optional<formats::ScanReport> FileScanner::scan(size_t index, const formats::ByteSource& src,
                                                     bool trial) {
  if (!trial) return scan_one(src, files_[index], files_, sizes_, external_data_);
  PathSet ignored;
  return scan_one(src, files_[index], files_, sizes_, ignored);
}

void FileScanner::record(size_t index, std::optional<formats::ScanReport> report,
                         std::vector<ValidatedFile>& scanned, Findings& findings) {
  const FileToScan& file = files_[index];
  ValidatedFile& record = scanned.emplace_back(ValidatedFile{file.path, "", file.size});
  if (!report) {
    unknown_.push_back(scanned.size() - 1);
    return;
  }
  record.format = report->format;
  findings.add_all(std::move(report->findings));
  check_allowed_format(file.path, report->format, policy_, findings);
}

void FileScanner::finish(std::vector<ValidatedFile>& scanned, Findings& findings) {
  for (const size_t i : unknown_) unrecognized(scanned[i], external_data_, policy_, findings);
  unknown_.clear();
}

Status scan_files(const std::vector<FileToScan>& files, const RegistryPolicy& policy,
                  std::vector<ValidatedFile>& scanned, Findings& findings) {
  FileScanner scanner(files, policy);
  for (size_t i = 0; i < files.size(); ++i) {
    const FileToScan& file = files[i];
    MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, file.linked ? fs::open_identified(file.location, *file.linked)
                                                     : fs::open_for_reading(file.location, file.links));
    MS_ASSIGN_OR_RETURN(auto source, formats::file_source(fd.release(), file.location.string()));
    scanner.record(i, scanner.scan(i, *source), scanned, findings);
  }
  scanner.finish(scanned, findings);
  return {};
}

}  // namespace modelseal::validate

namespace modelseal {

const std::vector<std::string>& known_scan_formats() {
  static const std::vector<std::string> kFormats{
      "safetensors", "safetensors-index", "gguf", "pickle", "pytorch-zip", "torchscript", "joblib",
      "npz",         "zip",               "npy",  "onnx",   "onnx-external-data",
      "keras", "tf-savedmodel", "keras-h5", "hdf5"};
  return kFormats;
}

}  // namespace modelseal
