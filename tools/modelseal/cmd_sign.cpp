#include <fmt/core.h>

#include <algorithm>
#include <string>

#include "commands.hpp"
#include "count_options.hpp"
#include "modelseal/signing.hpp"
#include "output.hpp"
#include "signing_key_args.hpp"

namespace modelseal::cli {
namespace {

struct SignFlags {
  std::string target;
  std::string key;
  SecretArgs passphrase;
  std::string cert;
  std::string cert_chain;
  std::string signature;
  std::vector<std::string> ignore;
  std::optional<uint64_t> shard_size;
  unsigned threads = 0;
  bool force = false;
  bool allow_symlinks = false;
};

int run_sign(const SignFlags& f) {
  if (!f.cert_chain.empty() && f.cert.empty()) return usage_error("--cert-chain needs --cert");
  auto key = load_signing_key(f.key, f.passphrase);
  if (!key.ok()) return report_error(key.error());
  auto chain = load_certificate_chain(f.cert, f.cert_chain);
  if (!chain.ok()) return report_error(chain.error());
  SignOptions options;
  options.target = f.target;
  if (!f.signature.empty()) options.signature = f.signature;
  options.signer = &*key;
  options.certificate_chain = std::move(*chain);
  options.ignore = f.ignore;
  options.allow_symlinks = f.allow_symlinks;
  options.shard_size = f.shard_size;
  options.overwrite = f.force;
  options.threads = f.threads;
  options.progress = terminal_progress();
  auto signed_model = sign_model(options);
  if (!signed_model.ok()) return report_error(signed_model.error());
  const std::string shards =
      f.shard_size ? fmt::format(" in shards of {} bytes", *f.shard_size) : std::string();
  say("signed {}: {}{}, content digest {}, by {}\nwrote {}\n", f.target,
             count_of(signed_model->file_count, "file"), shards, signed_model->content_digest.prefixed(),
             signed_model->signer, signed_model->signature.string());
  return kExitOk;
}

}  // namespace

Command add_sign(CLI::App& root) {
  auto* app = root.add_subcommand(
      "sign", "Sign a bundle or a model folder (OpenSSF Model Signing v1.0 format)");
  auto f = std::make_shared<SignFlags>();
  app->add_option("target", f->target, "A .mbundle, a model folder, or a single-file model")->required();
  app->add_option("--key", f->key, "Private key (PEM: PKCS#8, encrypted PKCS#8 or SEC1)")->required();
  add_secret_options(*app, f->passphrase, "passphrase", "the key's passphrase");
  app->add_option("--cert", f->cert, "Signing certificate (PEM) for certificate signing");
  app->add_option("--cert-chain", f->cert_chain, "Intermediate certificates (PEM), leaf's issuer first");
  app->add_option("--signature", f->signature,
                  "Where to write the signature (default: BUNDLE.sig, or FOLDER/model.sig)");
  app->add_option("--ignore", f->ignore, "A path (relative to the folder) to leave unsigned")->allow_extra_args(false);
  app->add_option("--shard-size", f->shard_size,
                  "OMS shard serialization: each file in pieces of BYTES (4096..2^53), hashed on every "
                  "core (a plain bundle is read once); default: files serialization, read by every "
                  "OMS verifier (docs/oms.md)")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            if (whole_number(text)) return {};
            if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
              return "'" + text + "' is too large (at most 2^53 bytes)";
            return "'" + text + "' is not a whole number of bytes (e.g. 268435456)";
          },
          ""))
      ->type_name("BYTES");
  add_threads_option(*app, f->threads, "Hashing threads");
  app->add_flag("--force", f->force, "Replace an existing signature file");
  add_allow_symlinks_flag(app, f->allow_symlinks);
  return {app, [f] { return run_sign(*f); }};
}

}  // namespace modelseal::cli
