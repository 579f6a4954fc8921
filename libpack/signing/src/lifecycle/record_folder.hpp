// A folder of disposal records, listed one way for revocation lists (verify --revocations) and
// for the audit of a keystore's disposals/.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::lifecycle {

struct RecordFolderEntry {
  std::filesystem::path path;
  std::string name;
  bool is_record = false;  // a regular file, not a link, named as a record (has_record_name)
};

// The folder's entries sorted by name, without the ".NAME.tmp-PID-XXXXXX" files a killed write
// leaves (an unfinished record is not a record; the next write removes them). Errors:
// kLimitExceeded past `max_entries`, kIo when the folder cannot be listed whole (a list read in
// part is not a shorter list).
Result<std::vector<RecordFolderEntry>> list_record_folder(const std::filesystem::path& dir,
                                                          size_t max_entries);

}  // namespace modelseal::lifecycle
