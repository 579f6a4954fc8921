#include "formats/scan/scan.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace modelseal::formats {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

bool ScanReport::rejected() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kError; });
}

Result<std::string> ByteSource::read_exact(uint64_t offset, uint64_t n) const {
  std::string out(static_cast<size_t>(n), '\0');
  std::span<uint8_t> buf(reinterpret_cast<uint8_t*>(out.data()), out.size());
  auto got = read_at(offset, buf);
  if (!got.ok()) return got.error();
  if (*got != n) return make_error(ErrorCode::kCorrupt, "short read");
  return out;
}

Result<size_t> MemorySource::read_at(uint64_t offset, std::span<uint8_t> out) const {
  if (offset >= bytes_.size()) return size_t{0};
  size_t n = static_cast<size_t>(std::min<uint64_t>(out.size(), bytes_.size() - offset));
  std::memcpy(out.data(), bytes_.data() + offset, n);
  return n;
}

namespace {

class FileSource : public ByteSource {
 public:
  FileSource(int fd, uint64_t size, std::string path) : fd_(fd), size_(size), path_(std::move(path)) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  uint64_t size() const override { return size_; }
  Result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override {
    size_t done = 0;
    while (done < out.size() && offset + done < size_) {
      ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        return make_error(ErrorCode::kIo, path_ + ": cannot read: " + std::strerror(errno));
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    return done;
  }

 private:
  int fd_;
  uint64_t size_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path) {
  struct stat st;  // looked at first, so no device is ever opened
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return make_error(ErrorCode::kInvalidArgument, path + ": not a regular file");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return make_error(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                      path + ": cannot open: " + std::strerror(errno));
  return file_source(fd, path);
}

Result<std::unique_ptr<ByteSource>> file_source(int fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorCode::kInvalidArgument, path + ": not a regular file");
  }
  return std::unique_ptr<ByteSource>(new FileSource(fd, static_cast<uint64_t>(st.st_size), path));
}

}  // namespace modelseal::formats
