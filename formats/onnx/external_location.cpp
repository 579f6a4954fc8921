#include "formats/onnx/external_location.hpp"

#include <vector>

#include "formats/text/utf8.hpp"
#include "formats/onnx/onnx_findings.hpp"
#include "formats/onnx/onnx_scan.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats::onnx_detail {
namespace {

ResolvedLocation problem(std::string id, std::string_view location, std::string what) {
  return {std::move(id),
          "external data location " + quote(location) + " " + std::move(what),
          {},
          false};
}

bool is_drive_letter(std::string_view s) {
  return s.size() >= 2 && s[1] == ':' &&
         ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'));
}

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = std::min(path.find('/', start), path.size());
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

}  // namespace

ResolvedLocation resolve_location(std::string_view model_path, std::string_view location) {
  if (location.empty()) return problem("onnx.external_bad_path", location, "is empty");
  if (location.size() > kOnnxMaxLocationBytes)
    return problem("onnx.external_bad_path", location,
                   "is " + std::to_string(location.size()) + " bytes long, over the limit of " +
                       std::to_string(kOnnxMaxLocationBytes));
  if (location.find('\0') != std::string_view::npos)
    return problem("onnx.external_bad_path", location, "contains a NUL byte");
  if (!utf8::valid(location))
    return problem("onnx.external_bad_path", location, "is not valid UTF-8");
  if (location.front() == '/' || location.front() == '\\' || is_drive_letter(location))
    return problem("onnx.external_absolute_path", location, "is an absolute path");
  if (location.find('\\') != std::string_view::npos)
    return problem("onnx.external_bad_path", location,
                   "contains a backslash, a path separator on Windows");

  std::vector<std::string_view> resolved;
  const size_t slash = model_path.rfind('/');
  if (slash != std::string_view::npos)
    for (const auto part : split(model_path.substr(0, slash)))
      if (!part.empty() && part != ".") resolved.push_back(part);
  const size_t model_depth = resolved.size();
  bool leaves_model_dir = false;
  for (const auto part : split(location)) {
    if (part.empty() || part == ".") continue;
    if (part != "..") {
      resolved.push_back(part);
      continue;
    }
    if (resolved.empty())
      return problem("onnx.external_path_escapes", location,
                     "climbs out of the bundle root (model at " + quote(model_path) + ")");
    resolved.pop_back();
    if (resolved.size() < model_depth) leaves_model_dir = true;
  }
  if (resolved.empty()) return problem("onnx.external_bad_path", location, "names no file");
  ResolvedLocation out;
  for (const auto part : resolved) {
    if (!out.root_relative.empty()) out.root_relative += '/';
    out.root_relative += part;
  }
  out.leaves_model_dir = leaves_model_dir;
  return out;
}

}  // namespace modelseal::formats::onnx_detail
