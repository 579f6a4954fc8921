// verdict_json: the documents of docs/json-output.md, from verdicts built by hand: the envelope,
// exit codes, a policy rejection without `failure`, error files, hostile text.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "modelseal/verdict_json.hpp"

using namespace modelseal;
using nlohmann::json;

namespace {

Sha256Digest digest_of(char c) { return *Sha256Digest::from_hex(std::string(64, c)); }

json parse(const VerdictDocument& document) {
  json doc = json::parse(document.json);
  CHECK(doc["schema"] == kVerdictJsonSchema);
  CHECK(doc["exit_code"] == document.exit_code);
  return doc;
}

VerifiedSignature verified_signature() {
  VerifiedSignature v;
  v.signature = "m.mbundle.sig";
  v.method = "key";
  v.key_id = std::string(64, 'b');
  v.signer = "key " + v.key_id;
  v.signed_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  v.content_digest = v.signed_digest = digest_of('a');
  v.model_name = "tiny";
  v.model_version = "1.0";
  v.file_count = 3;
  return v;
}

}  // namespace

TEST_CASE("an accepted verify verdict: digest, signer, algorithm, time") {
  ModelVerdict verdict;
  verdict.target = "m.mbundle";
  verdict.accepted = true;
  verdict.signatures.push_back({"m.mbundle.sig", verified_signature(), std::nullopt});
  const VerdictDocument document = model_verdict_json(verdict);
  CHECK(document.exit_code == 0);
  json doc = parse(document);
  CHECK(doc["command"] == "verify");
  CHECK(doc["verdict"] == "accepted");
  CHECK(doc["content_digest"] == "sha256:" + std::string(64, 'a'));
  CHECK(doc["signatures"][0]["result"] == "verified");
  CHECK(doc["signatures"][0]["algorithm"] == "ecdsa-p256");
  CHECK(doc["signatures"][0]["signed_at"] == "2027-01-15T08:00:00Z");
  CHECK(!doc.contains("error"));
}

TEST_CASE("a policy rejection has no failure: the document says policy_rejected with the rule") {
  ModelVerdict verdict;
  verdict.target = "m.mbundle";
  verdict.signatures.push_back({"m.mbundle.sig", verified_signature(), std::nullopt});
  PolicyVerdict rules{false, {{"min_signatures = 2", false, "1 valid signature"}}};
  verdict.policy = PolicyCheck{"policy.toml", std::chrono::system_clock::now(), rules};
  const VerdictDocument document = model_verdict_json(verdict);
  CHECK(document.exit_code == 1);
  json doc = parse(document);
  CHECK(doc["verdict"] == "rejected");
  CHECK(doc["error"]["code"] == kPolicyRejectedCode);
  CHECK(doc["error"]["file"] == "policy.toml");
  CHECK(doc["policy"]["rules"][0]["passed"] == false);
  CHECK(doc["policy"]["rules"][0]["evidence"] == "1 valid signature");
}

TEST_CASE("a failure: rejected or error by its code, the failing signature's file named") {
  ModelVerdict verdict;
  verdict.target = "m.mbundle";
  Error tampered{ErrorCode::kTampered, "m.mbundle.sig: bad signature"};
  verdict.signatures.push_back({"m.mbundle.sig", std::nullopt, tampered});
  verdict.failure = tampered;
  json doc = parse(model_verdict_json(verdict));
  CHECK(doc["verdict"] == "rejected");
  CHECK(doc["error"]["code"] == "tampered");
  CHECK(doc["error"]["file"] == "m.mbundle.sig");
  CHECK(doc["signatures"][0]["error"]["code"] == "tampered");

  verdict.failure = Error{ErrorCode::kIo, "m.mbundle: read failed"};
  const VerdictDocument io = model_verdict_json(verdict);
  CHECK(io.exit_code == 2);
  CHECK(parse(io)["error"]["file"] == "m.mbundle");
}

TEST_CASE("validate and scan documents carry the validation fields in the envelope") {
  ValidationReport report;
  report.target = "up.bin";
  report.kind = "file";
  report.files.push_back({"up.bin", "pickle", 10});
  report.files.push_back({"model.sig", "", 5, true});
  report.findings.push_back({"pickle.unsafe_global", formats::Severity::kError, "up.bin", 2, "os.system", "hint"});
  const VerdictDocument document = validation_verdict_json("scan", report);
  CHECK(document.exit_code == 1);
  json doc = parse(document);
  CHECK(doc["command"] == "scan");
  CHECK(doc["kind"] == "file");
  CHECK(doc["errors"] == 1);
  CHECK(doc["findings"][0]["id"] == "pickle.unsafe_global");
  CHECK(doc["files"][0]["unsigned_by_default"] == false);  // the text's "+ 1 not signed (model.sig)"
  CHECK(doc["files"][1]["unsigned_by_default"] == true);
  CHECK(doc["error"]["code"] == kFindingsCode);
  // The same fields as validation_to_json, the renderer it reuses.
  json alone = json::parse(validation_to_json(report));
  for (const auto& [key, value] : alone.items()) CHECK(doc[key] == value);
}

TEST_CASE("lint documents list every problem, field by field, and count those not listed") {
  FolderCheck clean;
  const VerdictDocument passed = lint_verdict_json("lint", "m", clean);
  CHECK(passed.exit_code == 0);
  json ok = parse(passed);
  CHECK(ok["verdict"] == "accepted");
  CHECK(ok["problems"].empty());
  CHECK(ok["problem_count"] == 0);
  CHECK(!ok.contains("error"));

  FolderCheck broken;
  broken.problems = {"m/bundle.toml:8:11: bad version", "m: no payload file selected"};
  broken.located = {{"m/bundle.toml", 8, 11, ErrorCode::kInvalidMetadata, "bad version"},
                    {"m", 0, 0, ErrorCode::kInvalidMetadata, "m: no payload file selected"}};
  broken.problem_count = 103;
  const VerdictDocument rejected = lint_verdict_json("lint", "m", broken);
  CHECK(rejected.exit_code == 1);
  json doc = parse(rejected);
  CHECK(doc["verdict"] == "rejected");
  CHECK(doc["target"] == "m");
  CHECK(doc["problem_count"] == 103);
  REQUIRE(doc["problems"].size() == 2);
  CHECK(doc["problems"][0] == json{{"text", "m/bundle.toml:8:11: bad version"}, {"file", "m/bundle.toml"},
                                   {"line", 8}, {"column", 11}, {"code", "invalid_metadata"},
                                   {"message", "bad version"}});
  CHECK(!doc["problems"][1].contains("line"));
  CHECK(!doc["problems"][1].contains("column"));
  CHECK(doc["problems"][1]["file"] == "m");
  CHECK(doc["error"]["code"] == kProblemsCode);
  CHECK(doc["error"]["message"] == "m: 103 problems");
  CHECK(doc["error"]["file"] == "m");
}

TEST_CASE("error and usage documents, and invalid UTF-8 in a message still gives valid JSON") {
  const VerdictDocument missing =
      error_verdict_json("open", "m.sealed", Error{ErrorCode::kNotFound, "m.sealed: \xff missing"}, "m.sealed");
  CHECK(missing.exit_code == 2);
  json doc = parse(missing);
  CHECK(doc["verdict"] == "error");
  CHECK(doc["error"]["code"] == "not_found");
  CHECK(doc["error"]["file"] == "m.sealed");

  const VerdictDocument usage = usage_error_json("", "unknown option --x");
  CHECK(usage.exit_code == 2);
  json u = parse(usage);
  CHECK(u["command"] == "modelseal");
  CHECK(u["error"]["code"] == kUsageCode);
  CHECK(!u.contains("target"));
}

TEST_CASE("a disposal record that does not verify is rejected with the record named") {
  const VerdictDocument document =
      disposal_verdict_json("r.json", Result<DisposalRecord>(Error{ErrorCode::kTampered, "r.json: bad"}));
  CHECK(document.exit_code == 1);
  json doc = parse(document);
  CHECK(doc["error"]["file"] == "r.json");
  CHECK(doc["signatures"][0]["result"] == "failed");
}
