// The tar layer of the reader: walks headers and data of the decompressed tar,
// one entry at a time, with the dialect of specs/bundle-v1.md section 4.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "formats/archive/audit_out.hpp"
#include "formats/archive/byte_stream.hpp"
#include "formats/archive/entry_names.hpp"
#include "formats/archive/tar_header.hpp"

namespace modelseal::formats::archive_detail {

class TarWalker {
 public:
  TarWalker(ByteStream& stream, const ArchiveAuditOptions& options, ArchiveAudit& audit,
            AuditOut& out);

  // Skips the rest of the current entry, then reads the next entry's headers
  // into audit.entries: true. False at a well-formed end (the end-of-archive
  // marker, then nothing) or once a fatal finding stopped the walk.
  bool next_entry();
  // The current entry's data; 0 at its end or once stopped.
  size_t read_data(std::span<uint8_t> out);
  // Moves past the rest of the current entry's data through ByteStream::skip: true. False
  // (nothing skipped) when the stream cannot, or on_tar_bytes must see every byte.
  bool skip_data();
  bool ended() const { return ended_; }

 private:
  size_t read(std::span<uint8_t> out);
  bool read_exact(std::span<uint8_t> out, std::string_view what);
  bool not_an_archive(std::string why);
  bool refuse_block(const Block& block, uint64_t at, bool first);
  bool dispatch(const TarHeader& header, uint64_t at);
  std::optional<std::string> read_meta(const TarHeader& header, uint64_t at, uint64_t limit,
                                       std::string_view id);
  bool pax_header(const TarHeader& header, uint64_t at);
  bool refused_header(const TarHeader& header, uint64_t at);
  bool entry(const TarHeader& header, uint64_t at);
  void check_fields(const TarHeader& header, const std::string& shown, bool has_pax_path,
                    uint64_t at);
  bool check_entry(char type, const std::string& path, const std::string& link, uint64_t size,
                   uint64_t at);
  void check_type(char type, const std::string& shown, const std::string& link, uint64_t at);
  bool skip(uint64_t size);
  bool skip_padding();
  bool finish(uint64_t at);

  // Headers read for the entry that follows them.
  struct Pending {
    std::optional<uint64_t> start;
    std::optional<PaxValues> pax;
  };

  ByteStream& stream_;
  const ArchiveAuditOptions& options_;
  const ArchiveAuditLimits& limits_;
  ArchiveAudit& audit_;
  AuditOut& out_;
  EntryNames names_;
  std::vector<uint8_t> chunk_;
  Pending pending_;
  uint64_t total_ = 0;
  uint64_t data_left_ = 0;     // of the current entry
  uint64_t padding_left_ = 0;  // after it
  bool first_block_ = true;
  bool ended_ = false;
};

}  // namespace modelseal::formats::archive_detail
