// sign_model: statement over the target's files, DSSE signature, Sigstore
// bundle written atomically (specs/signature-v1.md, "Signing").
#include "base/file_io.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "modelseal/sealed.hpp"
#include "modelseal/signing.hpp"
#include "signing/bundle_ranges.hpp"
#include "signing/model_card_facts.hpp"
#include "signing/range_content.hpp"
#include "signing/signed_content.hpp"
#include "signing/signing_time.hpp"
#include "signing/statement_signing.hpp"

namespace modelseal {
namespace {

struct Statement {
  formats::OmsStatement statement;
  Sha256Digest root;
  uint64_t file_count = 0;
};

formats::OmsStatement make_statement(const signing::TargetContent& content) {
  formats::OmsStatement st;
  st.subjects = {{content.subject_name, content.root.hex()}};
  st.serialization.ignore_paths = content.ignored;
  st.serialization.allow_symlinks = content.allow_symlinks;
  for (const FileRecord& f : content.files) st.resources.push_back({f.path, "sha256", f.sha256.hex()});
  if (content.metadata) st.extra["model_card"] = signing::model_card_facts(*content.metadata);
  return st;
}

Result<Statement> files_statement(const SignOptions& o, const std::filesystem::path& sig_path) {
  MS_ASSIGN_OR_RETURN(signing::TargetContent content,
                      signing::collect_content(o.target, o.ignore, sig_path,
                                               ReadOptions{{}, o.threads, o.progress},
                                               o.allow_symlinks));
  if (content.is_sealed)
    return make_error(ErrorCode::kInvalidArgument,
                      o.target.string() + ": is sealed: sign the plain bundle before sealing it "
                                          "(the signature carries over), not the encrypted one");
  // OpenSSF Model Signing v1.0, section 6.1: a model contains at least one file.
  if (content.files.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      o.target.string() + ": has no file to sign (a model contains at least one "
                                          "file); check the folder and --ignore");
  return Statement{make_statement(content), content.root, content.files.size()};
}

Result<Statement> shards_statement(const SignOptions& o, const std::filesystem::path& sig_path) {
  if (is_sealed_bundle(o.target))
    return make_error(ErrorCode::kInvalidArgument,
                      o.target.string() + ": is sealed: sign the plain bundle before sealing it "
                                          "(the signature carries over), not the encrypted one");
  signing::ShardSigned sharded;
  if (is_bundle_file(o.target)) {
    MS_TRY(signing::check_no_folder_options(o.ignore, o.allow_symlinks));
    MS_ASSIGN_OR_RETURN(sharded, signing::sign_bundle_shards(o.target, *o.shard_size,
                                                             ReadOptions{{}, o.threads, o.progress}));
  } else {
    MS_ASSIGN_OR_RETURN(sharded, signing::sign_shards({o.target, sig_path, o.ignore, o.allow_symlinks,
                                                       o.threads, o.progress},
                                                      *o.shard_size));
  }
  return Statement{std::move(sharded.statement), sharded.root, sharded.file_count};
}

}  // namespace

Result<SignResult> sign_model(const SignOptions& o) {
  if (!o.signer) return make_error(ErrorCode::kInvalidArgument, "sign_model: no signer");
  const std::filesystem::path sig_path =
      o.signature ? *o.signature : signing::default_signature_path(o.target);
  // A certificate verification would refuse (expired, not yet valid, not for
  // code signing) is refused now, by the same checks, before anything is written.
  if (!o.certificate_chain.empty())
    if (Status usable = keys::check_signing_certificates(o.certificate_chain, {}); !usable.ok())
      return with_context(usable.error(),
                          "cannot sign with this certificate, verification would refuse it");
  MS_ASSIGN_OR_RETURN(Statement made, o.shard_size ? shards_statement(o, sig_path)
                                                   : files_statement(o, sig_path));
  made.statement.extra["signed_at"] = signing::format_utc(std::chrono::system_clock::now());
  std::string statement = formats::serialize_oms_statement(made.statement);
  if (statement.size() > formats::kMaxStatementBytes)
    return make_error(ErrorCode::kLimitExceeded,
                      o.target.string() + ": the signed statement would exceed " +
                          std::to_string(formats::kMaxStatementBytes >> 20) +
                          " MiB, more than verifiers read" +
                          (o.shard_size ? ": choose a larger --shard-size" : ""));
  MS_ASSIGN_OR_RETURN(std::string text,
                      signing::sign_statement(statement, *o.signer, o.certificate_chain));
  MS_TRY(fs::write_file_atomically(
      sig_path, {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, o.overwrite));

  std::string signer = o.certificate_chain.empty() ? "key " + o.signer->public_key().key_id()
                                                   : o.certificate_chain.front().subject();
  return SignResult{sig_path, made.root, signer, made.file_count};
}

}  // namespace modelseal
