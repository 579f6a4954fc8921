#include "archive/archive_reader.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <cerrno>

#include "tree/path_rules.hpp"

namespace modelseal::archive {
namespace {

constexpr size_t kReadBlockBytes = 1 << 20;

const char* type_name(mode_t type) {
  switch (type) {
    case AE_IFDIR: return "folder";
    case AE_IFLNK: return "symbolic link";
    case AE_IFCHR: return "character device";
    case AE_IFBLK: return "block device";
    case AE_IFIFO: return "fifo";
    case AE_IFSOCK: return "socket";
    default: return "special";
  }
}

// libarchive converts names through the calling thread's locale; under the C
// locale a UTF-8 name fails to convert. Names are UTF-8 by the format's rules,
// so every libarchive call runs with a UTF-8 LC_CTYPE on this thread only.
class ScopedUtf8Locale {
 public:
  ScopedUtf8Locale() {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (utf8) previous_ = uselocale(utf8);
  }
  ~ScopedUtf8Locale() {
    if (previous_) uselocale(previous_);
  }
  ScopedUtf8Locale(const ScopedUtf8Locale&) = delete;
  ScopedUtf8Locale& operator=(const ScopedUtf8Locale&) = delete;

 private:
  locale_t previous_ = static_cast<locale_t>(0);
};

}  // namespace

struct StreamCallbacks {
  static la_ssize_t read(struct ::archive* a, void* self, const void** block) {
    auto& reader = *static_cast<ArchiveReader*>(self);
    Result<size_t> n = reader.stream_->read(reader.block_);
    if (!n.ok()) {
      reader.stream_error_ = n.error();
      archive_set_error(a, EIO, "%s", "the byte stream failed");
      return -1;
    }
    *block = reader.block_.data();
    return static_cast<la_ssize_t>(*n);
  }
};

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(ByteStream& stream,
                                                           const std::filesystem::path& name) {
  ScopedUtf8Locale utf8;
  struct ::archive* a = archive_read_new();
  if (!a) return make_error(ErrorCode::kInternal, "libarchive: out of memory");
  std::unique_ptr<ArchiveReader> reader(new ArchiveReader(a, fs::UniqueFd(), name));
  reader->stream_ = &stream;
  reader->block_.resize(kReadBlockBytes);
  if (archive_read_support_filter_zstd(a) != ARCHIVE_OK ||
      archive_read_support_format_tar(a) != ARCHIVE_OK)
    return reader->failure("cannot set up the archive reader");
  if (archive_read_open(a, reader.get(), nullptr, &StreamCallbacks::read, nullptr) != ARCHIVE_OK)
    return reader->failure("not a bundle (expected a zstd-compressed or plain tar archive)");
  return reader;
}

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(const std::filesystem::path& path) {
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(path));
  ScopedUtf8Locale utf8;
  struct ::archive* a = archive_read_new();
  if (!a) return make_error(ErrorCode::kInternal, "libarchive: out of memory");
  int raw_fd = fd.get();
  std::unique_ptr<ArchiveReader> reader(new ArchiveReader(a, std::move(fd), path));
  if (archive_read_support_filter_zstd(a) != ARCHIVE_OK ||
      archive_read_support_format_tar(a) != ARCHIVE_OK)
    return reader->failure("cannot set up the archive reader");
  if (archive_read_open_fd(a, raw_fd, kReadBlockBytes) != ARCHIVE_OK)
    return reader->failure("not a bundle (expected a zstd-compressed or plain tar archive)");
  return reader;
}

ArchiveReader::~ArchiveReader() { archive_read_free(a_); }

Error ArchiveReader::failure(std::string_view what) const {
  if (stream_error_) return *stream_error_;
  const char* detail = archive_error_string(a_);
  std::string message = path_.string() + ": " + std::string(what);
  if (detail) message += std::string(" (") + detail + ")";
  return make_error(ErrorCode::kCorrupt, message);
}

Result<std::optional<ArchiveEntry>> ArchiveReader::next() {
  ScopedUtf8Locale utf8;
  struct archive_entry* entry = nullptr;
  int rc = archive_read_next_header(a_, &entry);
  if (rc == ARCHIVE_EOF) return std::optional<ArchiveEntry>{};
  if (rc != ARCHIVE_OK) return failure("corrupt archive");
  const char* name = archive_entry_pathname_utf8(entry);
  if (!name) return failure("an entry's name is not valid UTF-8");
  std::string path = name;
  auto reject = [&](const std::string& why) {
    return make_error(ErrorCode::kCorrupt, path_.string() + ": entry '" + path + "' " + why);
  };
  mode_t type = archive_entry_filetype(entry);
  if (archive_entry_hardlink(entry)) return reject("is a hard link: only regular files are allowed");
  if (type != AE_IFREG)
    return reject(std::string("is a ") + type_name(type) + ": only regular files are allowed");
  if (archive_entry_sparse_count(entry) > 0) return reject("is sparse: not allowed");
  if (!archive_entry_size_is_set(entry) || archive_entry_size(entry) < 0)
    return reject("has no valid size");
  if (auto valid = tree::validate_relative_path(path); !valid.ok())
    return make_error(ErrorCode::kCorrupt, path_.string() + ": " + valid.error().detail);
  return std::optional<ArchiveEntry>{
      ArchiveEntry{std::move(path), static_cast<uint64_t>(archive_entry_size(entry))}};
}

Result<size_t> ArchiveReader::read(std::span<uint8_t> buffer) {
  la_ssize_t n = archive_read_data(a_, buffer.data(), buffer.size());
  if (n < 0) return failure("corrupt archive data");
  return static_cast<size_t>(n);
}

}  // namespace modelseal::archive
