// Fuzzes the HDF5 root-attribute reader and the legacy Keras .h5 scanner: it
// must never crash, every finding must be a documented "hdf5.*" or "keras.*"
// id with a hint, the format is "keras-h5" or "hdf5", offsets lie inside the
// file, a file without the signature is never accepted, and routing by
// content must agree with the scanner or, when another format claims the
// file first, reject it as an "hdf5.polyglot". Seeds: small files written by h5py
// (default and libver="latest"; benign and Lambda configs) in
// fuzz/corpus/scan_hdf5, and the hand-made ones of tests/unit/test_scan_hdf5.cpp.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "formats/hdf5/hdf5_scan.hpp"
#include "formats/scan/detect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  MemorySource src(std::span<const uint8_t>(data, size));
  const bool sniffed = looks_like_hdf5(src);
  const ScanReport report = scan_hdf5(src, "m.h5");
  if (report.format != "keras-h5" && report.format != "hdf5") std::abort();
  for (const auto& f : report.findings) {
    const std::string_view id = f.id;
    if ((!id.starts_with("hdf5.") && !id.starts_with("keras.")) || f.hint.empty()) std::abort();
    if (f.offset > size) std::abort();
  }
  if (!sniffed && !report.rejected()) std::abort();
  if (sniffed) {
    const auto routed = scan_by_content(src, "m.h5");
    if (!routed) std::abort();
    const bool same = routed->format == report.format && routed->findings.size() == report.findings.size();
    const bool polyglot = routed->rejected() && !routed->findings.empty() &&
                          routed->findings.back().id == "hdf5.polyglot";
    if (!same && !polyglot) std::abort();
  }
  return 0;
}
