// Runs a scanner's body so that no exception leaves the scanner: an allocation
// failure (std::bad_alloc, std::length_error) or any other exception is
// returned as a ParseFailure, which the scanner reports as its one finding for
// it ("<format>.read_error" with message(), or pickle's own pair).
#pragma once

#include <new>
#include <optional>
#include <stdexcept>
#include <string>

namespace modelseal::formats {

struct ParseFailure {
  enum class Kind { kOutOfMemory, kLengthError, kOther, kUnknown };
  Kind kind = Kind::kUnknown;
  std::string what;  // the exception's what(); "unknown exception" for a non-std one
  // "scanner failed: <what>"
  std::string message() const { return "scanner failed: " + what; }
};

// Runs body(); nullopt when it returned, the failure when it threw.
template <class Body>
std::optional<ParseFailure> guarded_parse(Body&& body) {
  try {
    body();
    return std::nullopt;
  } catch (const std::bad_alloc& e) {
    return ParseFailure{ParseFailure::Kind::kOutOfMemory, e.what()};
  } catch (const std::length_error& e) {
    return ParseFailure{ParseFailure::Kind::kLengthError, e.what()};
  } catch (const std::exception& e) {
    return ParseFailure{ParseFailure::Kind::kOther, e.what()};
  } catch (...) {
    return ParseFailure{ParseFailure::Kind::kUnknown, "unknown exception"};
  }
}

}  // namespace modelseal::formats
