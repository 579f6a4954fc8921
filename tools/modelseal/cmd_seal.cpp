#include <fmt/core.h>

#include "commands.hpp"
#include "count_options.hpp"
#include "json_output.hpp"
#include "keystore_args.hpp"
#include "modelseal/lifecycle.hpp"
#include "output.hpp"

namespace modelseal::cli {

Command add_seal(CLI::App& root) {
  auto* app = root.add_subcommand("seal", "Encrypt a bundle under a fresh data key kept in a keystore");
  struct Flags {
    std::string bundle, output;
    KeystoreArgs keystore;
    bool force = false;
    unsigned threads = 0;
  };
  auto f = std::make_shared<Flags>();
  app->add_option("bundle", f->bundle, "The .mbundle to seal")->required();
  app->add_option("-o,--output", f->output, "The sealed bundle to write")->required();
  add_keystore_options(*app, f->keystore);
  app->add_flag("--force", f->force, "Replace the output if it exists");
  add_threads_option(*app, f->threads, "Hashing threads");
  return {app, [f] {
            auto keystore = open_keystore(f->keystore);
            if (!keystore.ok()) return report_error(keystore.error());
            auto sealed = seal_into_keystore(
                {f->bundle, f->output, &*keystore, f->force, terminal_progress(), f->threads});
            if (!sealed.ok()) return report_error(sealed.error());
            const formats::SealedHeader& h = sealed->info.header;
            say("sealed {} {} into {}: data key {} in keystore {}, content digest {}\n",
                       h.model_name, h.model_version, f->output, h.key_id, h.keystore_id,
                       h.content_digest_text());
            if (sealed->signature_copied)
              say("  signature copied to {} (it covers the content, which sealing keeps)\n",
                         sealed->signature_copied->string());
            return kExitOk;
          }};
}

Command add_open(CLI::App& root) {
  auto* app = root.add_subcommand("open", "Decrypt a sealed bundle, verifying it, and extract it");
  struct Flags {
    std::string sealed, directory, output;
    KeystoreArgs keystore;
    bool force = false;
    bool json = false;
    unsigned threads = 0;
  };
  auto f = std::make_shared<Flags>();
  app->add_option("sealed", f->sealed, "The sealed bundle")->required();
  app->add_option("-C,--directory", f->directory, "Extract into this new (or empty) folder");
  app->add_option("-o,--output", f->output, "Write the decrypted .mbundle here");
  add_keystore_options(*app, f->keystore);
  app->add_flag("--force", f->force, "Replace the output bundle if it exists");
  add_threads_option(*app, f->threads, "Hashing threads");
  add_json_flag(*app, f->json);
  return {app, [f] {
            static constexpr char kWhereTo[] =
                "say where to: -C FOLDER (extract) and/or -o BUNDLE (decrypted bundle)";
            if (f->directory.empty() && f->output.empty())
              return f->json ? print_usage_document("open", kWhereTo) : usage_error(kWhereTo);
            auto keystore = open_keystore(f->keystore);
            if (!keystore.ok())
              return f->json ? print_error_document("open", f->sealed, keystore.error(), f->keystore.dir)
                             : report_error(keystore.error());
            OpenSealedOptions options;
            options.sealed = f->sealed;
            options.keystore = &*keystore;
            if (!f->directory.empty()) options.extract_to = f->directory;
            if (!f->output.empty()) options.bundle_out = f->output;
            options.overwrite = f->force;
            if (!f->json) options.read.progress = terminal_progress();
            options.read.threads = f->threads;
            auto opened = open_sealed(options);
            if (f->json) {
              if (!opened.ok()) report_error(opened.error());
              return print_document(open_verdict_json(options, opened));
            }
            if (!opened.ok()) return report_error(opened.error());
            say("opened {}: {} {}, {}, {}, content digest {}, every chunk authenticated "
                       "and every file verified\n",
                       f->sealed, opened->name, opened->version, count_of(opened->file_count, "file"),
                       human_bytes(opened->total_bytes), opened->content_digest.prefixed());
            if (!f->directory.empty()) say("  extracted into {}\n", f->directory);
            if (!f->output.empty()) say("  decrypted bundle written to {}\n", f->output);
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
