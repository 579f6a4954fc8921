#include <fmt/core.h>

#include "commands.hpp"
#include "json_output.hpp"
#include "keystore_args.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/lifecycle.hpp"
#include "output.hpp"
#include "signing_key_args.hpp"

namespace modelseal::cli {

Command add_shred(CLI::App& root) {
  auto* app = root.add_subcommand(
      "shred", "Destroy a sealed bundle's data key (cryptographic erase) and sign a disposal record");
  struct Flags {
    std::string sealed;
    KeystoreArgs keystore;
    std::string key;
    SecretArgs key_passphrase;
    std::string reason;
    std::vector<std::string> custodians;
    SecretArgs new_passphrase;
    bool reuse_passphrase = false;
    bool allow_short_passphrase = false;
  };
  auto f = std::make_shared<Flags>();
  app->add_option("sealed", f->sealed, "The sealed bundle whose key to destroy")->required();
  add_keystore_options(*app, f->keystore);
  app->add_option("--key", f->key, "The operator's private key, which signs the disposal record")->required();
  add_secret_options(*app, f->key_passphrase, "key-passphrase", "the operator key's passphrase");
  app->add_option("--reason", f->reason, "Why the model is disposed of (recorded)")->required();
  app->add_option("--custodian", f->custodians, "A custodian consulted (recorded); repeatable")
      ->allow_extra_args(false);
  add_secret_options(*app, f->new_passphrase, "new-passphrase",
                     "the keystore's new passphrase (passphrase keystores: changed while shredding, so "
                     "that keystore backups taken before cannot unwrap the key)");
  app->add_flag("--reuse-passphrase", f->reuse_passphrase,
                "Passphrase keystores: keep the passphrase (backups taken before the shred and the "
                "old passphrase can still unwrap the key; recorded in the disposal record)");
  app->add_flag("--allow-short-passphrase", f->allow_short_passphrase, kAllowShortPassphraseHelp);
  return {app, [f] {
            auto signer = load_signing_key(f->key, f->key_passphrase);
            if (!signer.ok()) return report_error(signer.error());
            auto read = read_secret(f->new_passphrase);
            if (!read.ok()) return report_error(read.error());
            std::optional<SecretBytes> new_passphrase = std::move(*read);
            if (new_passphrase) {
              if (auto long_enough = keys::check_new_keystore_passphrase(*new_passphrase, f->allow_short_passphrase);
                  !long_enough.ok())
                return report_error(long_enough.error());
            }
            auto keystore = open_keystore(f->keystore);
            if (!keystore.ok()) return report_error(keystore.error());
            ShredOptions options;
            options.sealed = f->sealed;
            options.keystore = &*keystore;
            options.keystore_dir = f->keystore.dir;
            options.operator_signer = &*signer;
            options.reason = f->reason;
            options.custodians = f->custodians;
            options.new_passphrase = new_passphrase ? &*new_passphrase : nullptr;
            options.reuse_passphrase = f->reuse_passphrase;
            auto shredded = shred_sealed(options);
            if (!shredded.ok()) return report_error(shredded.error());
            const keys::ShredEvidence& e = shredded->evidence;
            say("shredded {} {} ({}): data key {} destroyed at {}\n", e.bundle.name,
                       e.bundle.version, e.bundle.content_digest, e.key_id, e.effective_at);
            for (const keys::KeyCopy& copy : e.copies) say("  {}: {}\n", copy.location, copy.action);
            say("  check: {}\n", e.verification_detail);
            say("  disposal record: {}\n", shredded->record.string());
            return kExitOk;
          }};
}

Command add_verify_disposal(CLI::App& root) {
  auto* app = root.add_subcommand("verify-disposal", "Verify a signed disposal record");
  struct Flags {
    std::string record;
    std::vector<std::string> keys;
    bool json = false;
  };
  auto f = std::make_shared<Flags>();
  app->add_option("record", f->record, "The disposal record (.disposal.json)")->required();
  app->add_option("--key", f->keys, "The operator's public key; repeatable")->required()->allow_extra_args(false);
  add_json_flag(*app, f->json);
  return {app, [f] {
            std::vector<keys::PublicKey> trusted;
            for (const std::string& k : f->keys) {
              auto key = keys::load_public_key(k);
              if (!key.ok())
                return f->json ? print_error_document("verify-disposal", f->record, key.error(), k)
                               : report_error(key.error());
              trusted.push_back(std::move(*key));
            }
            auto record = read_disposal_record(f->record, trusted);
            if (f->json) {
              if (!record.ok()) report_error(record.error());
              return print_document(disposal_verdict_json(f->record, record));
            }
            if (!record.ok()) return report_error(record.error());
            say("verified disposal record {}: {} {} ({}) disposed of by {} at {}, method {}, "
                       "reason: {}\n",
                       f->record, record->name, record->version, record->content_digest,
                       record->signer, record->effective_at, record->method, record->reason);
            if (record->manifest_digest.empty())
              say("  the record names the content digest only (written before manifest digests "
                         "were recorded): the files' names are not bound\n");
            else
              say("  manifest digest {} (the files' names and contents)\n", record->manifest_digest);
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
