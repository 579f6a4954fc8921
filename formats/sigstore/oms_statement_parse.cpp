// parse_oms_statement: the grammar in oms_statement.hpp, field by field.
#include <unordered_set>
#include <utility>

#include "formats/sigstore/json_reader.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;
namespace sj = json_reader;

bool is_lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// hash_type and algorithm: short [a-z0-9-] tokens.
Status check_token(const std::string& value, const std::string& path, const sj::Context& ctx) {
  bool ok = !value.empty() && value.size() <= kMaxOmsTokenBytes;
  for (char c : value) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!ok) return ctx.corrupt(path, quote(value) + " is not a hash algorithm name");
  return {};
}

Status check_digest(const std::string& hex, bool sha256, const std::string& path,
                    const sj::Context& ctx) {
  if (sha256 && hex.size() != 64) return ctx.corrupt(path, "is not 64 lowercase hex digits");
  if (hex.empty() || hex.size() % 2 != 0 || hex.size() > kMaxOmsDigestHexChars ||
      !is_lower_hex(hex))
    return ctx.corrupt(path, "is not a lowercase hex digest");
  return {};
}

Result<StatementSubject> parse_subject(const json& value, const std::string& path,
                                       const sj::Context& ctx) {
  // The fields of an in-toto ResourceDescriptor; OMS reads only name and digest.
  MS_TRY(sj::check_object(
      value, {"name", "digest", "uri", "annotations", "mediaType", "downloadLocation", "content"},
      path, ctx));
  StatementSubject s;
  MS_ASSIGN_OR_RETURN(s.name, sj::get_string(value, "name", path, kMaxOmsNameBytes, ctx));
  if (s.name.empty()) return ctx.corrupt(path + ".name", "is empty");
  MS_ASSIGN_OR_RETURN(const json* digest, sj::get_object(value, "digest", path, ctx));
  MS_TRY(sj::check_object(*digest, {"sha256"}, path + ".digest", ctx));
  MS_ASSIGN_OR_RETURN(s.sha256_hex, sj::get_string(*digest, "sha256", path + ".digest",
                                                   kMaxOmsDigestHexChars, ctx));
  MS_TRY(check_digest(s.sha256_hex, true, path + ".digest.sha256", ctx));
  return s;
}

Result<OmsSerialization> parse_serialization(const json& predicate, const sj::Context& ctx) {
  const std::string path = "predicate.serialization";
  MS_ASSIGN_OR_RETURN(const json* ser,
                      sj::get_object(predicate, "serialization", "predicate", ctx));
  MS_TRY(sj::check_object(
      *ser, {"method", "hash_type", "allow_symlinks", "ignore_paths", "shard_size"}, path, ctx));
  OmsSerialization out;
  MS_ASSIGN_OR_RETURN(out.method, sj::get_string(*ser, "method", path, kMaxOmsTokenBytes, ctx));
  if (out.method != "files" && out.method != "shards")
    return ctx.corrupt(path + ".method", quote(out.method) + " is neither files nor shards");
  MS_ASSIGN_OR_RETURN(out.hash_type,
                      sj::get_string(*ser, "hash_type", path, kMaxOmsTokenBytes, ctx));
  MS_TRY(check_token(out.hash_type, path + ".hash_type", ctx));
  MS_ASSIGN_OR_RETURN(out.allow_symlinks, sj::get_bool(*ser, "allow_symlinks", path, ctx));
  if (ser->contains("ignore_paths")) {
    MS_ASSIGN_OR_RETURN(const json* list,
                        sj::get_array(*ser, "ignore_paths", path, kMaxOmsIgnorePaths, ctx));
    out.ignore_paths.emplace();
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string where = sj::item_path(path + ".ignore_paths", i);
      const json& p = (*list)[i];
      if (!p.is_string()) return ctx.corrupt(where, "must be a string");
      const auto& text = p.get_ref<const std::string&>();
      if (text.empty() || text.size() > kMaxOmsNameBytes || text.find('\0') != std::string::npos)
        return ctx.corrupt(where, "is empty, too long or contains a NUL byte");
      out.ignore_paths->push_back(text);
    }
  }
  const auto size = ser->find("shard_size");
  if (out.method == "files" && size != ser->end())
    return ctx.corrupt(path + ".shard_size", "is only allowed with method shards");
  if (out.method == "shards") {
    if (size == ser->end()) return ctx.corrupt(path + ".shard_size", "is missing");
    // Python writes it as an integer or as a float such as 1000000000.0.
    const double v = size->is_number() ? size->get<double>() : -1.0;
    if (!(v >= 1.0 && v <= static_cast<double>(kMaxOmsShardSize)) ||
        v != static_cast<double>(static_cast<uint64_t>(v)))
      return ctx.corrupt(path + ".shard_size", "must be a positive whole number of bytes");
    out.shard_size = static_cast<uint64_t>(v);
  }
  return out;
}

Status name_status(const std::string& name, bool shards) {
  if (!shards) return validate_oms_path(name);
  auto shard = parse_oms_shard_name(name);
  if (!shard.ok()) return shard.error();
  return {};
}

Status check_resource_name(const std::string& name, bool shards, const std::string& path,
                           const sj::Context& ctx) {
  const Status valid = name_status(name, shards);
  if (!valid.ok()) return ctx.error(valid.error().code, path, valid.error().detail);
  return {};
}

Result<std::vector<OmsResource>> parse_resources(const json& predicate, bool shards,
                                                 const sj::Context& ctx) {
  const std::string path = "predicate.resources";
  MS_ASSIGN_OR_RETURN(const json* list,
                      sj::get_array(predicate, "resources", "predicate", kMaxOmsResources, ctx));
  std::vector<OmsResource> out;
  out.reserve(list->size());
  std::unordered_set<std::string> names;
  bool single_file = false;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string where = sj::item_path(path, i);
    const json& item = (*list)[i];
    MS_TRY(sj::check_object(item, {"name", "algorithm", "digest"}, where, ctx));
    OmsResource r;
    MS_ASSIGN_OR_RETURN(r.name, sj::get_string(item, "name", where, kMaxOmsNameBytes, ctx));
    MS_ASSIGN_OR_RETURN(r.algorithm,
                        sj::get_string(item, "algorithm", where, kMaxOmsTokenBytes, ctx));
    MS_ASSIGN_OR_RETURN(r.digest_hex,
                        sj::get_string(item, "digest", where, kMaxOmsDigestHexChars, ctx));
    MS_TRY(check_resource_name(r.name, shards, where + ".name", ctx));
    MS_TRY(check_token(r.algorithm, where + ".algorithm", ctx));
    const bool sha256 = r.algorithm == "sha256" || r.algorithm.rfind("sha256-sharded-", 0) == 0;
    MS_TRY(check_digest(r.digest_hex, sha256, where + ".digest", ctx));
    if (!names.insert(r.name).second)
      return ctx.corrupt(where + ".name", quote(r.name) + " is listed twice");
    single_file = single_file || r.name == "." || r.name.rfind(".:", 0) == 0;
    out.push_back(std::move(r));
  }
  // "." names the model file itself: nothing else can sit beside it.
  if (single_file && !shards && out.size() != 1)
    return ctx.corrupt(path, "'.' (a single-file model) must be the only resource");
  if (single_file && shards)
    for (const OmsResource& r : out)
      if (r.name.rfind(".:", 0) != 0)
        return ctx.corrupt(path, "'.' (a single-file model) cannot sit beside " + quote(r.name));
  return out;
}

Status parse_predicate_v1(const json& predicate, OmsStatement& st, const sj::Context& ctx) {
  if (st.subjects.size() != 1)
    return ctx.corrupt("subject", "must have exactly one entry (the model), found " +
                                      std::to_string(st.subjects.size()));
  MS_ASSIGN_OR_RETURN(st.serialization, parse_serialization(predicate, ctx));
  MS_ASSIGN_OR_RETURN(st.resources,
                      parse_resources(predicate, st.serialization.method == "shards", ctx));
  for (const auto& item : predicate.items())
    if (item.key() != "serialization" && item.key() != "resources")
      st.extra[item.key()] = item.value();
  return {};
}

// model_signing v0.2.0: each subject is a file; OMS reads them as a files manifest.
Status parse_predicate_legacy(const json& predicate, OmsStatement& st, const sj::Context& ctx) {
  std::unordered_set<std::string> names;
  for (size_t i = 0; i < st.subjects.size(); ++i) {
    const StatementSubject& s = st.subjects[i];
    const std::string where = sj::item_path("subject", i) + ".name";
    MS_TRY(check_resource_name(s.name, false, where, ctx));
    if (!names.insert(s.name).second) return ctx.corrupt(where, quote(s.name) + " is listed twice");
    st.resources.push_back({s.name, "sha256", s.sha256_hex});
  }
  st.serialization = OmsSerialization{};  // files, sha256, no symlinks
  st.extra = predicate;
  return {};
}

Result<OmsStatement> parse_statement(std::string_view text, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(json doc, sj::parse(text, kMaxStatementBytes, kMaxStatementDepth, ctx));
  MS_TRY(sj::check_object(doc, {"_type", "subject", "predicateType", "predicate"}, "", ctx));
  OmsStatement st;
  MS_ASSIGN_OR_RETURN(st.statement_type, sj::get_string(doc, "_type", "", kMaxOmsNameBytes, ctx));
  if (st.statement_type != kInTotoStatementV1 && st.statement_type != kInTotoStatementV01)
    return ctx.error(ErrorCode::kUnsupported, "_type",
                     quote(st.statement_type) + " is not an in-toto Statement v1 or v0.1");
  MS_ASSIGN_OR_RETURN(std::string predicate_type,
                      sj::get_string(doc, "predicateType", "", kMaxOmsNameBytes, ctx));
  if (predicate_type == kOmsPredicateV1) {
    st.predicate_kind = PredicateKind::kSignatureV1;
  } else if (predicate_type == kOmsPredicateDigestsV01) {
    st.predicate_kind = PredicateKind::kLegacyDigestsV01;
  } else {
    return ctx.error(ErrorCode::kUnsupported, "predicateType",
                     quote(predicate_type) + " is not an OpenSSF Model Signing predicate");
  }
  MS_ASSIGN_OR_RETURN(const json* subjects,
                      sj::get_array(doc, "subject", "", kMaxOmsResources, ctx));
  if (subjects->empty()) return ctx.corrupt("subject", "is empty");
  for (size_t i = 0; i < subjects->size(); ++i) {
    MS_ASSIGN_OR_RETURN(StatementSubject s,
                        parse_subject((*subjects)[i], sj::item_path("subject", i), ctx));
    st.subjects.push_back(std::move(s));
  }
  MS_ASSIGN_OR_RETURN(const json* predicate, sj::get_object(doc, "predicate", "", ctx));
  if (st.predicate_kind == PredicateKind::kSignatureV1) {
    MS_TRY(parse_predicate_v1(*predicate, st, ctx));
  } else {
    MS_TRY(parse_predicate_legacy(*predicate, st, ctx));
  }
  return st;
}

}  // namespace

Result<OmsStatement> parse_oms_statement(std::span<const uint8_t> payload,
                                         std::string_view source) {
  const sj::Context ctx(source, "in-toto statement");
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  try {
    return parse_statement(text, ctx);
  } catch (const std::exception& e) {  // allocation failure: every access is checked
    return make_error(ErrorCode::kInternal, std::string(source) + ": " + e.what());
  }
}

}  // namespace modelseal::formats
