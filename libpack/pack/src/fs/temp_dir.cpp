#include "fs/temp_dir.hpp"

#include <fcntl.h>
#include <stdlib.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "base/stale_temporaries.hpp"

namespace modelseal::fs {

Result<TempDir> TempDir::create(const std::filesystem::path& parent, std::string_view prefix) {
  remove_stale_temporaries(parent, prefix, TemporaryKind::kFolder);
  std::string pattern = (parent / (temporary_prefix(prefix) + "XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) return errno_error(parent, "create a temporary folder in", errno);
  UniqueFd lock(::open(pattern.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (lock.valid()) mark_temporary_in_use(lock.get());
  return TempDir(std::filesystem::path(pattern), std::move(lock));
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace modelseal::fs
