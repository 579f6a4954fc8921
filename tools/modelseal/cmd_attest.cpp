#include <fmt/core.h>

#include "commands.hpp"
#include "count_options.hpp"
#include "modelseal/attest.hpp"
#include "output.hpp"
#include "signing_key_args.hpp"

namespace modelseal::cli {

Command add_attest(CLI::App& root) {
  auto* app = root.add_subcommand(
      "attest", "Sign an in-toto attestation about a bundle (SLSA provenance, evaluation, or any predicate)");
  struct Flags {
    std::string bundle, key, cert, cert_chain;
    SecretArgs passphrase;
    std::string predicate_type, predicate, output, builder_id, invocation_id, started_on, finished_on;
    bool force = false;
    unsigned threads = 0;
  };
  auto f = std::make_shared<Flags>();
  app->add_option("bundle", f->bundle, "The .mbundle the attestation is about")->required();
  app->add_option("--key", f->key, "The signing key (PEM)")->required();
  add_secret_options(*app, f->passphrase, "passphrase", "the key's passphrase");
  app->add_option("--cert", f->cert, "Sign with this certificate (PEM) for the key (certificate method)");
  app->add_option("--cert-chain", f->cert_chain, "Intermediate certificates (PEM) after --cert");
  app->add_option("--predicate-type", f->predicate_type,
                  "slsa-provenance, evaluation (the card's results), or a predicate type URI")
      ->required();
  app->add_option("--predicate", f->predicate, "The predicate (a JSON object file), for a predicate type URI");
  app->add_option("--builder-id", f->builder_id, "SLSA builder id (URI)");
  app->add_option("--invocation-id", f->invocation_id, "SLSA invocation id (e.g. the CI run URL)");
  app->add_option("--started-on", f->started_on, "SLSA build start time (RFC 3339)");
  app->add_option("--finished-on", f->finished_on, "SLSA build end time (RFC 3339; default now)");
  app->add_option("-o,--output", f->output, "Where to write it (default: BUNDLE.attestations/)");
  app->add_flag("--force", f->force, "Replace the output if it exists");
  add_threads_option(*app, f->threads, "Hashing threads");
  return {app, [f] {
            auto key = load_signing_key(f->key, f->passphrase);
            if (!key.ok()) return report_error(key.error());
            AttestOptions o;
            o.bundle = f->bundle;
            o.predicate_type = f->predicate_type;
            if (!f->predicate.empty()) o.predicate_file = f->predicate;
            if (!f->builder_id.empty()) o.provenance.builder_id = f->builder_id;
            if (!f->invocation_id.empty()) o.provenance.invocation_id = f->invocation_id;
            if (!f->started_on.empty()) o.provenance.started_on = f->started_on;
            if (!f->finished_on.empty()) o.provenance.finished_on = f->finished_on;
            o.signer = &*key;
            auto chain = load_certificate_chain(f->cert, f->cert_chain);
            if (!chain.ok()) return report_error(chain.error());
            o.certificate_chain = std::move(*chain);
            if (!f->output.empty()) o.output = f->output;
            o.overwrite = f->force;
            o.progress = terminal_progress();
            o.threads = f->threads;
            auto done = attest_bundle(o);
            if (!done.ok()) return report_error(done.error());
            say("attested {} ({}): {} about content digest {}, manifest digest sha256:{} and "
                       "archive digest sha256:{}\n",
                       f->bundle, done->path.string(), done->predicate_type,
                       done->content_digest.prefixed(), done->manifest_digest.hex(),
                       done->archive_digest.hex());
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
