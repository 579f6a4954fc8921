// Counts bytes from any thread; reports to the ProgressFn, at most ten times
// a second, from the thread that calls report().
#pragma once

#include <atomic>
#include <chrono>
#include <string_view>

#include "modelseal/progress.hpp"

namespace modelseal::tree {

class ProgressMeter {
 public:
  ProgressMeter(const ProgressFn& fn, std::string_view phase, uint64_t total)
      : fn_(fn), phase_(phase), total_(total) {}

  void add(uint64_t bytes) { done_.fetch_add(bytes, std::memory_order_relaxed); }
  void report() {
    if (!fn_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    fn_(Progress{phase_, done_.load(std::memory_order_relaxed), total_, false});
  }
  void finish() {
    if (fn_) fn_(Progress{phase_, done_.load(std::memory_order_relaxed), total_, true});
  }

 private:
  const ProgressFn& fn_;
  std::string_view phase_;
  uint64_t total_;
  std::atomic<uint64_t> done_{0};
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace modelseal::tree
