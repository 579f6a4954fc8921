// Scanner for raw Python pickles (protocols 0-5), e.g. the data.pkl inside a
// PyTorch checkpoint. The opcode stream is simulated, never executed: every
// imported global must be on PyTorch's weights_only allow-list. Finding ids
// are documented in docs/findings-pickle.md.
#pragma once

#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

// Bytes the sniffer simulates for a protocol 0/1 pickle (no PROTO opcode).
inline constexpr uint64_t kPickleSniffBytes = 64 * 1024;

// True for PROTO 2-5 at offset 0, or for a stream whose first
// kPickleSniffBytes simulate as a well-formed protocol 0/1 pickle.
bool looks_like_pickle(const ByteSource& src);

// Which unpickler is expected to read it.
enum class PickleContext {
  kFile,         // a file on its own: torch.load or, if it builds a joblib
                 // NumpyArrayWrapper, joblib.load (report.format "joblib")
  kTorchMember,  // a pickle inside a PyTorch checkpoint: torch.load only
  kTorchScript,  // constants.pkl, data.pkl, *.debug_pkl of a TorchScript archive
};

// Scans the whole source as one pickle; report.format is "pickle", or
// "joblib" when a joblib NumpyArrayWrapper was read (PickleContext::kFile).
ScanReport scan_pickle(const ByteSource& src, std::string_view name,
                       PickleContext context = PickleContext::kFile);

}  // namespace modelseal::formats
