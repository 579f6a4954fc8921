#include "lifecycle/record_folder.hpp"

#include <algorithm>
#include <system_error>

#include "lifecycle/disposal_record.hpp"

namespace modelseal::lifecycle {
namespace {

bool is_temporary(const std::string& name) {  // AtomicFile's ".NAME.tmp-PID-XXXXXX"
  return name.starts_with(".") && name.find(".tmp-") != std::string::npos;
}

}  // namespace

Result<std::vector<RecordFolderEntry>> list_record_folder(const std::filesystem::path& dir,
                                                          size_t max_entries) {
  std::vector<RecordFolderEntry> entries;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (is_temporary(name)) continue;
    if (entries.size() == max_entries)
      return make_error(ErrorCode::kLimitExceeded,
                        dir.string() + ": more than " + std::to_string(max_entries) + " records");
    std::error_code type_ec;
    const bool regular = !it->is_symlink(type_ec) && it->is_regular_file(type_ec);
    entries.push_back({it->path(), name, regular && has_record_name(name)});
  }
  if (ec) return make_error(ErrorCode::kIo, dir.string() + ": " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const RecordFolderEntry& a, const RecordFolderEntry& b) { return a.name < b.name; });
  return entries;
}

}  // namespace modelseal::lifecycle
