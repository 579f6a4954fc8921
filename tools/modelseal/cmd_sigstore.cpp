// `modelseal sigstore verify-bundle`: the sigstore-conformance client protocol
// (exit 0 = verified; 1 = rejected; 2 = usage or environment).
#include <fmt/core.h>

#include "commands.hpp"
#include "json_output.hpp"
#include "modelseal/sigstore_log.hpp"
#include "modelseal/sigstore_verify.hpp"
#include "output.hpp"

namespace modelseal::cli {
namespace {

struct VerifyBundleFlags {
  std::string bundle, key, identity, issuer, trusted_root, artifact;
  bool staging = false;
  bool json = false;
};

Result<sigstore::Signer> signer_of(const VerifyBundleFlags& f) {
  if (!f.key.empty()) {
    MS_ASSIGN_OR_RETURN(keys::PublicKey key, keys::load_public_key(f.key));
    return sigstore::Signer(std::move(key));
  }
  return sigstore::Signer(sigstore::KeylessIdentity{f.identity, f.issuer});
}

// The usage problem of the flags, if any.
const char* usage_problem(const VerifyBundleFlags& f) {
  if (f.key.empty() == (f.identity.empty() || f.issuer.empty()))
    return "give either --key or both --certificate-identity and --certificate-oidc-issuer";
  if (!f.key.empty() && (!f.identity.empty() || !f.issuer.empty()))
    return "--key excludes --certificate-identity and --certificate-oidc-issuer";
  if (f.staging && f.trusted_root.empty())
    return "--staging: no staging trusted root is built in; give --trusted-root";
  return nullptr;
}

int run_verify_bundle(const VerifyBundleFlags& f) {
  static constexpr char kCommand[] = "sigstore verify-bundle";
  if (const char* problem = usage_problem(f))
    return f.json ? print_usage_document(kCommand, problem) : usage_error(problem);
  auto signer = signer_of(f);
  if (!signer.ok())
    return f.json ? print_error_document(kCommand, f.artifact, signer.error(), f.key)
                  : report_error(signer.error());
  sigstore::BundleFileCheck check{f.bundle, std::nullopt, *signer, f.artifact};
  if (!f.trusted_root.empty()) check.trusted_root = f.trusted_root;
  if (!f.json) check.progress = terminal_progress();
  auto verified = sigstore::verify_bundle_file(check);
  if (f.json) {
    if (!verified.ok()) report_error(verified.error());
    return print_document(sigstore_verdict_json(check, verified));
  }
  if (!verified.ok()) return report_error(verified.error());
  const sigstore::VerifiedSignature& sig = verified->signature;
  for (const std::string& line : sig.evidence) say("  ok: {}\n", line);
  say("verified: {} signed by {}{} (artifact sha256:{})\n", f.bundle, sig.identity,
             sig.oidc_issuer.empty() ? "" : " (issuer " + sig.oidc_issuer + ")",
             verified->artifact_sha256.hex());
  return kExitOk;
}

int run_attach(const sigstore::AttachLogEntry& request) {
  auto written = sigstore::attach_log_entry(request);
  if (!written.ok()) return report_error(written.error());
  say("{}: transparency-log entry from {} attached (verify it with `modelseal sigstore "
             "verify-bundle`)\n",
             written->string(), request.entry.string());
  return kExitOk;
}

}  // namespace

Command add_sigstore(CLI::App& root) {
  auto* app = root.add_subcommand("sigstore", "Sigstore bundles, offline (the conformance protocol)");
  app->require_subcommand(1);
  auto f = std::make_shared<VerifyBundleFlags>();
  auto* verify = app->add_subcommand(
      "verify-bundle", "Verify a Sigstore bundle (v0.1-v0.3, key-based or keyless) over an artifact");
  verify->add_option("--bundle", f->bundle, "The Sigstore bundle (.sigstore.json)")->required();
  verify->add_option("--key", f->key, "Key-based bundles: the signer's public key (PEM)");
  verify->add_option("--certificate-identity", f->identity,
                     "Keyless: the certificate's identity (SAN), matched exactly");
  verify->add_option("--certificate-oidc-issuer", f->issuer,
                     "Keyless: the OIDC issuer in the certificate, matched exactly");
  verify->add_option("--trusted-root", f->trusted_root,
                     "trusted_root.json (default: Sigstore's production root, built in)");
  verify->add_flag("--staging", f->staging, "Sigstore staging (needs --trusted-root)");
  verify->add_option("artifact", f->artifact, "The signed file, or sha256:<hex> of it")->required();
  add_json_flag(*verify, f->json);
  auto attach = std::make_shared<sigstore::AttachLogEntry>();
  auto* attach_app = app->add_subcommand(
      "attach-log-entry", "Add a Rekor log entry (the Rekor API's JSON) to a bundle signed offline");
  attach_app->add_option("--bundle", attach->bundle, "The Sigstore bundle (e.g. from `attest`)")->required();
  attach_app->add_option("--entry", attach->entry,
                         "The log entry as Rekor's API returns it (GET /api/v1/log/entries/UUID)")->required();
  attach_app->add_option("-o,--output", attach->output, "Write here (new file) instead of replacing --bundle");
  attach_app->add_flag("--force", attach->overwrite, "Let -o replace an existing file (never a link or device)");
  return {app, [=] { return attach_app->parsed() ? run_attach(*attach) : run_verify_bundle(*f); }};
}

}  // namespace modelseal::cli
