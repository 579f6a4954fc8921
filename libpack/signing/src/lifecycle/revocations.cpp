// find_revocation: a folder of disposal records as a revocation list.
#include <algorithm>
#include <system_error>

#include "formats/text/printable.hpp"
#include "lifecycle/disposal_record.hpp"
#include "modelseal/lifecycle.hpp"

namespace modelseal {
namespace {

constexpr size_t kMaxRevocationFiles = 100000;

// Every entry of the folder: a list that cannot be read whole is not a shorter list.
Result<std::vector<std::filesystem::path>> record_files(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return make_error(ErrorCode::kNotFound, dir.string() + ": not a folder of disposal records");
  std::vector<std::filesystem::path> records;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::filesystem::path& path = it->path();
    const std::string shown = formats::printable_name(path.string());
    std::error_code type_ec;
    if (it->is_symlink(type_ec) || !it->is_regular_file(type_ec) || !lifecycle::has_record_name(path.filename().string()))
      return make_error(ErrorCode::kCorrupt,
                        shown + ": a revocation list holds only disposal records (regular files "
                                "named *.json); move anything else out of " + dir.string());
    if (records.size() == kMaxRevocationFiles)
      return make_error(ErrorCode::kLimitExceeded,
                        dir.string() + ": more than " + std::to_string(kMaxRevocationFiles) + " records");
    records.push_back(path);
  }
  if (ec) return make_error(ErrorCode::kIo, dir.string() + ": " + ec.message());
  std::sort(records.begin(), records.end());
  return records;
}

bool names_any(const DisposalRecord& record, const std::vector<Sha256Digest>& digests) {
  return std::any_of(digests.begin(), digests.end(),
                     [&](const Sha256Digest& d) { return record.content_digest == d.prefixed(); });
}

}  // namespace

Result<std::optional<Revocation>> find_revocation(const std::filesystem::path& dir,
                                                  const std::vector<Sha256Digest>& content_digests,
                                                  const std::vector<keys::PublicKey>& trusted_keys) {
  MS_ASSIGN_OR_RETURN(std::vector<std::filesystem::path> records, record_files(dir));
  for (const std::filesystem::path& path : records) {
    MS_ASSIGN_OR_RETURN(DisposalRecord record, read_disposal_record(path, {}));
    if (!names_any(record, content_digests)) continue;
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

Result<std::optional<Revocation>> find_revocation(const std::filesystem::path& dir,
                                                  const Sha256Digest& content_digest,
                                                  const std::vector<keys::PublicKey>& trusted_keys) {
  return find_revocation(dir, std::vector<Sha256Digest>{content_digest}, trusted_keys);
}

}  // namespace modelseal
