// The parts every verdict document shares (docs/json-output.md): the envelope, the error object,
// a signature and a policy rule, and the exit code that goes with a verdict.
#pragma once

#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

#include "modelseal/result.hpp"
#include "modelseal/verdict_json.hpp"

namespace modelseal::verdict_json {

using nlohmann::json;

// The values are the exit codes.
enum class Verdict { kAccepted = 0, kRejected = 1, kError = 2 };

// The verdict a failure gives: rejected when the input was checked (is_rejection), else error.
Verdict verdict_of(const Error& error);

// {"schema", "command", "tool", "target"}; the verdict and exit code are added by finish().
json envelope(std::string_view command, const std::filesystem::path& target);

// {"code", "message", "file"?}: `file` is left out when empty.
json error_object(std::string_view code, std::string_view message, const std::filesystem::path& file);
json error_object(const Error& error, const std::filesystem::path& file);

// {"code", "message"} of an error that is part of a verdict (a signature that did not verify).
json problem_object(const Error& error);

// Sets "verdict" and "exit_code" and prints the document (invalid UTF-8 replaced: messages
// quote hostile names).
VerdictDocument finish(json document, Verdict verdict);

}  // namespace modelseal::verdict_json
