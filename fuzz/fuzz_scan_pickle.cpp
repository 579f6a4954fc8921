// Fuzz target for the pickle scanner (formats/scan/pickle.hpp): any bytes are
// sniffed and scanned from a MemorySource without crashing, and the report
// keeps its invariants: format "pickle" (or "joblib" once a joblib
// NumpyArrayWrapper's array was skipped), only documented "pickle." and
// "joblib." ids (docs/findings-pickle.md, docs/findings-joblib.md), each naming the file, at an offset inside it,
// and a bounded number of findings. Seeds: fuzz/corpus/scan_pickle/.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "formats/scan/pickle.hpp"

namespace {

bool documented(std::string_view id) {
  for (const std::string_view known :
       {"pickle.unsafe_global", "pickle.unsafe_build", "pickle.dynamic_global",
        "pickle.dynamic_call", "pickle.extension_code", "pickle.truncated",
        "pickle.trailing_data", "pickle.malformed", "pickle.limit_exceeded", "pickle.io_error",
        "joblib.bad_array_header", "joblib.truncated", "joblib.limit_exceeded",
        "joblib.unaligned_array"})
    if (id == known) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  const MemorySource src(std::span<const uint8_t>(data, size));
  const bool sniffed = looks_like_pickle(src);
  const ScanReport report = scan_pickle(src, "fuzz.pkl");
  if (report.format != "pickle" && report.format != "joblib") std::abort();
  if (report.findings.size() > 100) std::abort();
  for (const Finding& f : report.findings) {
    if (!documented(f.id) || f.file != "fuzz.pkl" || f.message.empty() || f.hint.empty())
      std::abort();
    if (f.offset > size) std::abort();
    if (f.id == "pickle.io_error") std::abort();  // memory cannot fail to read
  }
  // A PROTO 2-5 header is always recognised.
  if (size >= 2 && data[0] == 0x80 && data[1] >= 2 && data[1] <= 5 && !sniffed) std::abort();
  return 0;
}
