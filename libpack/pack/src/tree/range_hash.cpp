#include "tree/range_hash.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "tree/model_tree.hpp"
#include "tree/work_on_cores.hpp"

namespace modelseal::tree {
namespace {

Error changed(const RangeToHash& r) {
  return make_error(ErrorCode::kIo, r.location.string() + ": file changed size while being read");
}

Result<std::vector<uint8_t>> hash_range(const RangeToHash& r, crypto::ContentHash hash,
                                        std::span<uint8_t> buffer, ProgressMeter& meter) {
  if (r.start > r.end || r.end > r.file_size)
    return make_error(ErrorCode::kInternal, r.location.string() + ": range outside the file");
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, open_entry(r.location, r.linked));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fs::errno_error(r.location, "stat", errno);
  if (static_cast<uint64_t>(st.st_size) != r.file_size) return changed(r);
  if (r.start > 0 && ::lseek(fd.get(), static_cast<off_t>(r.start), SEEK_SET) < 0)
    return fs::errno_error(r.location, "seek", errno);
  ::posix_fadvise(fd.get(), static_cast<off_t>(r.start), static_cast<off_t>(r.end - r.start),
                  POSIX_FADV_SEQUENTIAL);
  MS_ASSIGN_OR_RETURN(crypto::ContentHasher hasher, crypto::ContentHasher::create(hash));
  uint64_t left = r.end - r.start;
  while (left > 0) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(left, buffer.size()));
    MS_ASSIGN_OR_RETURN(size_t n, fs::read_some(fd.get(), {buffer.data(), want}, r.location));
    if (n == 0) return changed(r);
    MS_TRY(hasher.update(buffer.first(n)));
    meter.add(n);
    left -= n;
  }
  return hasher.finish();
}

}  // namespace

Result<std::vector<std::vector<uint8_t>>> hash_ranges(const std::vector<RangeToHash>& ranges,
                                                      crypto::ContentHash hash, unsigned threads,
                                                      ProgressMeter& meter) {
  std::vector<std::vector<uint8_t>> digests(ranges.size());
  MS_TRY(work_on_cores(ranges.size(), threads, meter,
                       [&](size_t i, std::span<uint8_t> buffer) -> Status {
                         MS_ASSIGN_OR_RETURN(digests[i], hash_range(ranges[i], hash, buffer, meter));
                         return {};
                       }));
  return digests;
}

}  // namespace modelseal::tree
