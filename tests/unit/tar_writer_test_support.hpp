// An archive written by the canonical tar writer itself, in memory (pack and above).
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "archive/byte_sink.hpp"
#include "archive/tar_writer.hpp"

namespace tar_test {

using Files = std::vector<std::pair<std::string, std::string>>;  // path, content

inline std::string written_tar(const Files& files, int64_t mtime = 0) {
  modelseal::archive::MemorySink sink;
  modelseal::archive::TarWriter tar(sink, mtime);
  for (const auto& [path, data] : files) {
    REQUIRE(tar.begin_file(path, data.size()).ok());
    REQUIRE(tar.write_data({reinterpret_cast<const uint8_t*>(data.data()), data.size()}).ok());
    REQUIRE(tar.end_file().ok());
  }
  REQUIRE(tar.finish().ok());
  return sink.bytes;
}

}  // namespace tar_test
