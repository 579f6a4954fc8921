// find_revocation: a folder of disposal records as a revocation list.
#include <algorithm>
#include <system_error>

#include "formats/text/printable.hpp"
#include "lifecycle/disposal_record.hpp"
#include "lifecycle/record_folder.hpp"
#include "modelseal/lifecycle.hpp"

namespace modelseal {
namespace {

constexpr size_t kMaxRevocationFiles = 100000;

// The records of the folder; anything else in it is an error, not a record to skip.
Result<std::vector<std::filesystem::path>> record_files(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return make_error(ErrorCode::kNotFound, dir.string() + ": not a folder of disposal records");
  MS_ASSIGN_OR_RETURN(auto entries, lifecycle::list_record_folder(dir, kMaxRevocationFiles));
  std::vector<std::filesystem::path> records;
  for (const lifecycle::RecordFolderEntry& entry : entries) {
    if (!entry.is_record)
      return make_error(ErrorCode::kCorrupt,
                        formats::printable_name(entry.path.string()) +
                            ": a revocation list holds only disposal records (regular files "
                            "named *.json); move anything else out of " + dir.string());
    records.push_back(entry.path);
  }
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
