#include "formats/archive/byte_stream.hpp"

namespace modelseal::formats::archive_detail {
namespace {

class PlainStream : public ByteStream {
 public:
  explicit PlainStream(const ByteSource& src) : src_(src) {}

  size_t read(std::span<uint8_t> out) override {
    size_t got = 0;
    while (got < out.size() && !failure_) {
      const Result<size_t> n = src_.read_at(offset_, out.subspan(got));
      if (!n.ok()) {
        failure_ = StreamFailure{"archive.read_error", offset_, n.error().detail};
      } else if (*n == 0) {
        break;
      } else {
        got += *n;
        offset_ += *n;
      }
    }
    return got;
  }

  uint64_t file_bytes_read() const override { return offset_; }

 private:
  const ByteSource& src_;
  uint64_t offset_ = 0;
};

}  // namespace

std::unique_ptr<ByteStream> make_plain_stream(const ByteSource& src) {
  return std::make_unique<PlainStream>(src);
}

}  // namespace modelseal::formats::archive_detail
