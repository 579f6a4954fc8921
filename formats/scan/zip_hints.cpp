#include <array>

#include "formats/scan/zip_scan_internal.hpp"

namespace modelseal::formats::zip_scan_detail {

const HintTable& zip_hints() {
  static constexpr std::array<HintEntry, 38> kHints{{
      {"zip.read_error", "the file could not be read; check the storage and retry"},
      {"zip.no_end_record", "not a complete ZIP file: the end of central directory record is missing"},
      {"zip.truncated", "the ZIP file is cut short; download or export it again"},
      {"zip.ambiguous_end_record", "the comment hides a second end record; re-create the archive without it"},
      {"zip.multi_disk", "multi-disk (spanned) ZIP archives are not accepted; write one file"},
      {"zip.bad_zip64", "the ZIP64 records are inconsistent; re-create the archive"},
      {"zip.bad_central_directory", "the central directory is malformed; re-create the archive"},
      {"zip.too_many_entries", "an archive may hold at most 100000 entries"},
      {"zip.bad_local_header", "an entry's local header is missing; re-create the archive"},
      {"zip.bad_extra_field", "an extra field is malformed; re-create the archive"},
      {"zip.unicode_path_field", "remove the Info-ZIP Unicode Path field; set the UTF-8 flag instead"},
      {"zip.central_local_mismatch", "local and central headers disagree, so unzip tools disagree; re-create the archive"},
      {"zip.overlapping_entries", "entries share bytes (a zip bomb or a disguise); re-create the archive"},
      {"zip.prepended_data", "bytes before the first entry hide another format (a polyglot); remove them"},
      {"zip.gap_data", "bytes between entries belong to nothing; re-create the archive"},
      {"zip.trailing_data", "bytes after the end record hide another format; remove them"},
      {"zip.duplicate_name", "each entry name may appear once; tools disagree on which copy wins"},
      {"zip.path_traversal", "entry names must not contain '..'"},
      {"zip.absolute_path", "entry names must be relative paths"},
      {"zip.invalid_name", "entry names must be non-empty '/'-separated paths without NUL, backslash or control characters"},
      {"zip.non_utf8_name", "store names as UTF-8 with flag bit 11, or as plain ASCII"},
      {"zip.encrypted", "encrypted entries cannot be scanned; store them unencrypted"},
      {"zip.unsupported_method", "use compression method 0 (stored) or 8 (deflate)"},
      {"zip.size_mismatch", "an entry's data does not have its declared size; re-create the archive"},
      {"zip.crc_mismatch", "an entry's data does not match its CRC-32; the file is corrupt or tampered"},
      {"zip.compression_ratio", "an entry expands more than 200:1, like a zip bomb; store it uncompressed"},
      {"zip.limit_exceeded", "the archive's total size is over the scanner's limit; split it"},
      {"zip.member_too_large", "deflated members over 256 MiB are not scanned; store them uncompressed"},
      {"zip.inflate_error", "an entry's deflate stream is broken; re-create the archive"},
      {"zip.nested_archive", "archives inside archives are not scanned; unpack the inner ZIP"},
      {"zip.missing_data_pkl", "a PyTorch checkpoint needs <dir>/data.pkl; re-save it with torch.save"},
      {"zip.pytorch_layout", "torch.save writes only data.pkl, data/<key>, version, byteorder and .data/; check the extra members"},
      {"zip.too_many_findings", "fix the listed problems first; the archive is badly broken"},
      {"torchscript.code", "review the TorchScript code before loading it, or ship weights as safetensors"},
      {"torchscript.custom_op", "the model needs native code from a custom operator library; review and ship that library separately"},
      {"torchscript.custom_class", "the model needs native code from a custom class library; review and ship that library separately"},
      {"torchscript.file_access", "the model reads files of the machine that loads it; treat it as hostile"},
      {"torchscript.code_too_large", "a TorchScript code file over 16 MiB is not scanned; review it by hand"},
  }};
  static const HintTable kTable{kHints, "see docs/findings-zip.md"};
  return kTable;
}

}  // namespace modelseal::formats::zip_scan_detail
