#include "stdin_input.hpp"

namespace modelseal::cli {
namespace {

std::string g_copy_path;  // one command runs per process, with at most one input from stdin

}  // namespace

Result<InputFile> InputFile::open(const std::string& arg) {
  InputFile input;
  if (arg != "-") {
    input.path_ = arg;
    return input;
  }
  MS_ASSIGN_OR_RETURN(StdinFile copy, StdinFile::copy());
  input.path_ = copy.path().string();
  g_copy_path = input.path_;
  input.copy_.emplace(std::move(copy));
  return input;
}

std::string as_shown(std::string text) {
  if (g_copy_path.empty()) return text;
  for (size_t at = text.find(g_copy_path); at != std::string::npos; at = text.find(g_copy_path, at + 1))
    text.replace(at, g_copy_path.size(), "-");
  return text;
}

}  // namespace modelseal::cli
