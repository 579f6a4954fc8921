// audit_keystore_and_records: keys::audit_keystore (the log against the
// state), then the keystore's disposals/ against the log's "shredded" events.
#include <map>
#include <set>
#include <system_error>

#include "formats/sigstore/sigstore_bundle.hpp"
#include "formats/text/printable.hpp"
#include "base/file_io.hpp"
#include "lifecycle/disposal_record.hpp"
#include "lifecycle/record_folder.hpp"
#include "modelseal/digest.hpp"
#include "modelseal/lifecycle.hpp"

namespace modelseal {
namespace {

constexpr size_t kMaxRecordFiles = 100000;
constexpr size_t kMaxProblemsReported = 100;

void add_problem(keys::AuditReport& report, std::string problem) {
  if (report.problems.size() < kMaxProblemsReported) report.problems.push_back(std::move(problem));
}

std::string shown(const std::string& name) { return "disposals/" + formats::printable_name(name); }

struct RecordFile {
  std::string name;
  DisposalRecord record;
  std::string sha256_hex;
};

// Checks one record against the shred the log committed for its key.
void check_record(const RecordFile& file, const keys::AuditedShred& shred, keys::AuditReport& report) {
  const std::string where = shown(file.name) + ": ";
  const std::string line = "log.jsonl line " + std::to_string(shred.line);
  if (std::filesystem::path(shred.record).filename().string() != file.name)
    add_problem(report, where + "a record of the shred of " + shred.key_id + ", but " + line +
                            " names the record " + formats::printable_name(shred.record));
  if (file.sha256_hex != shred.record_sha256)
    add_problem(report, where + "its SHA-256 is " + file.sha256_hex + ", " + line + " logged " +
                            shred.record_sha256 + " (the record was replaced or edited)");
  if (file.record.content_digest != shred.content_digest)
    add_problem(report, where + "disposes of " + file.record.content_digest + ", " + line +
                            " shredded the key of " + shred.content_digest);
}

}  // namespace

Result<keys::AuditReport> audit_keystore_and_records(const std::filesystem::path& keystore_dir) {
  MS_ASSIGN_OR_RETURN(keys::AuditReport report, keys::audit_keystore(keystore_dir));
  std::map<std::string, const keys::AuditedShred*> committed;  // key id -> its shredded event
  for (const keys::AuditedShred& shred : report.shreds)
    if (shred.committed) committed[shred.key_id] = &shred;

  const std::filesystem::path folder = keystore_dir / "disposals";
  std::error_code ec;
  if (!std::filesystem::is_directory(std::filesystem::symlink_status(folder, ec))) {
    add_problem(report, "disposals/ is missing or not a folder");
    return report;
  }
  auto entries = lifecycle::list_record_folder(folder, kMaxRecordFiles);
  if (!entries.ok() && entries.error().code != ErrorCode::kLimitExceeded) return entries.error();
  if (!entries.ok()) {
    add_problem(report, "disposals/ holds more than " + std::to_string(kMaxRecordFiles) + " files");
    return report;
  }
  std::set<std::string> matched;
  for (const lifecycle::RecordFolderEntry& entry : *entries) {
    const std::string& name = entry.name;
    if (!entry.is_record) {
      add_problem(report, shown(name) + ": not a disposal record (a regular file named *.json)");
      continue;
    }
    auto bytes = fs::read_small_file(entry.path, formats::kMaxSigstoreBundleBytes, fs::Links::kRefuse);
    if (!bytes.ok()) {
      if (!is_rejection(bytes.error().code)) return bytes.error();
      add_problem(report, shown(name) + ": " + bytes.error().detail);
      continue;
    }
    auto record = read_disposal_record(entry.path, {});
    if (!record.ok()) {
      add_problem(report, shown(name) + ": " + record.error().detail);
      continue;
    }
    MS_ASSIGN_OR_RETURN(Sha256Digest digest,
                        sha256_of({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()}));
    RecordFile file{name, std::move(record).value(), digest.hex()};
    if (file.record.key_id.empty() || file.record.keystore_id != report.keystore_id) {
      add_problem(report, shown(name) + ": does not name a key destroyed in this keystore (" +
                              report.keystore_id + ")");
      continue;
    }
    auto shred = committed.find(file.record.key_id);
    if (shred == committed.end()) {
      if (report.pending_shred_key == file.record.key_id)
        report.unanchored.push_back(shown(name) + ": the record of the unfinished shred of " +
                                    file.record.key_id);
      else
        add_problem(report, shown(name) + ": a record of the shred of " + file.record.key_id +
                                ", which no \"shredded\" event of log.jsonl names");
      continue;
    }
    if (!matched.insert(file.record.key_id).second) {
      add_problem(report, shown(name) + ": a second record of the shred of " + file.record.key_id);
      continue;
    }
    check_record(file, *shred->second, report);
  }
  for (const auto& [key_id, shred] : committed)
    if (!matched.contains(key_id))
      add_problem(report, "log.jsonl line " + std::to_string(shred->line) + ": shredded " + key_id +
                              ", but its record " + formats::printable_name(shred->record) +
                              " is not in disposals/");
  return report;
}

}  // namespace modelseal
