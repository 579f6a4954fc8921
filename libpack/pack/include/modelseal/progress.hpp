// Progress of long operations, reported to an optional callback (the CLI
// draws it on a terminal). Called from the calling thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace modelseal {

struct Progress {
  std::string_view phase;  // "hashing", "writing", "verifying", "extracting", "sealing"
  uint64_t done_bytes = 0;
  uint64_t total_bytes = 0;  // 0 when unknown
  bool finished = false;
};

using ProgressFn = std::function<void(const Progress&)>;

}  // namespace modelseal
