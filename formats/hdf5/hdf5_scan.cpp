#include "formats/hdf5/hdf5_scan.hpp"

#include <array>
#include <string>

#include "formats/hdf5/root_attributes.hpp"
#include "formats/scan/findings_sink.hpp"
#include "formats/scan/guarded_parse.hpp"
#include "formats/scan/keras.hpp"

namespace modelseal::formats {
namespace {

const HintTable& hdf5_hints() {
  static constexpr std::array<HintEntry, 8> kHints{{
      {"hdf5.malformed", "the HDF5 superblock, root group header or its attributes are inconsistent or truncated; write the file again with h5py or Keras"},
      {"hdf5.checksum_mismatch", "an HDF5 superblock or object header does not match its checksum: the file was changed or damaged"},
      {"hdf5.limit_exceeded", "the HDF5 root group is over the scanner's limits (docs/findings-hdf5.md)"},
      {"hdf5.unsupported_layout", "the root group uses an HDF5 layout the scanner does not read (dense or shared attributes, other offset sizes), so its model config cannot be checked; save it with h5py's default file format or convert the model to .keras"},
      {"hdf5.user_block", "bytes before the HDF5 superblock (a user block) are not scanned; write the file without a user block"},
      {"hdf5.polyglot", "the file is valid as two formats and each reader sees different content; save the model again in one format"},
      {"hdf5.read_error", "the file could not be read or scanned; check it and retry"},
      {"hdf5.too_many_findings", "fix the listed problems first; the file is badly broken"},
  }};
  static const HintTable kTable{kHints, "see docs/findings-hdf5.md"};
  return kTable;
}

constexpr std::array<std::string_view, 2> kWanted{"model_config", "training_config"};

const hdf5::Attribute* find(const hdf5::RootAttributes& root, std::string_view name) {
  for (const auto& a : root.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

// The keras walk of one config attribute, its findings moved into the file's
// sink at the value's offset.
void walk_config(const hdf5::Attribute& attr, bool serialized_root, FindingsSink& sink) {
  const std::string what = "the " + attr.name + " attribute";
  if (!attr.text) {
    sink.error("keras.config_invalid", attr.value_offset, what + " is " + attr.not_string);
    return;
  }
  const ScanReport walked = scan_keras_json({*attr.text, what, serialized_root}, sink.file());
  for (Finding f : walked.findings) {
    f.offset += attr.value_offset;
    if (!sink.add_finding(std::move(f))) return;
  }
}

}  // namespace

bool looks_like_hdf5(const ByteSource& src) { return hdf5::find_superblock(src).has_value(); }

std::optional<Finding> hdf5_polyglot_finding(const ByteSource& src, std::string_view name,
                                             std::string_view routed_format) {
  const auto at = hdf5::find_superblock(src);
  if (!at) return std::nullopt;
  Finding f;
  f.id = "hdf5.polyglot";
  f.file = std::string(name);
  f.offset = *at;
  f.message = "the file is a " + std::string(routed_format) + " file and also an HDF5 file (superblock at offset " +
              std::to_string(*at) + "), which h5py and Keras would read instead";
  f.hint = std::string(hdf5_hints().lookup(f.id));
  return f;
}

ScanReport scan_hdf5(const ByteSource& src, std::string_view name) {
  ScanReport report;
  report.format = "hdf5";
  FindingsSink sink(report.findings, name, hdf5_hints(),
                    {kHdf5MaxFindings, "hdf5.too_many_findings",
                     "more than " + std::to_string(kHdf5MaxFindings) + " findings; listing stopped"});
  const auto failure = guarded_parse([&] {
    const hdf5::RootAttributes root = hdf5::read_root_attributes(src, kWanted);
    if (root.superblock_offset > 0)
      sink.warning("hdf5.user_block", 0,
                   "the HDF5 superblock is at offset " + std::to_string(root.superblock_offset) +
                       "; the user block before it is not scanned");
    const hdf5::Attribute* model = find(root, "model_config");
    if (model != nullptr) report.format = "keras-h5";
    if (root.problem) sink.error(root.problem->id, root.problem->offset, root.problem->message);
    if (model != nullptr) walk_config(*model, true, sink);
    if (const auto* training = find(root, "training_config"); training != nullptr)
      walk_config(*training, false, sink);
  });
  if (failure) sink.error("hdf5.read_error", 0, failure->message());
  return report;
}

}  // namespace modelseal::formats
