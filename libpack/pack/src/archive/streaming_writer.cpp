#include "archive/streaming_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

namespace modelseal::archive {

void StreamingWriter::AlignedFree::operator()(uint8_t* p) const {
  ::operator delete[](p, std::align_val_t{kDirectAlign});
}

StreamingWriter::StreamingWriter(fs::AtomicFile& file, Cache cache) : file_(file) {
  if (cache != Cache::kBypass || ::lseek(file_.fd(), 0, SEEK_CUR) != 0) return;
  const int flags = ::fcntl(file_.fd(), F_GETFL);
  if (flags < 0 || ::fcntl(file_.fd(), F_SETFL, flags | O_DIRECT) != 0) return;
  block_.reset(static_cast<uint8_t*>(::operator new[](kDirectBytes, std::align_val_t{kDirectAlign})));
  direct_ = true;
}

StreamingWriter::~StreamingWriter() = default;

void StreamingWriter::stop_bypassing() {
  if (!direct_) return;
  const int flags = ::fcntl(file_.fd(), F_GETFL);
  if (flags >= 0) (void)::fcntl(file_.fd(), F_SETFL, flags & ~O_DIRECT);
  direct_ = false;
}

Status StreamingWriter::write(std::span<const uint8_t> data) {
  written_ += data.size();
  while (direct_ && !data.empty()) {
    const size_t n = std::min(kDirectBytes - held_, data.size());
    std::memcpy(block_.get() + held_, data.data(), n);
    held_ += n;
    data = data.subspan(n);
    if (held_ == kDirectBytes) MS_TRY(write_direct_block());
  }
  return data.empty() ? Status() : write_cached(data);
}

// One full block at an aligned offset. A file system that takes the flag but not the write
// (EINVAL, EOPNOTSUPP) gets this block and the rest through the cache.
Status StreamingWriter::write_direct_block() {
  size_t done = 0;
  while (done < held_) {
    const ssize_t n = ::write(file_.fd(), block_.get() + done, held_ - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EINVAL || errno == EOPNOTSUPP)) break;
    if (n < 0) return fs::errno_error(file_.target(), "write", errno);
    done += static_cast<size_t>(n);
    if (done % kDirectAlign != 0) break;  // a short write off the alignment: finish it cached
  }
  const std::span<const uint8_t> rest(block_.get() + done, held_ - done);
  held_ = 0;
  if (rest.empty()) return {};
  stop_bypassing();
  return file_.write(rest);
}

Status StreamingWriter::write_cached(std::span<const uint8_t> data) {
  MS_TRY(file_.write(data));
  // Advice only: where sync_file_range is refused (a file system without it), the commit's
  // fsync still makes the file durable.
  while (written_ - writeback_started_ >= kWindowBytes) {
    ::sync_file_range(file_.fd(), static_cast<off_t>(writeback_started_), kWindowBytes,
                      SYNC_FILE_RANGE_WRITE);
    writeback_started_ += kWindowBytes;
  }
  return {};
}

Status StreamingWriter::finish() {
  if (!direct_) return {};
  const std::span<const uint8_t> rest(block_.get(), held_);
  held_ = 0;
  stop_bypassing();
  return rest.empty() ? Status() : file_.write(rest);
}

}  // namespace modelseal::archive
