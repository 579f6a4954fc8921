// ZIP containers of weights: PyTorch checkpoints (torch.save's zip of
// data.pkl + raw storages, usually named .pt/.pth/.bin/.ckpt) and NumPy .npz.
//
//   pytorch-zip:  <dir>/data.pkl, <dir>/data/<key>..., <dir>/version,
//                 [<dir>/byteorder], [<dir>/.data/serialization_id]
//   torchscript:  torch.jit.save's pytorch-zip with <dir>/constants.pkl or <dir>/code/
//                 (docs/findings-torchscript.md)
//   npz:          <name>.npy... (every member a .npy array)
//
// The directory is read by formats/zip (hardened, own code); every member is
// then scanned by content with scan_by_content (pickles wherever they hide,
// also when named *.pkl), .npz members with scan_npy. Deflated members are
// inflated by libarchive, bounded and CRC-checked. Finding ids "zip.*":
// docs/findings-zip.md.
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

// A deflated member whose content must be scanned is inflated into memory
// only up to this size; larger ones are a finding.
inline constexpr uint64_t kZipMaxInflatedMemberBytes = uint64_t{256} << 20;
// All inflating of one archive stops after this many output bytes.
inline constexpr uint64_t kZipMaxTotalInflatedBytes = uint64_t{4} << 30;
inline constexpr size_t kZipMaxFindings = 1000;

// A local header at offset 0, or an end record ending exactly at the end of
// the file (an empty ZIP, or one behind prepended bytes).
bool looks_like_zip(const ByteSource& src);

// report.format is "pytorch-zip", "torchscript", "npz", "keras" or "zip". Findings inside a member
// carry file "<name>:<member>"; their offset is absolute in the ZIP for stored
// members and relative to the inflated content for deflated ones.
ScanReport scan_zip(const ByteSource& src, std::string_view name);

}  // namespace modelseal::formats
