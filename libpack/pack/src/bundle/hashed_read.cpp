#include "bundle/hashed_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "archive/archive_reader.hpp"
#include "formats/sealed/sealed_header.hpp"
#include "tree/async_hasher.hpp"

namespace modelseal::bundle {
namespace {

Error bundle_changed_while_read(const std::filesystem::path& bundle) {
  return make_error(ErrorCode::kTampered,
                    bundle.string() + ": the bundle changed while it was being read");
}

// The bundle file read once from its start for the archive reader, every byte also handed to
// a SHA-256 on another thread: the bytes verified are exactly the bytes hashed.
class HashingInput final : public archive::ByteStream {
 public:
  HashingInput(int fd, const std::filesystem::path& name, tree::AsyncHasher& hasher, ReadTap* tap)
      : fd_(fd), name_(name), hasher_(hasher), tap_(tap) {}
  ~HashingInput() override {
    if (!block_.empty()) hasher_.submit(0);
  }

  Result<size_t> read(std::span<uint8_t> out) override {
    if (pos_ == filled_) {
      if (ended_ || out.empty()) return size_t{0};
      MS_TRY(refill());
      if (filled_ == 0) return size_t{0};
    }
    const size_t n = std::min(out.size(), filled_ - pos_);
    std::memcpy(out.data(), block_.data() + pos_, n);
    pos_ += n;
    return n;
  }

  // Reads what the archive reader left (nothing, for a valid archive) so that every byte is hashed.
  Status drain() {
    while (!ended_) {
      pos_ = filled_;
      MS_TRY(refill());
    }
    if (!block_.empty()) hasher_.submit(filled_);
    block_ = {};
    return {};
  }

  uint64_t bytes_read() const { return total_; }

 private:
  Status refill() {
    if (!block_.empty()) hasher_.submit(filled_);
    block_ = hasher_.acquire();
    pos_ = filled_ = 0;
    auto got = fs::read_full(fd_, block_, name_);
    if (!got.ok()) return got.error();
    filled_ = *got;
    total_ += filled_;
    if (tap_ != nullptr && filled_ > 0) MS_TRY(tap_->bytes_read(block_.first(filled_)));
    ended_ = filled_ < block_.size();
    if (filled_ == 0) {
      hasher_.submit(0);
      block_ = {};
    }
    return {};
  }

  int fd_;
  const std::filesystem::path& name_;
  tree::AsyncHasher& hasher_;
  ReadTap* tap_;
  std::span<uint8_t> block_;  // acquired from the hasher, submitted once consumed
  size_t pos_ = 0, filled_ = 0;
  uint64_t total_ = 0;
  bool ended_ = false;
};

}  // namespace

Result<OpenedBundleFile> open_bundle_file(const std::filesystem::path& path) {
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(path));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fs::errno_error(path, "stat", errno);
  if (!S_ISREG(st.st_mode) || st.st_size <= 0)
    return make_error(ErrorCode::kInvalidArgument, path.string() + ": not a non-empty regular file");
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  return OpenedBundleFile{std::move(fd), static_cast<uint64_t>(st.st_size)};
}

namespace {

Result<HashedStream> read_and_hash(const OpenedBundleFile& file, const std::filesystem::path& name,
                                   const ReadOptions& options, EntryVisitor& visitor, ReadTap* tap) {
  if (::lseek(file.fd.get(), 0, SEEK_SET) != 0) return fs::errno_error(name, "seek", errno);
  tree::AsyncHasher hasher;
  MS_TRY(hasher.begin());
  HashingInput input(file.fd.get(), name, hasher, tap);
  MS_ASSIGN_OR_RETURN(auto archive, archive::ArchiveReader::open(input, name));
  MS_ASSIGN_OR_RETURN(StreamResult verified, stream_bundle(*archive, name, options, visitor));
  if (!verified.complete || !verified.metadata)
    return make_error(ErrorCode::kCorrupt, name.string() + ": bundle did not verify completely");
  MS_TRY(input.drain());
  if (input.bytes_read() != file.size) return bundle_changed_while_read(name);
  MS_ASSIGN_OR_RETURN(Sha256Digest sha, hasher.finish());
  return HashedStream{std::move(verified), sha};
}

bool starts_sealed(const OpenedBundleFile& file) {
  std::array<uint8_t, formats::kSealedMagicBytes> magic{};
  const ssize_t got = ::pread(file.fd.get(), magic.data(), magic.size(), 0);
  return got == static_cast<ssize_t>(magic.size()) && formats::has_sealed_magic(magic);
}

}  // namespace

Result<HashedStream> verify_and_hash(const OpenedBundleFile& file, const std::filesystem::path& name,
                                     const ReadOptions& options, EntryVisitor& visitor,
                                     ReadTap* tap) {
  if (starts_sealed(file))
    return make_error(ErrorCode::kInvalidArgument,
                      name.string() + ": is a sealed bundle: `modelseal open` decrypts, verifies "
                                      "and extracts it with its keystore");
  auto read = read_and_hash(file, name, options, visitor, tap);
  if (read.ok()) return read;
  // A file cut or grown meanwhile is named as such, not by the archive problem it caused.
  struct stat st {};
  if (::fstat(file.fd.get(), &st) == 0 && static_cast<uint64_t>(st.st_size) != file.size)
    return bundle_changed_while_read(name);
  return read;
}

}  // namespace modelseal::bundle
