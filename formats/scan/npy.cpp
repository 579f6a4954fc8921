#include "formats/scan/npy.hpp"

#include <algorithm>
#include <array>

#include "formats/scan/findings_sink.hpp"
#include "formats/scan/guarded_parse.hpp"
#include "formats/scan/npy_header.hpp"

namespace modelseal::formats {
namespace {

using namespace npy_detail;

constexpr std::string_view kMagic = "\x93NUMPY";

const HintTable& npy_hints() {
  static constexpr std::array<HintEntry, 15> kHints{{
      {"npy.truncated", "the file is shorter than its .npy preamble; re-export it"},
      {"npy.read_error", "the file could not be read; check the storage and retry"},
      {"npy.bad_magic", "not a .npy file: it must start with \\x93NUMPY"},
      {"npy.unsupported_version", "save with NumPy's format version 1.0, 2.0 or 3.0"},
      {"npy.header_length_out_of_range", "the header exceeds 1 MiB or the file; it is truncated"},
      {"npy.header_syntax", "the header must be a plain {'descr','fortran_order','shape'} dict"},
      {"npy.duplicate_key", "each header key may appear once"},
      {"npy.unknown_key", "the header holds only descr, fortran_order and shape"},
      {"npy.missing_key", "add the missing descr, fortran_order or shape"},
      {"npy.object_dtype", "object arrays are pickles that run code on load; save numeric data"},
      {"npy.unsupported_descr", "structured dtypes are not accepted; save plain arrays"},
      {"npy.unknown_dtype", "use a NumPy numeric, bool, bytes, str or datetime dtype"},
      {"npy.invalid_shape", "shape must be a tuple of at most 64 non-negative integers"},
      {"npy.size_overflow", "the array's byte size overflows 64 bits"},
      {"npy.size_mismatch", "the data must be exactly product(shape) * itemsize bytes"},
  }};
  static const HintTable kTable{kHints, ""};
  return kTable;
}

void check_body(const NpyHeader& h, uint64_t header_at, uint64_t data_at, uint64_t data_size,
                FindingsSink& out) {
  if (!h.descr || !h.fortran_order || !h.shape) {
    out.error("npy.missing_key", header_at,
              std::string("the header lacks ") +
                  (!h.descr ? "'descr'" : !h.fortran_order ? "'fortran_order'" : "'shape'"));
    return;
  }
  const std::string shown = h.descr->substr(0, kNpyMaxDescrBytes);
  const Descr d = parse_descr(*h.descr);
  if (d.kind == DescrKind::kObject) {
    out.error("npy.object_dtype", header_at, "descr '" + shown + "' is an object (pickle) dtype");
    return;
  }
  if (d.kind != DescrKind::kOk) {
    out.error("npy.unknown_dtype", header_at, "descr '" + shown + "' is not a known dtype");
    return;
  }
  uint64_t bytes = d.itemsize;
  for (const uint64_t dim : *h.shape) {
    if (__builtin_mul_overflow(bytes, dim, &bytes)) {
      out.error("npy.size_overflow", header_at, "the array's byte size overflows 64 bits");
      return;
    }
  }
  if (bytes != data_size)
    out.error("npy.size_mismatch", data_at,
              "the header declares " + std::to_string(bytes) + " data bytes, the file holds " +
                  std::to_string(data_size));
}

void scan(const ByteSource& src, FindingsSink& out) {
  const uint64_t size = src.size();
  auto pre = src.read_exact(0, std::min<uint64_t>(size, 12));
  if (!pre.ok()) return out.error("npy.read_error", 0, pre.error().detail);
  const std::string& p = *pre;
  if (p.size() < 6 || p.substr(0, 6) != kMagic) return out.error("npy.bad_magic", 0, "no .npy magic");
  if (p.size() < 10) return out.error("npy.truncated", 0, std::to_string(size) + " bytes only");
  const auto major = static_cast<uint8_t>(p[6]);
  const auto minor = static_cast<uint8_t>(p[7]);
  if (minor != 0 || major < 1 || major > 3)
    return out.error("npy.unsupported_version", 6,
                     "format version " + std::to_string(major) + "." + std::to_string(minor));
  const uint64_t header_at = major == 1 ? 10 : 12;
  if (size < header_at) return out.error("npy.truncated", 0, std::to_string(size) + " bytes only");
  uint64_t len = 0;
  for (uint64_t i = header_at; i-- > 8;) len = (len << 8) | static_cast<uint8_t>(p[i]);
  if (len > kNpyMaxHeaderBytes || len > size - header_at)
    return out.error("npy.header_length_out_of_range", 8,
                     "header length " + std::to_string(len) + " exceeds the limit of " +
                         std::to_string(kNpyMaxHeaderBytes) + " or the file size " +
                         std::to_string(size));
  auto text = src.read_exact(header_at, len);
  if (!text.ok()) return out.error("npy.read_error", header_at, text.error().detail);
  NpyHeader h;
  if (auto bad = parse_header(*text, kNpyMaxRank, h))
    return out.error(bad->id, header_at + bad->offset, bad->message);
  check_body(h, header_at, header_at + len, size - header_at - len, out);
}

}  // namespace

bool looks_like_npy(const ByteSource& src) {
  std::array<uint8_t, 6> head{};
  const auto got = src.read_at(0, head);
  return got.ok() && *got == head.size() &&
         std::string_view(reinterpret_cast<const char*>(head.data()), head.size()) == kMagic;
}

ScanReport scan_npy(const ByteSource& src, std::string_view name) {
  ScanReport report;
  report.format = "npy";
  FindingsSink out(report.findings, name, npy_hints(), FindingsCap::none());
  if (const auto failure = guarded_parse([&] { scan(src, out); }))
    out.error("npy.read_error", 0, failure->message());
  return report;
}

}  // namespace modelseal::formats
