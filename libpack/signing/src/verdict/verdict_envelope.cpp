#include "verdict/verdict_envelope.hpp"

#include "modelseal/error_names.hpp"

namespace modelseal::verdict_json {

Verdict verdict_of(const Error& error) {
  return is_rejection(error.code) ? Verdict::kRejected : Verdict::kError;
}

json envelope(std::string_view command, const std::filesystem::path& target) {
  json out = {{"schema", kVerdictJsonSchema},
              {"command", command},
              {"tool", {{"name", "modelseal"}, {"version", MODELSEAL_VERSION}}}};
  if (!target.empty()) out["target"] = target.string();
  return out;
}

json error_object(std::string_view code, std::string_view message, const std::filesystem::path& file) {
  json out = {{"code", code}, {"message", message}};
  if (!file.empty()) out["file"] = file.string();
  return out;
}

json error_object(const Error& error, const std::filesystem::path& file) {
  return error_object(error_code_name(error.code), error.detail, file);
}

json problem_object(const Error& error) {
  return {{"code", error_code_name(error.code)}, {"message", error.detail}};
}

VerdictDocument finish(json document, Verdict verdict) {
  static constexpr const char* kNames[] = {"accepted", "rejected", "error"};
  const int exit_code = static_cast<int>(verdict);
  document["verdict"] = kNames[exit_code];
  document["exit_code"] = exit_code;
  return {document.dump(2, ' ', false, json::error_handler_t::replace), exit_code};
}

}  // namespace modelseal::verdict_json
