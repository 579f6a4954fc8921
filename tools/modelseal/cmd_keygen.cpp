#include <filesystem>
#include <optional>

#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/output_file.hpp"
#include "output.hpp"
#include "secret_args.hpp"

namespace modelseal::cli {
namespace {

struct KeygenFlags {
  std::string output;
  std::string type = "ecdsa-p256";
  SecretArgs passphrase;
  bool passphrase_prompt = false;
  bool force = false;
};

// release.key -> release.pub; a path without an extension gets ".pub" appended.
std::filesystem::path public_path_for(const std::filesystem::path& key) {
  std::filesystem::path pub = key;
  if (key.has_extension()) return pub.replace_extension(".pub");
  return pub += ".pub";
}

Result<std::optional<SecretBytes>> passphrase_for(const KeygenFlags& f) {
  if (f.passphrase.given()) return read_secret(f.passphrase);
  if (f.passphrase_prompt) {
    MS_ASSIGN_OR_RETURN(SecretBytes p, keys::prompt_passphrase("passphrase for the new key: ", true));
    return std::optional<SecretBytes>(std::move(p));
  }
  return std::optional<SecretBytes>();
}

int run_keygen(const KeygenFlags& f) {
  auto type = keys::parse_key_type(f.type);
  if (!type.ok()) return report_error(type.error());
  std::filesystem::path key_path = f.output;
  std::filesystem::path pub_path = public_path_for(key_path);
  if (key_path == pub_path)
    return usage_error(f.output + ": the private key file must not end in .pub");
  for (const auto& p : {key_path, pub_path})
    if (Status free = check_output_file(p, f.force); !free.ok()) return report_error(free.error());
  auto passphrase = passphrase_for(f);
  if (!passphrase.ok()) return report_error(passphrase.error());
  auto key = keys::PrivateKey::generate(*type);
  if (!key.ok()) return report_error(key.error());
  const SecretBytes* secret = passphrase->has_value() ? &**passphrase : nullptr;
  auto written = keys::write_key_pair(*key, key_path, pub_path, secret, f.force);
  if (!written.ok()) return report_error(written.error());
  say("key id: {}\nprivate key: {}\npublic key: {}\n", key->public_key().key_id(),
             key_path.string(), pub_path.string());
  if (secret == nullptr)
    print_hint("the private key is not encrypted; use --passphrase-file, --passphrase-env or "
               "--passphrase-prompt to encrypt it");
  if (*type == keys::KeyType::kEd25519)
    print_hint("OMS's released verifier accepts only ECDSA keys");
  return kExitOk;
}

}  // namespace

Command add_keygen(CLI::App& root) {
  auto* app = root.add_subcommand("keygen", "Generate a signing key pair (KEY and KEY.pub)");
  auto f = std::make_shared<KeygenFlags>();
  app->add_option("-o,--output", f->output, "Private key file to write (the public key goes "
                                            "beside it, extension replaced by .pub)")
      ->required();
  app->add_option("--type", f->type, "ecdsa-p256 (default), ecdsa-p384, ecdsa-p521 or ed25519");
  add_secret_options(*app, f->passphrase, "passphrase", "the passphrase that encrypts the key");
  app->add_flag("--passphrase-prompt", f->passphrase_prompt, "Encrypt the key with a passphrase typed at the terminal")
      ->excludes("--passphrase-file")
      ->excludes("--passphrase-env");
  app->add_flag("--force", f->force, "Replace existing key files");
  return {app, [f] { return run_keygen(*f); }};
}

}  // namespace modelseal::cli
