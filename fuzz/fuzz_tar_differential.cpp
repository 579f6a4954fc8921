// Differential fuzzing of the bundle archive reader against libarchive, an
// independent tar reader: whenever modelseal's reader reads an archive to its
// end without an error, libarchive must find exactly the same entries, all
// regular files, with the same names and the same bytes, and nothing else
// (issue: what `verify` accepts is what any tar extracts).
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <clocale>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "archive/archive_reader.hpp"

namespace {

struct Entry {
  std::string path;
  std::string data;
  bool operator==(const Entry&) const = default;
};

class MemoryInput : public modelseal::archive::ByteStream {
 public:
  explicit MemoryInput(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  modelseal::Result<size_t> read(std::span<uint8_t> out) override {
    const size_t n = std::min(out.size(), bytes_.size() - at_);
    std::memcpy(out.data(), bytes_.data() + at_, n);
    at_ += n;
    return n;
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t at_ = 0;
};

// The entries modelseal's reader accepts, or nothing when it refuses the archive.
bool read_with_modelseal(std::span<const uint8_t> bytes, std::vector<Entry>& out) {
  MemoryInput input(bytes);
  auto reader = modelseal::archive::ArchiveReader::open(input, "fuzz.mbundle");
  if (!reader.ok()) return false;
  for (;;) {
    auto entry = (*reader)->next();
    if (!entry.ok()) return false;
    if (!*entry) return true;
    Entry e{(*entry)->path, {}};
    char buffer[4096];
    for (;;) {
      auto n = (*reader)->read({reinterpret_cast<uint8_t*>(buffer), sizeof buffer});
      if (!n.ok()) return false;
      if (*n == 0) break;
      e.data.append(buffer, *n);
    }
    out.push_back(std::move(e));
  }
}

struct ArchiveFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

// What libarchive extracts: every entry, with its type folded into the name of
// anything that is not a regular file, so it can never compare equal.
bool read_with_libarchive(std::span<const uint8_t> bytes, std::vector<Entry>& out) {
  std::unique_ptr<struct archive, ArchiveFree> a(archive_read_new());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) return false;
  struct archive_entry* entry = nullptr;
  for (int rc; (rc = archive_read_next_header(a.get(), &entry)) != ARCHIVE_EOF;) {
    if (rc != ARCHIVE_OK) return false;
    const char* name = archive_entry_pathname_utf8(entry);
    Entry e{name ? name : "<no utf-8 name>", {}};
    if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry))
      e.path += " <not a regular file>";
    char buffer[4096];
    for (la_ssize_t n; (n = archive_read_data(a.get(), buffer, sizeof buffer)) != 0;) {
      if (n < 0) return false;
      e.data.append(buffer, static_cast<size_t>(n));
    }
    out.push_back(std::move(e));
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool utf8_locale = std::setlocale(LC_CTYPE, "C.UTF-8") != nullptr;
  (void)utf8_locale;
  const std::span<const uint8_t> bytes(data, size);
  std::vector<Entry> accepted;
  if (!read_with_modelseal(bytes, accepted)) return 0;
  std::vector<Entry> extracted;
  if (!read_with_libarchive(bytes, extracted) || extracted != accepted) std::abort();
  return 0;
}
