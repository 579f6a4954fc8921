// Skipping a unit test for real. A test whose inputs are absent (the vectors in ../shared, which
// a user's clone does not have, or a command such as openssl) calls skip_test() and returns:
// it prints kSkipMarker, which tests/CMakeLists.txt gives CTest as SKIP_REGULAR_EXPRESSION, so
// CTest counts and prints the test as skipped ("Not Run (Skipped)") instead of passed.
// Print the marker only on the way out of the test: CTest reports a test that printed it as
// skipped whatever its checks said.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace test_skip {

inline constexpr char kSkipMarker[] = "MODELSEAL-TEST-SKIPPED";

inline void skip_test(std::string_view reason) {
  std::printf("%s: %.*s\n", kSkipMarker, static_cast<int>(reason.size()), reason.data());
  std::fflush(stdout);
}

// The vectors in ../shared (the CMake cache variable MODELSEAL_SHARED_DIR) are absent.
inline void skip_without_shared() {
  skip_test(std::string(MODELSEAL_SHARED_DIR) + " is absent: the shared test vectors are not here");
}

}  // namespace test_skip
