#include <zstd.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "archive/byte_sink.hpp"
#include "archive/streaming_writer.hpp"

namespace modelseal::archive {
namespace {

constexpr size_t kBufferBytes = 1 << 20;

Error zstd_error(const char* what, size_t code) {
  return make_error(ErrorCode::kInternal, std::string("zstd ") + what + ": " + ZSTD_getErrorName(code));
}

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

class PlainFileSink : public ByteSink {
 public:
  explicit PlainFileSink(fs::AtomicFile& file) : file_(file) { buffer_.reserve(kBufferBytes); }
  Status write(std::span<const uint8_t> data) override {
    if (buffer_.size() + data.size() > kBufferBytes) MS_TRY(flush());
    if (data.size() >= kBufferBytes) return emit(data);
    buffer_.insert(buffer_.end(), data.begin(), data.end());
    return {};
  }
  Status finish() override {
    MS_TRY(flush());
    return file_.finish();
  }
  uint64_t bytes_out() const override { return file_.bytes_written(); }

 private:
  Status flush() {
    MS_TRY(emit(buffer_));
    buffer_.clear();
    return {};
  }
  Status emit(std::span<const uint8_t> data) { return file_.write(data); }
  StreamingWriter file_;
  std::vector<uint8_t> buffer_;
};

class ZstdFileSink : public ByteSink {
 public:
  ZstdFileSink(fs::AtomicFile& file, std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx)
      : file_(file), cctx_(std::move(cctx)), out_buffer_(ZSTD_CStreamOutSize()) {}

  Status write(std::span<const uint8_t> data) override {
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    while (in.pos < in.size) {
      auto r = step(in, ZSTD_e_continue);
      if (!r.ok()) return r.error();
    }
    return {};
  }

  Status finish() override {
    ZSTD_inBuffer in{nullptr, 0, 0};
    for (;;) {
      auto remaining = step(in, ZSTD_e_end);
      if (!remaining.ok()) return remaining.error();
      if (*remaining == 0) return file_.finish();
    }
  }

  uint64_t bytes_out() const override { return file_.bytes_written(); }

 private:
  // Returns the number of bytes zstd still has to flush.
  Result<size_t> step(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
    ZSTD_outBuffer out{out_buffer_.data(), out_buffer_.size(), 0};
    size_t remaining = ZSTD_compressStream2(cctx_.get(), &out, &in, mode);
    if (ZSTD_isError(remaining)) return zstd_error("compress", remaining);
    MS_TRY(file_.write({out_buffer_.data(), out.pos}));
    return remaining;
  }

  StreamingWriter file_;
  std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx_;
  std::vector<uint8_t> out_buffer_;
};

}  // namespace

Result<std::unique_ptr<ByteSink>> make_file_sink(fs::AtomicFile& file, const Compression& compression,
                                                 unsigned workers) {
  if (compression.kind == CompressionKind::kNone) return std::make_unique<PlainFileSink>(file);
  std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
  if (!cctx) return make_error(ErrorCode::kInternal, "zstd: cannot allocate a compression context");
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  const std::pair<ZSTD_cParameter, int> params[] = {
      {ZSTD_c_compressionLevel, compression.level},
      {ZSTD_c_checksumFlag, 1},
      {ZSTD_c_nbWorkers, static_cast<int>(workers)},
  };
  for (const auto& [param, value] : params) {
    size_t rc = ZSTD_CCtx_setParameter(cctx.get(), param, value);
    if (ZSTD_isError(rc)) return zstd_error("set parameter", rc);
  }
  return std::make_unique<ZstdFileSink>(file, std::move(cctx));
}

}  // namespace modelseal::archive
