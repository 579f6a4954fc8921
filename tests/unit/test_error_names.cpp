// error_code_name: every ErrorCode has its own stable snake_case name (docs/json-output.md).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "modelseal/error_names.hpp"

using namespace modelseal;

TEST_CASE("every error code has a distinct snake_case name") {
  std::set<std::string> names;
  const int last = static_cast<int>(kLastErrorCode);
  for (int i = 0; i <= last; ++i) {
    const std::string name(error_code_name(static_cast<ErrorCode>(i)));
    CAPTURE(i);
    CHECK(!name.empty());
    for (char c : name) CHECK(((c >= 'a' && c <= 'z') || c == '_'));
    CHECK(names.insert(name).second);
  }
  CHECK(names.size() == static_cast<size_t>(last) + 1);
}

TEST_CASE("error code names are the documented ones") {
  CHECK(error_code_name(ErrorCode::kInvalidArgument) == "invalid_argument");
  CHECK(error_code_name(ErrorCode::kNotFound) == "not_found");
  CHECK(error_code_name(ErrorCode::kTampered) == "tampered");
  CHECK(error_code_name(ErrorCode::kRevoked) == "revoked");
  CHECK(error_code_name(ErrorCode::kBusy) == "busy");
}
