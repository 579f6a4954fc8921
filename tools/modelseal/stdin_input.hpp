// `-` as a command's input (validate, scan, verify, inspect, extract, digest): standard input,
// copied first to a private temporary file (modelseal/stdin_file.hpp) that the library reads as
// it reads any file. Messages and documents name it "-", never the temporary path.
#pragma once

#include <optional>
#include <string>

#include "modelseal/stdin_file.hpp"

namespace modelseal::cli {

class InputFile {
 public:
  // `arg` itself, or with "-" a copy of standard input (an error when stdin is a terminal).
  static Result<InputFile> open(const std::string& arg);
  const std::string& path() const { return path_; }
  bool from_stdin() const { return copy_.has_value(); }

 private:
  std::string path_;
  std::optional<StdinFile> copy_;
};

// `text` with the temporary copy's path written as "-".
std::string as_shown(std::string text);

}  // namespace modelseal::cli
