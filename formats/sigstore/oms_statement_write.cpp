// serialize_oms_statement: compact JSON in the field order of OMS's source.
#include "formats/json/strict_json.hpp"
#include "formats/sigstore/oms_statement.hpp"

namespace modelseal::formats {
namespace {

using ojson = nlohmann::ordered_json;

ojson serialization_json(const OmsSerialization& s) {
  ojson out = ojson::object();
  out["method"] = s.method;
  out["hash_type"] = s.hash_type;
  out["allow_symlinks"] = s.allow_symlinks;
  if (s.shard_size) out["shard_size"] = *s.shard_size;
  if (s.ignore_paths) out["ignore_paths"] = *s.ignore_paths;
  return out;
}

ojson predicate_json(const OmsStatement& st) {
  if (st.predicate_kind == PredicateKind::kLegacyDigestsV01) return ojson(st.extra);
  ojson out = ojson::object();
  out["serialization"] = serialization_json(st.serialization);
  ojson resources = ojson::array();
  for (const OmsResource& r : st.resources) {
    ojson item = ojson::object();
    item["name"] = r.name;
    item["algorithm"] = r.algorithm;
    item["digest"] = r.digest_hex;
    resources.push_back(std::move(item));
  }
  out["resources"] = std::move(resources);
  if (st.extra.is_object())
    for (const auto& item : st.extra.items())
      if (item.key() != "serialization" && item.key() != "resources")
        out[item.key()] = ojson(item.value());
  return out;
}

}  // namespace

std::string serialize_oms_statement(const OmsStatement& st) {
  ojson subjects = ojson::array();
  for (const StatementSubject& s : st.subjects) {
    ojson item = ojson::object();
    item["name"] = s.name;
    item["digest"] = {{"sha256", s.sha256_hex}};
    subjects.push_back(std::move(item));
  }
  ojson doc = ojson::object();
  doc["_type"] = st.statement_type;
  doc["subject"] = std::move(subjects);
  doc["predicateType"] = st.predicate_type();
  doc["predicate"] = predicate_json(st);
  return strict_json::dump(doc);
}

}  // namespace modelseal::formats
