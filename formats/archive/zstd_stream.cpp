// Streaming zstd decompression with the auditor's limits: bounded decoder window,
// concatenated frames allowed, skippable frames and stray bytes refused, and a
// compression-ratio check after every chunk so a bomb stops at once.
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <array>
#include <vector>

#include "formats/archive/byte_stream.hpp"

namespace modelseal::formats::archive_detail {
namespace {

constexpr uint32_t kSkippableMagic = 0x184D2A50;
constexpr uint32_t kSkippableMask = 0xFFFFFFF0;
constexpr uint32_t kMinWindowLog = 10;  // zstd's absolute bounds
constexpr uint32_t kMaxWindowLog = 31;

struct DCtxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

class ZstdStream : public ByteStream {
 public:
  ZstdStream(const ByteSource& src, const ArchiveAuditLimits& limits)
      : src_(src), limits_(limits), in_buffer_(ZSTD_DStreamInSize()), dctx_(ZSTD_createDCtx()) {
    const uint32_t log = std::clamp(limits.max_zstd_window_log, kMinWindowLog, kMaxWindowLog);
    if (!dctx_ || ZSTD_isError(ZSTD_DCtx_setParameter(dctx_.get(), ZSTD_d_windowLogMax,
                                                      static_cast<int>(log))))
      failure_ = StreamFailure{"archive.internal", 0, "cannot set up the zstd decoder"};
  }

  size_t read(std::span<uint8_t> out) override {
    size_t got = 0;
    while (got < out.size() && !failure_ && !ended_) {
      if (!in_frame_) {
        start_frame();
        continue;
      }
      const bool input_left = in_.pos < in_.size || refill();
      if (failure_) break;
      ZSTD_outBuffer o{out.data() + got, out.size() - got, 0};
      const size_t ret = ZSTD_decompressStream(dctx_.get(), &o, &in_);
      if (ZSTD_isError(ret)) {
        fail_decoding(ret);
        break;
      }
      got += o.pos;
      produced_ += o.pos;
      if (ratio_exceeded()) break;
      if (ret == 0) {
        in_frame_ = false;
      } else if (o.pos == 0 && !input_left) {
        failure_ = StreamFailure{"archive.truncated", consumed(), "the zstd frame ends early"};
      }
    }
    return got;
  }

  uint64_t file_bytes_read() const override { return consumed(); }

 private:
  uint64_t consumed() const { return file_offset_ - (in_.size - in_.pos); }

  bool refill() {
    const Result<size_t> n = src_.read_at(file_offset_, in_buffer_);
    if (!n.ok()) {
      failure_ = StreamFailure{"archive.read_error", file_offset_, n.error().detail};
      return false;
    }
    file_offset_ += *n;
    in_ = ZSTD_inBuffer{in_buffer_.data(), *n, 0};
    return *n > 0;
  }

  // At a frame boundary: another zstd frame, the end of the file, or refused bytes.
  void start_frame() {
    frame_offset_ = consumed();
    std::array<uint8_t, 4> head{};
    const Result<size_t> n = src_.read_at(frame_offset_, head);
    if (!n.ok()) {
      failure_ = StreamFailure{"archive.read_error", frame_offset_, n.error().detail};
      return;
    }
    const uint32_t magic = static_cast<uint32_t>(head[0]) | static_cast<uint32_t>(head[1]) << 8 |
                           static_cast<uint32_t>(head[2]) << 16 |
                           static_cast<uint32_t>(head[3]) << 24;
    if (*n == 0 && frame_offset_ > 0) {
      ended_ = true;
    } else if (*n == 4 && magic == kZstdMagic) {
      in_frame_ = true;
    } else if (*n == 4 && (magic & kSkippableMask) == kSkippableMagic) {
      failure_ = StreamFailure{"archive.zstd_skippable_frame", frame_offset_,
                               "a skippable zstd frame follows the compressed tar"};
    } else {
      failure_ = StreamFailure{"archive.trailing_data", frame_offset_,
                               std::to_string(src_.size() - frame_offset_) +
                                   " bytes after the last zstd frame are not a zstd frame"};
    }
  }

  bool ratio_exceeded() {
    if (produced_ <= kArchiveRatioCheckAfter) return false;
    const double ratio =
        static_cast<double>(produced_) / static_cast<double>(std::max<uint64_t>(consumed(), 1));
    if (ratio <= limits_.max_compression_ratio) return false;
    failure_ = StreamFailure{
        "archive.compression_ratio", consumed(),
        std::to_string(produced_) + " bytes decompressed from " + std::to_string(consumed()) +
            " (ratio over " + std::to_string(static_cast<uint64_t>(limits_.max_compression_ratio)) +
            ")"};
    return true;
  }

  void fail_decoding(size_t ret) {
    if (ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge) {
      failure_ = StreamFailure{"archive.zstd_window_too_large", frame_offset_,
                               "the zstd frame needs a window over 2^" +
                                   std::to_string(limits_.max_zstd_window_log) + " bytes"};
    } else {
      failure_ = StreamFailure{"archive.zstd_corrupt", consumed(),
                               std::string("zstd: ") + ZSTD_getErrorName(ret)};
    }
  }

  const ByteSource& src_;
  const ArchiveAuditLimits& limits_;
  std::vector<uint8_t> in_buffer_;
  std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  uint64_t file_offset_ = 0;   // next file byte to load into in_buffer_
  uint64_t frame_offset_ = 0;  // where the current frame starts
  uint64_t produced_ = 0;
  bool in_frame_ = false;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<ByteStream> make_zstd_stream(const ByteSource& src,
                                             const ArchiveAuditLimits& limits) {
  return std::make_unique<ZstdStream>(src, limits);
}

}  // namespace modelseal::formats::archive_detail
