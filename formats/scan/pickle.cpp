#include "formats/scan/pickle.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "formats/scan/guarded_parse.hpp"
#include "formats/scan/pickle_ops.hpp"
#include "formats/scan/pickle_sim.hpp"

namespace modelseal::formats {

bool looks_like_pickle(const ByteSource& src) {
  bool looks = false;
  const auto failure = guarded_parse([&] {
    std::array<uint8_t, 2> head{};
    auto got = src.read_at(0, head);
    if (!got.ok() || *got == 0) return;
    if (head[0] == 0x80) {
      looks = *got == 2 && head[1] >= 2 && head[1] <= 5;
      return;
    }
    const pickle_detail::PickleOp* op = pickle_detail::find_pickle_op(head[0]);
    if (op == nullptr || op->protocol > 1 || op->code == '.') return;
    const uint64_t end = std::min<uint64_t>(src.size(), kPickleSniffBytes);
    const pickle_detail::SimResult sim = pickle_detail::simulate_pickle(src, "", end, true);
    if (sim.malformed) return;
    for (const Finding& f : sim.findings)
      if (f.id == "pickle.io_error") return;
    // A well-formed pickle, or a prefix of one cut by the sniffing window.
    looks = sim.stopped || end < src.size();
  });
  return !failure && looks;
}

ScanReport scan_pickle(const ByteSource& src, std::string_view name, PickleContext context) {
  ScanReport report;
  report.format = "pickle";
  pickle_detail::SimOptions options;
  if (context == PickleContext::kTorchScript) options.dialect = pickle_detail::PickleDialect::kTorchScript;
  if (context == PickleContext::kFile) options.joblib = pickle_detail::JoblibMode::kDetect;
  const auto failure = guarded_parse([&] {
    pickle_detail::SimResult sim = pickle_detail::simulate_pickle(src, name, src.size(), false, options);
    if (sim.joblib_arrays > 0) report.format = "joblib";
    report.findings = std::move(sim.findings);
  });
  if (!failure) return report;
  if (failure->kind == ParseFailure::Kind::kOutOfMemory)
    report.findings.push_back({"pickle.limit_exceeded", Severity::kError, std::string(name), 0,
                               "out of memory while scanning the pickle",
                               "convert the weights to safetensors"});
  else
    report.findings.push_back({"pickle.malformed", Severity::kError, std::string(name), 0,
                               "internal error while scanning the pickle",
                               "report this file to the modelseal maintainers"});
  return report;
}

}  // namespace modelseal::formats
