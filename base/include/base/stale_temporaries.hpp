// Temporaries beside a destination (".NAME.tmp-PID-XXXXXX" files of AtomicFile,
// ".NAME.extract-PID-XXXXXX" folders of TempDir) carry their creator's pid in
// their name and are flock()ed by it while it works. A command killed with -9
// leaves them behind (with plaintext, for open and extract); the next command
// writing the same destination removes those that are provably abandoned.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal::fs {

enum class TemporaryKind { kFile, kFolder };

// "<prefix><pid>-": how this process's temporaries with `prefix` start.
std::string temporary_prefix(std::string_view prefix);

// Marks the temporary open on `fd` as in use for as long as the descriptor
// stays open. Best effort: a file system without flock() leaves it unmarked,
// and then no other command ever removes it.
void mark_temporary_in_use(int fd);

// Removes, in `dir`, each "<prefix><pid>-XXXXXX" of the given kind that this
// user owns, whose creating process is gone and whose lock is free. Never
// follows a link, never touches anything else; errors leave things as they were.
void remove_stale_temporaries(const std::filesystem::path& dir, std::string_view prefix,
                              TemporaryKind kind);

}  // namespace modelseal::fs
