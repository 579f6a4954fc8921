// Jobs on every core, each thread with its own 1 MiB read buffer: what hashing
// many files, or many ranges of one file, have in common.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "modelseal/result.hpp"
#include "tree/progress_meter.hpp"

namespace modelseal::tree {

inline constexpr size_t kReadChunkBytes = 1 << 20;

// Runs job(i, buffer) for every i in [0, count), in the order `schedule`
// gives (schedule(k) is the k-th job started; identity when empty), on
// `threads` threads (0: one per core). Stops starting jobs after a failure and
// returns the error of the failed job with the lowest index; reports `meter`
// about ten times a second meanwhile.
Status work_on_cores(size_t count, unsigned threads, ProgressMeter& meter,
                     const std::function<Status(size_t index, std::span<uint8_t> buffer)>& job,
                     const std::function<size_t(size_t)>& schedule = {});

}  // namespace modelseal::tree
