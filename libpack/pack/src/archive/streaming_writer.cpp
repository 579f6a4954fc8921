#include "archive/streaming_writer.hpp"

#include <fcntl.h>

namespace modelseal::archive {

Status StreamingWriter::write(std::span<const uint8_t> data) {
  MS_TRY(file_.write(data));
  written_ += data.size();
  // Advice only: where sync_file_range is refused (a file system without it), the commit's
  // fsync still makes the file durable.
  while (written_ - writeback_started_ >= kWindowBytes) {
    ::sync_file_range(file_.fd(), static_cast<off_t>(writeback_started_), kWindowBytes,
                      SYNC_FILE_RANGE_WRITE);
    writeback_started_ += kWindowBytes;
  }
  return {};
}

}  // namespace modelseal::archive
