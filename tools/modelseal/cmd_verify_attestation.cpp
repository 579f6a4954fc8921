#include <fmt/core.h>

#include "commands.hpp"
#include "count_options.hpp"
#include "json_output.hpp"
#include "modelseal/attest.hpp"
#include "output.hpp"

namespace modelseal::cli {

Command add_verify_attestation(CLI::App& root) {
  auto* app = root.add_subcommand("verify-attestation",
                                  "Check a bundle's attestations against an attestation policy");
  struct Flags {
    std::string bundle, policy, dir;
    bool json = false;
    unsigned threads = 0;
  };
  auto f = std::make_shared<Flags>();
  app->add_option("bundle", f->bundle, "The .mbundle")->required();
  app->add_option("--policy", f->policy, "The attestation policy (docs/attestations.md)")->required();
  app->add_option("--attestations", f->dir, "Folder of attestations (default: BUNDLE.attestations)");
  add_json_flag(*app, f->json);
  add_threads_option(*app, f->threads, "Hashing threads");
  return {app, [f] {
            auto policy = load_attestation_policy(f->policy);
            if (!policy.ok())
              return f->json ? print_error_document("verify-attestation", f->bundle, policy.error(), f->policy)
                             : report_error(policy.error());
            std::optional<std::filesystem::path> dir;
            if (!f->dir.empty()) dir = f->dir;
            ReadOptions read;
            read.threads = f->threads;
            if (!f->json) read.progress = terminal_progress();
            auto verdict = verify_attestations(f->bundle, *policy, dir, std::chrono::system_clock::now(), read);
            if (!verdict.ok())
              return f->json ? print_error_document("verify-attestation", f->bundle, verdict.error(),
                                                    file_named_in(verdict.error(), {f->dir}, f->bundle))
                             : report_error(verdict.error());
            if (f->json) return print_document(attestation_verdict_json(f->bundle, f->policy, *verdict));
            if (!quiet() || !verdict->accepted()) {  // a rejection's rules print even with --quiet
              fmt::print("{}: content digest {}, manifest sha256:{}, file sha256:{}, {} attestations "
                         "read\npolicy {}:\n",
                         f->bundle, verdict->content_digest.prefixed(), verdict->manifest_digest.hex(),
                         verdict->archive_digest.hex(), verdict->attestations_read, f->policy);
              for (const AttestationRuleResult& r : verdict->rules)
                fmt::print("  [{}] {}: {}\n", r.passed ? "pass" : "FAIL", r.rule, r.evidence);
            }
            if (!verdict->accepted()) {
              fmt::print(stderr, "modelseal: error: {}: rejected by attestation policy {}\n", f->bundle,
                         f->policy);
              return kExitRejected;
            }
            say("accepted: every rule is met\n");
            return kExitOk;
          }};
}

}  // namespace modelseal::cli
