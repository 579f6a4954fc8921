// What the three policy loaders (trust, registry, attestation) share around
// the TOML schema module (formats/toml): reading the file, the limit on lists,
// resolving the files it names, and the guard that turns exceptions into
// errors naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <new>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "formats/toml/field_reads.hpp"
#include "formats/toml/text_util.hpp"
#include "modelseal/result.hpp"

namespace modelseal::policy_internal {

inline constexpr uint64_t kMaxPolicyBytes = 64 * 1024;
inline constexpr size_t kMaxListEntries = 256;  // any list of a policy, and [[signer]] tables

// A string list of a policy: at most kMaxListEntries entries, each kept with its position.
inline bool read_list(formats::toml_schema::TableReader& reader,
                      const formats::toml_schema::Field& field, bool non_empty,
                      std::vector<formats::toml_schema::Located>& out) {
  return formats::toml_schema::read_list(reader, field, non_empty, kMaxListEntries, out);
}

// `written` as the policy names it: absolute, or relative to `base` (the policy's folder).
std::filesystem::path resolve(const std::filesystem::path& base, const std::string& written);

// Folders, devices and pipes are refused before they are opened (a FIFO would
// block); a missing file is left to the loader, whose error names it.
Status check_regular_file(const std::filesystem::path& path);

// Reads and parses a policy file: a regular file of at most kMaxPolicyBytes,
// then formats/toml parse_toml (depth prescan, syntax errors at line and column).
Result<toml::table> read_policy_toml(const std::filesystem::path& file);

// Runs `load` (toml++ and allocation may throw) and turns what it throws into
// an error naming `file`: no exception leaves a policy loader. A policy that
// breaks its schema is a configuration error (kInvalidConfig, exit 2).
template <class Load>
auto load_guarded(const std::filesystem::path& file, Load load) -> decltype(load()) {
  try {
    auto loaded = load();
    if (!loaded.ok()) return as_config_error(loaded.error());
    return loaded;
  } catch (const std::bad_alloc&) {
    return make_error(ErrorCode::kLimitExceeded,
                      fmt::format("{}: out of memory while reading the policy", file.string()));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInternal,
                      fmt::format("{}: internal error while reading the policy: {}", file.string(),
                                  formats::toml_schema::sanitize_for_display(e.what())));
  }
}

}  // namespace modelseal::policy_internal
