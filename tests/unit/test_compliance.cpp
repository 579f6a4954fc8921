// The ETSI EN 304 223 compliance report: evaluate_compliance judges each
// provision from the evidence (full evidence: all met; each field removed:
// that provision alone changes), and the renderers escape hostile metadata.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include <nlohmann/json.hpp>

#include "modelseal/compliance.hpp"
#include "report/provisions.hpp"
#include "report/text_escape.hpp"

using namespace modelseal;

namespace {

const std::vector<std::string> kProvisionIds = {
    "etsi.p4.human_oversight",    "etsi.p5.asset_inventory",   "etsi.p5.versioning",
    "etsi.p5.signatures",         "etsi.p7.base_model",        "etsi.p8.data_sources",
    "etsi.p8.model_documentation", "etsi.p9.evaluations",      "etsi.p9.weight_scan",
    "etsi.p10.use_restrictions",  "etsi.p10.end_user_data",    "etsi.p12.security_contact"};

Sha256Digest digest_of(uint8_t fill) {
  Sha256Digest d;
  d.bytes.fill(fill);
  return d;
}

BundleMetadata full_metadata() {
  BundleMetadata m;
  m.name = "tiny";
  m.version = "1.2.0";
  m.license = "Apache-2.0";
  m.description = "A tiny classifier";
  m.supplier = "Example Labs";
  m.authors = {"Ada"};
  m.security_contact = "security@example.com";
  m.base_model = BaseModel{"base", "sha256:" + std::string(64, 'a'), "finetune",
                           std::string("https://models.example.com/base")};
  m.card.intended_use = "Routing reviews";
  m.card.out_of_scope_uses = {"Other languages"};
  m.card.prohibited_uses = {"Decisions about people"};
  m.card.limitations = {"Small vocabulary"};
  m.card.failure_modes = {"Negation"};
  m.card.human_oversight = "An agent confirms every label";
  m.card.evaluations = {Evaluation{"accuracy", "0.8", true, "sst2", "2026-03-10"}};
  Dataset d;
  d.name = "sst2";
  d.role = "finetune";
  d.source_url = "https://huggingface.co/datasets/stanfordnlp/sst2";
  d.retrieved_at = "2026-02-27T09:15:00Z";
  d.digest = "sha256:" + std::string(64, 'b');
  m.datasets = {d};
  m.transparency = {"only to label", "in memory", "30 days"};
  return m;
}

ComplianceInput full_input() {
  ComplianceInput in;
  in.target = "tiny.mbundle";
  in.content.name = "tiny";
  in.content.version = "1.2.0";
  in.content.content_digest = digest_of(0x11);
  in.content.files = {FileRecord{"model.safetensors", 16, digest_of(0x22)}};
  in.content.file_count = 1;
  in.content.total_bytes = 16;
  in.content.metadata = full_metadata();
  VerifiedSignature v;
  v.signer = "key abcd";
  v.method = "key";
  v.content_digest = in.content.content_digest;
  SignatureEvidence s;
  s.state = SignatureEvidence::State::kVerified;
  s.file = "tiny.mbundle.sig";
  s.verified = v;
  in.signatures = {s};
  in.scan = ScanEvidence{true, true, 0, 0, {"safetensors"}, ""};
  return in;
}

const ProvisionResult& find(const ComplianceReport& r, const std::string& id) {
  auto it = std::find_if(r.provisions.begin(), r.provisions.end(),
                         [&](const ProvisionResult& p) { return p.id == id; });
  REQUIRE(it != r.provisions.end());
  return *it;
}

bool evidence_mentions(const ProvisionResult& p, const std::string& text) {
  return std::any_of(p.evidence.begin(), p.evidence.end(),
                     [&](const std::string& e) { return e.find(text) != std::string::npos; });
}

struct Mutation {
  const char* what;
  std::function<void(ComplianceInput&)> apply;
  std::string id;
  ProvisionStatus expected;
};

SignatureEvidence signature_in(SignatureEvidence::State state, std::string detail) {
  SignatureEvidence s;
  s.state = state;
  s.file = "tiny.mbundle.sig";
  s.detail = std::move(detail);
  return s;
}

std::vector<Mutation> mutations() {
  using S = ProvisionStatus;
  using State = SignatureEvidence::State;
  return {
      {"no human oversight", [](auto& in) { in.content.metadata.card.human_oversight.clear(); },
       "etsi.p4.human_oversight", S::kMissing},
      {"no files", [](auto& in) { in.content.files.clear(); }, "etsi.p5.asset_inventory", S::kMissing},
      {"no name nor version", [](auto& in) { in.content.name.clear(); in.content.version.clear(); },
       "etsi.p5.versioning", S::kMissing},
      {"no version", [](auto& in) { in.content.version.clear(); }, "etsi.p5.versioning", S::kPartial},
      {"no signature evidence", [](auto& in) { in.signatures.clear(); }, "etsi.p5.signatures", S::kMissing},
      {"signature absent", [](auto& in) { in.signatures = {signature_in(State::kAbsent, "")}; },
       "etsi.p5.signatures", S::kMissing},
      {"signature not checked", [](auto& in) { in.signatures = {signature_in(State::kNotChecked, "no key")}; },
       "etsi.p5.signatures", S::kMissing},
      {"signature invalid", [](auto& in) { in.signatures.push_back(signature_in(State::kInvalid, "bad")); },
       "etsi.p5.signatures", S::kFailed},
      {"signature over other content",
       [](auto& in) { in.signatures[0].verified->content_digest = digest_of(0x33); },
       "etsi.p5.signatures", S::kFailed},
      {"verified without result", [](auto& in) { in.signatures[0].verified.reset(); },
       "etsi.p5.signatures", S::kFailed},
      {"no base model", [](auto& in) { in.content.metadata.base_model.reset(); }, "etsi.p7.base_model",
       S::kNotApplicable},
      {"base without source", [](auto& in) { in.content.metadata.base_model->source_url.reset(); },
       "etsi.p7.base_model", S::kPartial},
      {"no datasets", [](auto& in) { in.content.metadata.datasets.clear(); }, "etsi.p8.data_sources",
       S::kMissing},
      {"dataset without digest", [](auto& in) { in.content.metadata.datasets[0].digest.reset(); },
       "etsi.p8.data_sources", S::kPartial},
      {"no documentation",
       [](auto& in) {
         auto& c = in.content.metadata.card;
         c.intended_use.clear();
         c.limitations.clear();
         c.failure_modes.clear();
       },
       "etsi.p8.model_documentation", S::kMissing},
      {"no failure modes", [](auto& in) { in.content.metadata.card.failure_modes.clear(); },
       "etsi.p8.model_documentation", S::kPartial},
      {"no evaluations", [](auto& in) { in.content.metadata.card.evaluations.clear(); },
       "etsi.p9.evaluations", S::kMissing},
      {"scan not run", [](auto& in) { in.scan = ScanEvidence{}; }, "etsi.p9.weight_scan", S::kMissing},
      {"scan rejected", [](auto& in) { in.scan.accepted = false; in.scan.errors = 2; },
       "etsi.p9.weight_scan", S::kFailed},
      {"no use restrictions",
       [](auto& in) {
         in.content.metadata.card.prohibited_uses.clear();
         in.content.metadata.card.out_of_scope_uses.clear();
       },
       "etsi.p10.use_restrictions", S::kMissing},
      {"no prohibited uses", [](auto& in) { in.content.metadata.card.prohibited_uses.clear(); },
       "etsi.p10.use_restrictions", S::kPartial},
      {"no transparency", [](auto& in) { in.content.metadata.transparency = {}; },
       "etsi.p10.end_user_data", S::kMissing},
      {"no retention", [](auto& in) { in.content.metadata.transparency.data_retention.clear(); },
       "etsi.p10.end_user_data", S::kPartial},
      {"no security contact", [](auto& in) { in.content.metadata.security_contact.clear(); },
       "etsi.p12.security_contact", S::kMissing},
  };
}

}  // namespace

TEST_CASE("compliance: full evidence meets every provision in a stable order") {
  ComplianceReport r = evaluate_compliance(full_input());
  REQUIRE(r.provisions.size() == kProvisionIds.size());
  for (size_t i = 0; i < kProvisionIds.size(); ++i) {
    CAPTURE(kProvisionIds[i]);
    CHECK(r.provisions[i].id == kProvisionIds[i]);
    CHECK(r.provisions[i].status == ProvisionStatus::kMet);
    CHECK(r.provisions[i].remedy.empty());
    CHECK(!r.provisions[i].evidence.empty());
  }
  CHECK(r.counts.met == kProvisionIds.size());
  CHECK(r.all_met());
  CHECK(r.model_name == "tiny");
  CHECK(r.content_digest == digest_of(0x11).prefixed());
  CHECK(evidence_mentions(find(r, "etsi.p5.asset_inventory"), "model.safetensors (16 bytes) sha256:2222"));
  CHECK(evidence_mentions(find(r, "etsi.p5.signatures"), "signed by key abcd"));
  CHECK(evidence_mentions(find(r, "etsi.p8.data_sources"), "https://huggingface.co/datasets/stanfordnlp/sst2"));
}

TEST_CASE("compliance: removing one piece of evidence changes that provision alone") {
  size_t ran = 0;
  for (const Mutation& m : mutations()) {
    CAPTURE(m.what);
    ComplianceInput in = full_input();
    m.apply(in);
    ComplianceReport r = evaluate_compliance(in);
    for (const ProvisionResult& p : r.provisions) {
      CAPTURE(p.id);
      CHECK(p.status == (p.id == m.id ? m.expected : ProvisionStatus::kMet));
      if (p.id == m.id) CHECK(!p.remedy.empty());
    }
    CHECK(r.all_met() == (m.expected == ProvisionStatus::kPartial ||
                          m.expected == ProvisionStatus::kNotApplicable));
    ++ran;
  }
  CHECK(ran == mutations().size());
}

TEST_CASE("compliance: the evidence says why a provision is not met") {
  ComplianceInput in = full_input();
  in.signatures = {signature_in(SignatureEvidence::State::kNotChecked, "no --key given")};
  in.content.metadata.datasets[0].digest.reset();
  in.scan = ScanEvidence{false, false, 0, 0, {}, "not run: no scanner"};
  ComplianceReport r = evaluate_compliance(in);
  CHECK(evidence_mentions(find(r, "etsi.p5.signatures"), "unverified: no --key given"));
  CHECK(evidence_mentions(find(r, "etsi.p8.data_sources"), "digest (none"));
  CHECK(evidence_mentions(find(r, "etsi.p9.weight_scan"), "not run: no scanner"));
  CHECK(r.counts.missing == 2);
  CHECK(r.counts.partial == 1);
}

TEST_CASE("compliance: a huge inventory lists a bounded number of files") {
  ComplianceInput in = full_input();
  const size_t total = report::kMaxListedFiles + 5;
  in.content.files.assign(total, FileRecord{"w.bin", 1, digest_of(1)});
  in.content.file_count = total;
  const ComplianceReport r = evaluate_compliance(in);
  const ProvisionResult& p = find(r, "etsi.p5.asset_inventory");
  CHECK(p.evidence.size() <= report::kMaxListedFiles + 4);
  CHECK(evidence_mentions(p, "... and 5 more files"));
}

TEST_CASE("compliance: JSON parses and names every provision") {
  ComplianceInput in = full_input();
  in.content.metadata.description = std::string("bad utf-8 \xC3\x28 \xFF");
  in.content.metadata.card.human_oversight.clear();
  auto j = nlohmann::json::parse(render_json(evaluate_compliance(in)));
  CHECK(j["schema"] == kComplianceReportSchema);
  CHECK(j["model"]["content_digest"] == digest_of(0x11).prefixed());
  CHECK(j["summary"]["missing"] == 1);
  CHECK(j["summary"]["all_met"] == false);
  std::vector<std::string> ids;
  for (const auto& p : j["provisions"]) {
    ids.push_back(p["id"]);
    CHECK(p["evidence"].is_array());
    if (p["id"] == "etsi.p4.human_oversight") CHECK(p["status"] == "missing");
  }
  CHECK(ids == kProvisionIds);
}

TEST_CASE("compliance: HTML escapes hostile metadata and loads nothing") {
  ComplianceInput in = full_input();
  in.content.metadata.description = "<script>alert(1)</script>";
  in.content.metadata.card.intended_use = "\"><img src=x onerror=alert(1)>";
  in.content.files[0].path = "a'b&c.bin";
  std::string html = render_html(evaluate_compliance(in));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("a&#39;b&amp;c.bin") != std::string::npos);
  CHECK(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("href=\"http") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  for (const std::string& id : kProvisionIds) CHECK(html.find("id=\"" + id + "\"") != std::string::npos);
}

TEST_CASE("compliance: Markdown keeps hostile values on one inert line") {
  ComplianceInput in = full_input();
  in.content.metadata.description = "x\n## Forged heading\n<script>[link](http://e)";
  std::string md = render_markdown(evaluate_compliance(in));
  CHECK(md.find("\n## Forged") == std::string::npos);
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("\\<script\\>\\[link\\](http://e)") != std::string::npos);
  CHECK(md.find("| `etsi.p5.signatures` | 5, 7 | met |") != std::string::npos);
  CHECK(md.find("## `etsi.p9.weight_scan`: ") != std::string::npos);
}

TEST_CASE("compliance: single_line removes controls and bidi overrides and invalid UTF-8") {
  using report::single_line;
  CHECK(single_line("a\tb\r\nc\x7F") == "a b  c ");
  CHECK(single_line("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(single_line("\xE2\x80\xAEtxt.exe") == "\xEF\xBF\xBDtxt.exe");  // U+202E
  CHECK(single_line("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");         // overlong '/'
  CHECK(single_line("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(single_line("\xF0\x9F\x98") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
  CHECK(single_line("\xC2\x85") == " ");  // C1 control NEL
  CHECK(report::html_escaped("<&>\"'") == "&lt;&amp;&gt;&quot;&#39;");
}
