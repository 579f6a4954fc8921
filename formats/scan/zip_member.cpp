// Checks one ZIP member: its CRC-32 and size against the directory, then its
// content with the scanner its role asks for; inner findings are re-attributed
// to "<zip>:<member>".
#include <algorithm>
#include <cstdio>
#include <optional>

#include "formats/scan/detect.hpp"
#include "formats/scan/keras.hpp"
#include "formats/scan/npy.hpp"
#include "formats/scan/pickle.hpp"
#include "formats/scan/subrange_source.hpp"
#include "formats/scan/zip_scan.hpp"
#include "formats/scan/zip_scan_internal.hpp"
#include "formats/zip/crc32.hpp"
#include "formats/zip/zip_inflate.hpp"
#include "formats/zip/zip_names.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::zip_scan_detail {
namespace {

constexpr size_t kCrcChunkBytes = 1u << 20;
constexpr uint64_t kInitialInflateReserve = 1u << 20;

std::string hex32(uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

std::string quoted(const zip::Entry& e) { return "'" + printable_name(e.name) + "'"; }

std::optional<ScanReport> scan_content(const ByteSource& content, MemberRole role,
                                       std::string_view label) {
  switch (role) {
    case MemberRole::kPickle: return scan_pickle(content, label, PickleContext::kTorchMember);
    case MemberRole::kNpy: return scan_npy(content, label);
    case MemberRole::kByContent: return scan_by_content(content, label);
    case MemberRole::kRawBytes: return std::nullopt;
    case MemberRole::kKerasMetadata: return scan_by_content(content, label);
    case MemberRole::kTorchScriptPickle: return scan_pickle(content, label, PickleContext::kTorchScript);
    case MemberRole::kTorchScriptCode: {
      if (content.size() > kTorchScriptMaxCodeBytes) {
        ScanReport report;
        report.findings.push_back({"torchscript.code_too_large", Severity::kError, std::string(label), 0,
                                   "TorchScript code of " + std::to_string(content.size()) +
                                       " bytes, more than the limit of " +
                                       std::to_string(kTorchScriptMaxCodeBytes),
                                   std::string(zip_hints().lookup("torchscript.code_too_large"))});
        return report;
      }
      auto text = content.read_exact(0, content.size());
      if (!text.ok()) return std::nullopt;  // a stored member's CRC check has reported it
      return scan_torchscript_code(*text, label);
    }
    case MemberRole::kKerasConfig: {
      // At most one byte over the limit is read: scan_keras_config reports the size.
      const uint64_t n = std::min<uint64_t>(content.size(), kKerasMaxConfigBytes + 1);
      auto text = content.read_exact(0, n);
      if (!text.ok()) return scan_keras_config("", label);  // keras.config_invalid
      return scan_keras_config(*text, label);
    }
  }
  return std::nullopt;
}

// Whether a candidate's metadata.json names a keras_version (read only up to its limit).
bool names_keras_version(const ByteSource& content) {
  if (content.size() > kKerasMaxMetadataBytes) return false;
  auto text = content.read_exact(0, content.size());
  return text.ok() && keras_metadata_has_version(*text);
}

void scan_content_of(const ByteSource& content, const zip::Entry& e, MemberRole role, bool stored,
                     FindingsSink& sink, bool* keras_version_seen) {
  if (role == MemberRole::kRawBytes) return;
  if (role == MemberRole::kKerasMetadata && keras_version_seen != nullptr)
    *keras_version_seen = names_keras_version(content);
  if (looks_like_zip(content)) {
    sink.add("zip.nested_archive", Severity::kError, e.header_offset,
             "member " + quoted(e) + " is itself a ZIP archive; nested archives are not scanned");
    return;
  }
  const std::string label = std::string(sink.file()) + ":" + printable_name(e.name);
  auto inner = scan_content(content, role, label);
  if (!inner) return;
  for (Finding f : inner->findings) {
    f.file = label;
    if (stored)
      f.offset += e.data_offset;
    else
      f.message += " (offset within the inflated member)";
    sink.add_finding(std::move(f));
  }
}

void check_stored_crc(const ByteSource& src, const zip::Entry& e, FindingsSink& sink) {
  std::vector<uint8_t> chunk(static_cast<size_t>(std::min<uint64_t>(kCrcChunkBytes, e.compressed_size)));
  uint32_t crc = 0;
  for (uint64_t done = 0; done < e.compressed_size;) {
    const auto n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), e.compressed_size - done));
    auto got = src.read_at(e.data_offset + done, std::span<uint8_t>(chunk).first(n));
    if (!got.ok() || *got != n) {
      sink.add("zip.read_error", Severity::kError, e.data_offset + done,
               "member " + quoted(e) + " cannot be read");
      return;
    }
    crc = zip::crc32_update(crc, std::span<const uint8_t>(chunk).first(n));
    done += n;
  }
  if (crc != e.crc32)
    sink.add("zip.crc_mismatch", Severity::kError, e.data_offset,
             "member " + quoted(e) + " has CRC-32 " + hex32(crc) + ", the directory says " +
                 hex32(e.crc32));
}

void scan_deflated(const ByteSource& src, const zip::Entry& e, MemberRole role,
                   uint64_t& inflate_budget, FindingsSink& sink, bool* keras_version_seen) {
  const bool keep = role != MemberRole::kRawBytes;
  if (keep && e.uncompressed_size > kZipMaxInflatedMemberBytes) {
    sink.add("zip.member_too_large", Severity::kError, e.header_offset,
             "deflated member " + quoted(e) + " inflates to " + std::to_string(e.uncompressed_size) +
                 " bytes, more than the limit of " + std::to_string(kZipMaxInflatedMemberBytes));
    return;
  }
  if (e.uncompressed_size > inflate_budget) {
    sink.add("zip.limit_exceeded", Severity::kError, e.header_offset,
             "inflating member " + quoted(e) + " would pass the archive's limit of " +
                 std::to_string(kZipMaxTotalInflatedBytes) + " inflated bytes");
    return;
  }
  inflate_budget -= e.uncompressed_size;
  std::vector<uint8_t> content;
  if (keep) content.reserve(static_cast<size_t>(std::min(e.uncompressed_size, kInitialInflateReserve)));
  const zip::InflateOutcome out =
      zip::inflate_entry(src, e, e.uncompressed_size, [&](std::span<const uint8_t> bytes) {
        if (keep) content.insert(content.end(), bytes.begin(), bytes.end());
      });
  if (!out.error.empty()) {
    sink.add("zip.inflate_error", Severity::kError, e.data_offset,
             "member " + quoted(e) + " does not inflate: " + out.error);
    return;
  }
  if (out.over_limit || out.produced != e.uncompressed_size) {
    sink.add("zip.size_mismatch", Severity::kError, e.data_offset,
             "member " + quoted(e) + " inflates to " + (out.over_limit ? "more than " : "") +
                 std::to_string(out.produced) + " bytes, the directory says " +
                 std::to_string(e.uncompressed_size));
    return;
  }
  if (out.crc32 != e.crc32)
    sink.add("zip.crc_mismatch", Severity::kError, e.data_offset,
             "member " + quoted(e) + " inflates to CRC-32 " + hex32(out.crc32) +
                 ", the directory says " + hex32(e.crc32));
  if (keep) scan_content_of(MemorySource(content), e, role, false, sink, keras_version_seen);
}

}  // namespace

void scan_member(const ByteSource& src, const zip::Entry& entry, MemberRole role,
                 uint64_t& inflate_budget, FindingsSink& sink, bool* keras_version_seen) {
  if (entry.method == zip::kMethodDeflate)
    return scan_deflated(src, entry, role, inflate_budget, sink, keras_version_seen);
  check_stored_crc(src, entry, sink);
  scan_content_of(SubrangeSource(src, entry.data_offset, entry.compressed_size), entry, role, true,
                  sink, keras_version_seen);
}

}  // namespace modelseal::formats::zip_scan_detail
