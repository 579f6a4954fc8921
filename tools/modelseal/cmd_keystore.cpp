#include <fmt/core.h>

#include "commands.hpp"
#include "keystore_args.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/keystore.hpp"
#include "modelseal/lifecycle.hpp"
#include "output.hpp"

namespace modelseal::cli {
namespace {

struct InitFlags {
  std::string dir;
  SecretArgs passphrase;
  std::string pkcs11_module;
  std::string token;
  SecretArgs pin;
  int scrypt_log2_n = 17;
  bool allow_short_passphrase = false;
};

int run_init(const InitFlags& f) {
  keys::KeystoreInitOptions options;
  options.dir = f.dir;
  options.scrypt_log2_n = f.scrypt_log2_n;
  std::optional<SecretBytes> secret;
  if (!f.pkcs11_module.empty()) {
    if (f.token.empty() || !f.pin.given())
      return usage_error("--pkcs11 needs --token LABEL and --pin-file FILE (or --pin-env VAR)");
    options.method = keys::WrappingMethod::kPkcs11;
    options.pkcs11_module = f.pkcs11_module;
    options.token_label = f.token;
    auto pin = read_secret(f.pin);
    if (!pin.ok()) return report_error(pin.error());
    secret = std::move(**pin);
    options.credentials.pin = &*secret;
  } else {
    auto given = read_secret(f.passphrase);
    if (!given.ok()) return report_error(given.error());
    auto passphrase = *given ? Result<SecretBytes>(std::move(**given))
                             : keys::prompt_passphrase("new keystore passphrase: ", true);
    if (!passphrase.ok()) return report_error(passphrase.error());
    if (auto long_enough = keys::check_new_keystore_passphrase(*passphrase, f.allow_short_passphrase);
        !long_enough.ok())
      return report_error(long_enough.error());
    secret = std::move(*passphrase);
    options.credentials.passphrase = &*secret;
  }
  if (auto made = keys::init_keystore(options); !made.ok()) return report_error(made.error());
  say("created keystore {} ({})\n", f.dir,
             f.pkcs11_module.empty() ? "wrapping key derived from a passphrase with scrypt"
                                     : "wrapping key in PKCS#11 token '" + f.token + "'");
  return kExitOk;
}

// Exit 0: log, state and records agree (interrupted operations are recoverable); 1: a problem
// found; 2: the keystore cannot be read.
int run_audit(const std::string& dir) {
  auto report = audit_keystore_and_records(dir);
  if (!report.ok()) return report_error(report.error());
  for (const std::string& problem : report->problems) fmt::print("  FAIL {}\n", problem);
  for (const std::string& note : report->unanchored)
    fmt::print("  interrupted, recoverable: {} (an operation that did not finish; running it "
               "again, or any later write, completes the log)\n", note);
  if (!report->problems.empty()) {
    fmt::print(stderr, "modelseal: error: {}: the keystore does not audit ({} problems)\n", dir,
               report->problems.size());
    return kExitRejected;
  }
  say("keystore {}: event log verified, {} entries, hash chain intact{}; keys, tombstones, "
             "generation and disposal records agree with it\n", dir, report->entries,
             report->anchored_seq ? ", anchored at entry " + std::to_string(*report->anchored_seq) : "");
  return kExitOk;
}

int run_list(const KeystoreArgs& args) {
  auto keystore = open_keystore(args);
  if (!keystore.ok()) return report_error(keystore.error());
  fmt::print("keystore {} ({}, wrapping key generation {}): {} data keys\n", keystore->id(), args.dir,
             keystore->generation(), keystore->keys().size());
  for (const keys::StoredKey& k : keystore->keys())
    fmt::print("  {}  {} {}  {}  sealed {}\n", k.key_id, k.bundle.name, k.bundle.version,
               k.bundle.content_digest, k.sealed_at);
  return kExitOk;
}

int run_rotate(const KeystoreArgs& args) {
  auto keystore = open_keystore(args);
  if (!keystore.ok()) return report_error(keystore.error());
  if (auto rotated = keystore->rotate(); !rotated.ok()) return report_error(rotated.error());
  say("keystore {}: every data key re-wrapped under wrapping key generation {}\n", args.dir,
             keystore->generation());
  return kExitOk;
}

}  // namespace

Command add_keystore(CLI::App& root) {
  auto* app = root.add_subcommand("keystore", "Create, list, rotate and audit a keystore of data keys");
  app->require_subcommand(1);
  auto init = std::make_shared<InitFlags>();
  auto* init_app = app->add_subcommand("init", "Create a keystore");
  init_app->add_option("dir", init->dir, "The new keystore folder")->required();
  add_secret_options(*init_app, init->passphrase, "passphrase", "the passphrase (default: asked at the terminal)");
  init_app->add_option("--pkcs11", init->pkcs11_module,
                       "Keep the wrapping key in a PKCS#11 token: the module (.so) to load");
  init_app->add_option("--token", init->token, "The token's label (with --pkcs11)");
  add_secret_options(*init_app, init->pin, "pin", "the user PIN (with --pkcs11)");
  init_app->add_option("--scrypt-log2-n", init->scrypt_log2_n,
                       "scrypt cost: N = 2^this (default 17: 128 MiB of memory; at least 14)");
  init_app->add_flag("--allow-short-passphrase", init->allow_short_passphrase, kAllowShortPassphraseHelp);

  auto audit_dir = std::make_shared<std::string>();
  auto* audit_app = app->add_subcommand("audit", "Verify the keystore's event log and check it against the state and the disposal records");
  audit_app->add_option("dir", *audit_dir, "The keystore folder")->required();

  auto list = std::make_shared<KeystoreArgs>();
  auto* list_app = app->add_subcommand("list", "List the data keys and the bundles they seal");
  list_app->add_option("dir", list->dir, "The keystore folder")->required();
  add_secret_options(*list_app, list->passphrase, "passphrase", "the passphrase");
  add_secret_options(*list_app, list->pin, "pin", "the user PIN (PKCS#11)");

  auto rotate = std::make_shared<KeystoreArgs>();
  auto* rotate_app = app->add_subcommand("rotate", "Re-wrap every data key under a fresh wrapping key");
  rotate_app->add_option("dir", rotate->dir, "The keystore folder")->required();
  add_secret_options(*rotate_app, rotate->passphrase, "passphrase", "the passphrase");
  add_secret_options(*rotate_app, rotate->pin, "pin", "the user PIN (PKCS#11)");
  add_lock_wait_option(*rotate_app, *rotate);

  return {app, [=] {
            if (init_app->parsed()) return run_init(*init);
            if (audit_app->parsed()) return run_audit(*audit_dir);
            if (list_app->parsed()) return run_list(*list);
            return run_rotate(*rotate);
          }};
}

}  // namespace modelseal::cli
