#include "formats/archive/archive_stream.hpp"

#include <optional>

#include "formats/archive/audit_out.hpp"
#include "formats/archive/byte_stream.hpp"
#include "formats/archive/input_buffer.hpp"
#include "formats/archive/tar_walk.hpp"

namespace modelseal::formats {
namespace {

using namespace archive_detail;

constexpr size_t kInputBufferBytes = 1 << 20;

class SourceInput : public ArchiveInput {
 public:
  explicit SourceInput(const ByteSource& src) : src_(src) {}
  Result<size_t> read(std::span<uint8_t> out) override {
    MS_ASSIGN_OR_RETURN(const size_t n, src_.read_at(offset_, out));
    offset_ += n;
    return n;
  }

 private:
  const ByteSource& src_;
  uint64_t offset_ = 0;
};

}  // namespace

std::unique_ptr<ArchiveInput> source_input(const ByteSource& src) {
  return std::make_unique<SourceInput>(src);
}

struct ArchiveStream::Impl {
  Impl(ArchiveInput& input, std::string_view name, const ArchiveAuditOptions& options,
       ArchiveAudit& into)
      : audit(into), out(into, name), in(input, kInputBufferBytes) {
    const bool zstd = starts_with_zstd_magic(in.peek(4));
    audit.compression = zstd ? "zstd" : "none";
    stream = zstd ? make_zstd_stream(in, options.limits) : make_plain_stream(in);
    walker.emplace(*stream, options, audit, out);
  }

  // Reports a failure of the compressed file itself once, and where the walk stands.
  void settle() {
    audit.compressed_bytes = stream->file_bytes_read();
    if (const auto& failure = stream->failure())
      out.fatal_in_file(failure->id, failure->file_offset, failure->message);
    audit.complete = walker->ended() && !out.stopped();
  }

  ArchiveAudit& audit;
  AuditOut out;
  InputBuffer in;
  std::unique_ptr<ByteStream> stream;
  std::optional<TarWalker> walker;
};

ArchiveStream::ArchiveStream(ArchiveInput& input, std::string_view name,
                             const ArchiveAuditOptions& options, ArchiveAudit& audit)
    : impl_(std::make_unique<Impl>(input, name, options, audit)) {}

ArchiveStream::~ArchiveStream() = default;

bool ArchiveStream::next_entry() {
  const bool found = impl_->walker->next_entry();
  impl_->settle();
  return found && !impl_->out.stopped();
}

size_t ArchiveStream::read(std::span<uint8_t> out) {
  const size_t n = impl_->walker->read_data(out);
  impl_->settle();
  return impl_->out.stopped() ? 0 : n;
}

std::optional<uint64_t> ArchiveStream::data_file_offset() const {
  if (impl_->stream->compressed()) return std::nullopt;
  return impl_->stream->file_bytes_read();
}

bool ArchiveStream::skip_data() {
  const bool skipped = impl_->walker->skip_data();
  impl_->settle();
  return skipped && !impl_->out.stopped();
}

const std::optional<Error>& ArchiveStream::input_error() const { return impl_->in.error(); }

}  // namespace modelseal::formats
