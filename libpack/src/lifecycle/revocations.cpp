// find_revocation: a folder of disposal records as a revocation list.
#include <algorithm>
#include <system_error>

#include "modelseal/lifecycle.hpp"

namespace modelseal {
namespace {

constexpr size_t kMaxRevocationFiles = 100000;

}  // namespace

Result<std::optional<Revocation>> find_revocation(const std::filesystem::path& dir,
                                                  const Sha256Digest& content_digest,
                                                  const std::vector<keys::PublicKey>& trusted_keys) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return make_error(ErrorCode::kNotFound, dir.string() + ": not a folder of disposal records");
  std::vector<std::filesystem::path> records;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".json" || !it->is_regular_file(ec)) continue;
    if (records.size() == kMaxRevocationFiles)
      return make_error(ErrorCode::kLimitExceeded,
                        dir.string() + ": more than " + std::to_string(kMaxRevocationFiles) + " records");
    records.push_back(it->path());
  }
  if (ec) return make_error(ErrorCode::kIo, dir.string() + ": " + ec.message());
  std::sort(records.begin(), records.end());
  const std::string wanted = content_digest.prefixed();
  for (const std::filesystem::path& path : records) {
    MS_ASSIGN_OR_RETURN(DisposalRecord record, read_disposal_record(path, {}));
    if (record.content_digest != wanted) continue;
    Revocation revocation{record, ""};
    if (trusted_keys.empty()) {
      revocation.signature_problem = "its signature was not checked (no trusted key given)";
    } else if (auto checked = read_disposal_record(path, trusted_keys); checked.ok()) {
      revocation.record = std::move(checked).value();
    } else {
      revocation.signature_problem = checked.error().detail;
    }
    return std::optional<Revocation>{std::move(revocation)};
  }
  return std::optional<Revocation>{};
}

}  // namespace modelseal
