// Provisions evidenced by what the author wrote in bundle.toml: the model
// card, the end-user transparency section and the security contact.
#include "report/provisions.hpp"

namespace modelseal::report {
namespace {

// Adds "label: value" when the field is filled; returns whether it was.
bool note_text(ProvisionResult& r, const char* label, const std::string& value) {
  r.evidence.push_back(std::string(label) + (value.empty() ? ": (not given)" : ": " + value));
  return !value.empty();
}

bool note_list(ProvisionResult& r, const char* label, const std::vector<std::string>& values) {
  return note_text(r, label, joined(values));
}

// The status from how many of `total` fields are filled, and `remedy` unless all are.
void grade(ProvisionResult& r, size_t present, size_t total, const char* remedy) {
  r.status = status_by_presence(present, total);
  if (r.status != ProvisionStatus::kMet) r.remedy = remedy;
}

}  // namespace

ProvisionResult human_oversight(const ModelCard& card) {
  ProvisionResult r = provision("etsi.p4.human_oversight", "4", "Human oversight of the AI system");
  grade(r, note_text(r, "card.human_oversight", card.human_oversight), 1,
        "describe in [card] human_oversight how people oversee and can override the model");
  return r;
}

ProvisionResult model_documentation(const ModelCard& card) {
  ProvisionResult r = provision("etsi.p8.model_documentation", "8",
                    "Documentation of intended use, limitations and failure modes");
  size_t present = note_text(r, "card.intended_use", card.intended_use);
  present += note_list(r, "card.limitations", card.limitations);
  present += note_list(r, "card.failure_modes", card.failure_modes);
  grade(r, present, 3,
        "fill [card] intended_use, limitations and failure_modes in bundle.toml");
  return r;
}

ProvisionResult evaluations(const ModelCard& card) {
  ProvisionResult r = provision("etsi.p9.evaluations", "9", "Testing and evaluation results");
  for (const Evaluation& e : card.evaluations)
    r.evidence.push_back(e.metric + " = " + e.value + " on " + e.dataset + " (" + e.date + ")");
  if (card.evaluations.empty()) {
    r.evidence.push_back("no [[card.evaluation]] entries");
    r.status = ProvisionStatus::kMissing;
    r.remedy = "record each evaluation as [[card.evaluation]] with metric, value, dataset and date";
  } else {
    r.status = ProvisionStatus::kMet;
  }
  return r;
}

ProvisionResult use_restrictions(const ModelCard& card) {
  ProvisionResult r = provision("etsi.p10.use_restrictions", "10", "Prohibited and out-of-scope uses");
  size_t present = note_list(r, "card.prohibited_uses", card.prohibited_uses);
  present += note_list(r, "card.out_of_scope_uses", card.out_of_scope_uses);
  grade(r, present, 2,
        "list [card] prohibited_uses and out_of_scope_uses in bundle.toml");
  return r;
}

ProvisionResult end_user_data(const Transparency& t) {
  ProvisionResult r = provision("etsi.p10.end_user_data", "10",
                    "Disclosure to end users of data use, storage and retention");
  size_t present = note_text(r, "transparency.data_use", t.data_use);
  present += note_text(r, "transparency.data_storage", t.data_storage);
  present += note_text(r, "transparency.data_retention", t.data_retention);
  grade(r, present, 3,
        "fill [transparency] data_use, data_storage and data_retention in bundle.toml");
  return r;
}

ProvisionResult security_contact(const BundleMetadata& metadata) {
  ProvisionResult r = provision("etsi.p12.security_contact", "10, 12",
                    "Security contact for vulnerability reports");
  grade(r, note_text(r, "model.security_contact", metadata.security_contact), 1,
        "set [model] security_contact to an address that receives vulnerability reports");
  return r;
}

ProvisionStatus status_by_presence(size_t present, size_t total) {
  if (present == 0) return ProvisionStatus::kMissing;
  return present >= total ? ProvisionStatus::kMet : ProvisionStatus::kPartial;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += "; ";
    out += item;
  }
  return out;
}

}  // namespace modelseal::report
