// Streaming zstd decompression with the reader's rules and limits: exactly one
// frame, with its content checksum (checked by zstd as the frame ends), a bounded
// decoder window, nothing after the frame (no second or skippable frame, no stray
// byte), and a compression-ratio check after every chunk so a bomb stops at once.
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <vector>

#include "formats/archive/byte_stream.hpp"

namespace modelseal::formats::archive_detail {
namespace {

constexpr uint32_t kSkippableMagic = 0x184D2A50;
constexpr uint32_t kSkippableMask = 0xFFFFFFF0;
constexpr uint32_t kMinWindowLog = 10;  // zstd's absolute bounds
constexpr uint32_t kMaxWindowLog = 31;
constexpr size_t kFrameHeaderDescriptorAt = 4;
constexpr uint8_t kContentChecksumFlag = 0x04;

uint32_t read_le32(std::span<const uint8_t> b) {
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 |
         static_cast<uint32_t>(b[2]) << 16 | static_cast<uint32_t>(b[3]) << 24;
}

struct DCtxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

class ZstdStream : public ByteStream {
 public:
  ZstdStream(InputBuffer& in, const ArchiveAuditLimits& limits)
      : in_(in), limits_(limits), dctx_(ZSTD_createDCtx()) {
    const uint32_t log = std::clamp(limits.max_zstd_window_log, kMinWindowLog, kMaxWindowLog);
    if (!dctx_ || ZSTD_isError(ZSTD_DCtx_setParameter(dctx_.get(), ZSTD_d_windowLogMax,
                                                      static_cast<int>(log))))
      failure_ = StreamFailure{"archive.internal", 0, "cannot set up the zstd decoder"};
  }

  size_t read(std::span<uint8_t> out) override {
    size_t got = 0;
    while (got < out.size() && !failure_ && state_ != State::kEnded) {
      if (state_ == State::kFrameHeader) {
        start_frame();
        continue;
      }
      if (state_ == State::kAfterFrame) {
        check_nothing_follows();
        continue;
      }
      const std::span<const uint8_t> data = in_.peek();
      if (data.empty() && input_failed(in_)) break;
      ZSTD_inBuffer input{data.data(), data.size(), 0};
      ZSTD_outBuffer o{out.data() + got, out.size() - got, 0};
      const size_t ret = ZSTD_decompressStream(dctx_.get(), &o, &input);
      in_.consume(input.pos);
      if (ZSTD_isError(ret)) {
        fail_decoding(ret);
        break;
      }
      got += o.pos;
      produced_ += o.pos;
      if (ratio_exceeded()) break;
      if (ret == 0) {
        state_ = State::kAfterFrame;
      } else if (data.empty() && o.pos == 0) {
        failure_ = StreamFailure{"archive.truncated", in_.offset(), "the zstd frame ends early"};
      }
    }
    return got;
  }

  uint64_t file_bytes_read() const override { return in_.offset(); }
  bool compressed() const override { return true; }

 private:
  enum class State { kFrameHeader, kInFrame, kAfterFrame, kEnded };

  void start_frame() {
    const std::span<const uint8_t> head = in_.peek(kFrameHeaderDescriptorAt + 1);
    if (input_failed(in_)) return;
    if (head.size() <= kFrameHeaderDescriptorAt || read_le32(head) != kZstdMagic) {
      failure_ = StreamFailure{"archive.truncated", 0, "the zstd frame header is incomplete"};
    } else if (!(head[kFrameHeaderDescriptorAt] & kContentChecksumFlag)) {
      failure_ = StreamFailure{"archive.zstd_no_checksum", 0,
                               "the zstd frame does not carry a content checksum"};
    } else {
      state_ = State::kInFrame;
    }
  }

  // After the one frame: the end of the file, and nothing else.
  void check_nothing_follows() {
    const uint64_t at = in_.offset();
    const std::span<const uint8_t> head = in_.peek(4);
    if (input_failed(in_)) return;
    if (head.empty()) {
      state_ = State::kEnded;
    } else if (head.size() >= 4 && read_le32(head) == kZstdMagic) {
      failure_ = StreamFailure{"archive.zstd_extra_frame", at,
                               "a second zstd frame follows the compressed tar"};
    } else if (head.size() >= 4 && (read_le32(head) & kSkippableMask) == kSkippableMagic) {
      failure_ = StreamFailure{"archive.zstd_skippable_frame", at,
                               "a skippable zstd frame follows the compressed tar"};
    } else {
      failure_ = StreamFailure{"archive.trailing_data", at,
                               "bytes after the zstd frame are not part of the bundle"};
    }
  }

  bool ratio_exceeded() {
    if (produced_ <= kArchiveRatioCheckAfter) return false;
    const uint64_t consumed = std::max<uint64_t>(in_.offset(), 1);
    const double ratio = static_cast<double>(produced_) / static_cast<double>(consumed);
    if (ratio <= limits_.max_compression_ratio) return false;
    failure_ = StreamFailure{
        "archive.compression_ratio", in_.offset(),
        std::to_string(produced_) + " bytes decompressed from " + std::to_string(consumed) +
            " (ratio over " + std::to_string(static_cast<uint64_t>(limits_.max_compression_ratio)) +
            ")"};
    return true;
  }

  void fail_decoding(size_t ret) {
    if (ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge) {
      failure_ = StreamFailure{"archive.zstd_window_too_large", 0,
                               "the zstd frame needs a window over 2^" +
                                   std::to_string(limits_.max_zstd_window_log) + " bytes"};
    } else {
      failure_ = StreamFailure{"archive.zstd_corrupt", in_.offset(),
                               std::string("zstd: ") + ZSTD_getErrorName(ret)};
    }
  }

  InputBuffer& in_;
  const ArchiveAuditLimits& limits_;
  std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx_;
  State state_ = State::kFrameHeader;
  uint64_t produced_ = 0;
};

}  // namespace

std::unique_ptr<ByteStream> make_zstd_stream(InputBuffer& in, const ArchiveAuditLimits& limits) {
  return std::make_unique<ZstdStream>(in, limits);
}

}  // namespace modelseal::formats::archive_detail
