// HDF5 files (issue 16, part 3): the legacy Keras `.h5` format keeps the model
// as JSON in the root group's `model_config` attribute (and the compile
// settings in `training_config`); loading it deserializes that config, so the
// config is walked like a Keras v3 config.json (formats/scan/keras.hpp) and
// its problems are "keras.*" findings. The container's problems are "hdf5.*"
// findings (docs/findings-hdf5.md). Only the root group's attributes are read
// (root_attributes.hpp); datasets and other groups (the weights) are not.
#pragma once

#include <optional>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

inline constexpr size_t kHdf5MaxFindings = 1000;

// The HDF5 signature at offset 0 or at a user block size (512, 1024, ...).
bool looks_like_hdf5(const ByteSource& src);

// report.format is "keras-h5" when the root group has a model_config
// attribute, else "hdf5" (weights only: no finding when well formed).
ScanReport scan_hdf5(const ByteSource& src, std::string_view name);

// For a file routed to another scanner: the error "hdf5.polyglot" when it is
// an HDF5 file too (h5py finds a superblock after a "user block" that another
// format's reader takes for its own), so no reader sees what the scan skipped.
std::optional<Finding> hdf5_polyglot_finding(const ByteSource& src, std::string_view name,
                                             std::string_view routed_format);

}  // namespace modelseal::formats
