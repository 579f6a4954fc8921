#include <algorithm>
#include <cstring>

#include "formats/archive/byte_stream.hpp"

namespace modelseal::formats::archive_detail {

bool ByteStream::input_failed(const InputBuffer& in) {
  if (!in.error()) return false;
  if (!failure_) failure_ = StreamFailure{"archive.read_error", in.offset(), in.error()->detail};
  return true;
}

namespace {

class PlainStream : public ByteStream {
 public:
  explicit PlainStream(InputBuffer& in) : in_(in) {}

  size_t read(std::span<uint8_t> out) override {
    size_t got = 0;
    while (got < out.size() && !failure_) {
      const std::span<const uint8_t> bytes = in_.peek();
      if (bytes.empty()) {
        input_failed(in_);
        break;
      }
      const size_t n = std::min(bytes.size(), out.size() - got);
      std::memcpy(out.data() + got, bytes.data(), n);
      in_.consume(n);
      got += n;
    }
    return got;
  }

  uint64_t file_bytes_read() const override { return in_.offset(); }

  bool skip(uint64_t n) override {
    if (failure_ || !in_.skip(n)) return false;
    input_failed(in_);
    return true;
  }

  bool compressed() const override { return false; }

 private:
  InputBuffer& in_;
};

}  // namespace

std::unique_ptr<ByteStream> make_plain_stream(InputBuffer& in) {
  return std::make_unique<PlainStream>(in);
}

}  // namespace modelseal::formats::archive_detail
