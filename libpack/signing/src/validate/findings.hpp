// The findings of one validation, in the order they were found, bounded so a
// hostile upload with millions of bad names cannot exhaust memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::validate {

inline constexpr size_t kMaxFindings = 10'000;

class Findings {
 public:
  explicit Findings(std::vector<formats::Finding>& out) : out_(out) {}
  void add(formats::Finding finding);
  void error(std::string id, std::string file, std::string message, std::string hint,
             uint64_t offset = 0);
  void warning(std::string id, std::string file, std::string message, std::string hint,
               uint64_t offset = 0);
  void add_all(std::vector<formats::Finding> findings);
  bool any_error() const;

 private:
  std::vector<formats::Finding>& out_;
  bool truncated_ = false;
};

}  // namespace modelseal::validate
