#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/signing.hpp"
#include "output.hpp"

namespace modelseal::cli {
namespace {

struct VerifyFlags {
  std::string path;
  bool integrity_only = false;
  std::vector<std::string> keys;
  std::string trusted_keys;
  std::vector<std::string> cas;
  std::string signature;
  std::vector<std::string> ignore;
  unsigned threads = 0;
};

int run_integrity(const VerifyFlags& f) {
  ReadOptions options;
  options.threads = f.threads;
  options.progress = terminal_progress();
  std::error_code ec;
  auto verified = std::filesystem::is_directory(f.path, ec) ? verify_bundle_folder(f.path, options)
                                                            : verify_bundle(f.path, options);
  if (!verified.ok()) return report_error(verified.error());
  fmt::print("verified {}: {} {}, {} files, {}, content digest {} (integrity only: no signature "
             "was checked)\n",
             f.path, verified->name, verified->version, verified->file_count,
             human_bytes(verified->total_bytes), verified->content_digest.prefixed());
  return kExitOk;
}

Status load_trust(const VerifyFlags& f, SignatureVerifyOptions& options) {
  for (const std::string& k : f.keys) {
    MS_ASSIGN_OR_RETURN(keys::PublicKey key, keys::load_public_key(k));
    options.trusted_keys.push_back(std::move(key));
  }
  if (!f.trusted_keys.empty()) {
    MS_ASSIGN_OR_RETURN(auto dir_keys, keys::load_trusted_keys(f.trusted_keys));
    options.trusted_keys.insert(options.trusted_keys.end(), dir_keys.begin(), dir_keys.end());
  }
  for (const std::string& ca : f.cas) {
    MS_ASSIGN_OR_RETURN(auto roots, keys::Certificate::from_pem_file(ca));
    options.trusted_roots.insert(options.trusted_roots.end(), roots.begin(), roots.end());
  }
  return {};
}

int run_signature(const VerifyFlags& f) {
  if (f.keys.empty() && f.trusted_keys.empty() && f.cas.empty())
    return usage_error(
        "say whom to trust: --key PUB, --trusted-keys DIR or --ca ROOT (or --integrity-only to "
        "check the content against the manifest alone)");
  SignatureVerifyOptions options;
  options.target = f.path;
  if (!f.signature.empty()) options.signature = f.signature;
  options.ignore = f.ignore;
  options.read.threads = f.threads;
  options.read.progress = terminal_progress();
  if (auto loaded = load_trust(f, options); !loaded.ok()) return report_error(loaded.error());
  auto verified = verify_model_signature(options);
  if (!verified.ok()) return report_error(verified.error());
  std::string model =
      verified->model_name.empty() ? "" : verified->model_name + " " + verified->model_version + ", ";
  fmt::print("verified {}: {}{} files, content digest {}\n  signed by {} ({} method), {}\n",
             f.path, model, verified->file_count, verified->content_digest.prefixed(),
             verified->signer, verified->method, verified->signature.string());
  return kExitOk;
}

}  // namespace

Command add_verify(CLI::App& root) {
  auto* app = root.add_subcommand("verify", "Verify a signed bundle or model folder");
  auto f = std::make_shared<VerifyFlags>();
  app->add_option("path", f->path, "A .mbundle, an extracted bundle, a model folder or file")->required();
  app->add_flag("--integrity-only", f->integrity_only,
                "Check the content against the bundle's manifest only (no signature)");
  app->add_option("--key", f->keys, "A trusted public key (PEM); repeatable")->allow_extra_args(false);
  app->add_option("--trusted-keys", f->trusted_keys, "A folder of trusted public keys (*.pub, *.pem)");
  app->add_option("--ca", f->cas, "A trusted root certificate (PEM); repeatable")->allow_extra_args(false);
  app->add_option("--signature", f->signature,
                  "The signature file (default: BUNDLE.sig, or FOLDER/model.sig)");
  app->add_option("--ignore", f->ignore, "A path (relative to the folder) the signature leaves out")
      ->allow_extra_args(false);
  app->add_option("--threads", f->threads, "Hashing threads for folders (default: one per core)");
  return {app, [f] { return f->integrity_only ? run_integrity(*f) : run_signature(*f); }};
}

}  // namespace modelseal::cli
