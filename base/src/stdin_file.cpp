#include "modelseal/stdin_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "base/file_io.hpp"

namespace modelseal {
namespace {

constexpr size_t kChunkBytes = size_t{1} << 20;

std::filesystem::path temp_root() {
  const char* dir = std::getenv("TMPDIR");
  return (dir != nullptr && dir[0] == '/') ? std::filesystem::path(dir) : std::filesystem::path("/tmp");
}

}  // namespace

StdinFile::StdinFile(std::filesystem::path folder, std::filesystem::path file)
    : folder_(std::move(folder)), file_(std::move(file)) {}

StdinFile::StdinFile(StdinFile&& other) noexcept
    : folder_(std::exchange(other.folder_, {})), file_(std::exchange(other.file_, {})) {}

StdinFile::~StdinFile() {
  if (folder_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(folder_, ec);
}

Result<StdinFile> StdinFile::copy(uint64_t max_bytes) {
  const std::filesystem::path stdin_name("-");
  if (::isatty(STDIN_FILENO))
    return make_error(ErrorCode::kInvalidArgument,
                      "-: standard input is a terminal; pipe the file in (... | modelseal COMMAND -)");
  std::string pattern = (temp_root() / "modelseal-stdin.XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    return fs::errno_error(pattern, "create a temporary folder for standard input", errno);
  StdinFile spooled(pattern, std::filesystem::path(pattern) / "-");  // findings name the file "-"
  fs::UniqueFd out(::open(spooled.file_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!out.valid()) return fs::errno_error(spooled.file_, "create", errno);
  std::vector<uint8_t> buffer(kChunkBytes);
  uint64_t total = 0;
  for (;;) {
    MS_ASSIGN_OR_RETURN(size_t got, fs::read_some(STDIN_FILENO, buffer, stdin_name));
    if (got == 0) break;
    total += got;
    if (total > max_bytes)
      return make_error(ErrorCode::kLimitExceeded,
                        "-: standard input is larger than " + std::to_string(max_bytes) + " bytes");
    MS_TRY(fs::write_all(out.get(), std::span<const uint8_t>(buffer.data(), got), spooled.file_));
  }
  return spooled;
}

}  // namespace modelseal
