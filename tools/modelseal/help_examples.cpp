#include "help_examples.hpp"

#include <array>
#include <string>
#include <string_view>

#include "command_line.hpp"

namespace modelseal::cli {
namespace {

struct Examples {
  std::string_view command;
  std::string_view lines;
};

constexpr std::array<Examples, 27> kExamples{{
    {"modelseal",
     "modelseal init ./my-model && modelseal build ./my-model -o my-model-1.2.0.mbundle\n"
     "modelseal verify my-model-1.2.0.mbundle --key release.pub\n"
     "modelseal validate ./upload --json"},
    {"init",
     "modelseal init ./my-model    # ./my-model/bundle.toml, pre-filled from README.md, config.json\n"
     "modelseal init ./my-model --name my-bert --force   # start again, another model name\n"
     "grep -n 'FILL ME' ./my-model/bundle.toml && modelseal build ./my-model"},
    {"build",
     "modelseal build ./my-model -o my-model-1.2.0.mbundle\n"
     "modelseal build --check ./my-model   # every problem of bundle.toml, nothing written\n"
     "modelseal build ./my-model -o m.mbundle --compression zstd:19\n"
     "SOURCE_DATE_EPOCH=1700000000 modelseal build ./my-model -o m.mbundle   # fixed timestamps"},
    {"lint",
     "modelseal lint ./my-model   # every problem of bundle.toml as FILE:LINE:COL, then the count\n"
     "modelseal init ./my-model && modelseal lint ./my-model   # what is left to fill in\n"
     "modelseal lint ./my-model --json | jq -r '.problems[].text'   # one verdict document"},
    {"inspect",
     "modelseal inspect my-model-1.2.0.mbundle\n"
     "modelseal inspect --json my-model-1.2.0.mbundle | jq .content_digest\n"
     "modelseal inspect ./my-model   # preview what build would write, nothing written"},
    {"digest",
     "modelseal digest my-model-1.2.0.mbundle\n"
     "modelseal digest ./any-model-folder --ignore README.md"},
    {"extract",
     "modelseal extract my-model-1.2.0.mbundle -C ./out\n"
     "modelseal verify ./out --signature my-model-1.2.0.mbundle.sig --key release.pub"},
    {"verify",
     "modelseal verify my-model-1.2.0.mbundle --key release.pub\n"
     "modelseal verify ./model-folder --policy policy.toml --json\n"
     "modelseal verify --integrity-only my-model-1.2.0.mbundle"},
    {"keygen",
     "modelseal keygen -o release.key                 # release.key and release.pub\n"
     "modelseal keygen -o release.key --type ed25519 --passphrase-file pass.txt"},
    {"sign",
     "modelseal sign my-model-1.2.0.mbundle --key release.key   # writes my-model-1.2.0.mbundle.sig\n"
     "modelseal sign ./model-folder --key release.key           # writes ./model-folder/model.sig\n"
     "modelseal sign m.mbundle --key leaf.key --cert leaf.pem --cert-chain chain.pem\n"
     "modelseal sign ./big-model --key release.key --shard-size 1073741824   # OMS shards of 1 GiB"},
    {"scan",
     "modelseal scan model.safetensors\n"
     "modelseal scan pytorch_model.bin --json"},
    {"validate",
     "modelseal validate upload.mbundle\n"
     "modelseal validate ./model-folder --policy registry.toml --json\n"
     "curl -sSfL https://example.org/upload.mbundle | modelseal validate - --sarif findings.sarif"},
    {"report",
     "modelseal report my-model-1.2.0.mbundle --key release.pub\n"
     "modelseal report my-model-1.2.0.mbundle --key release.pub --format html -o report.html"},
    {"keystore", "modelseal keystore init ./keystore --passphrase-file pass.txt\nmodelseal keystore audit ./keystore"},
    {"keystore init",
     "modelseal keystore init ./keystore --passphrase-file pass.txt\n"
     "modelseal keystore init ./keystore --pkcs11 /usr/lib/softhsm/libsofthsm2.so --token modelseal --pin-file pin.txt"},
    {"keystore audit", "modelseal keystore audit ./keystore   # the event log against the state and the disposal records"},
    {"keystore list", "modelseal keystore list ./keystore --passphrase-file pass.txt"},
    {"keystore rotate", "modelseal keystore rotate ./keystore --passphrase-file pass.txt"},
    {"seal",
     "modelseal seal my-model-1.2.0.mbundle --keystore ./keystore --passphrase-file pass.txt \\\n"
     "    -o my-model-1.2.0.sealed.mbundle"},
    {"open",
     "modelseal open my-model-1.2.0.sealed.mbundle --keystore ./keystore --passphrase-file pass.txt -C ./out"},
    {"shred",
     "modelseal shred my-model-1.2.0.sealed.mbundle --keystore ./keystore --passphrase-file pass.txt \\\n"
     "    --new-passphrase-file new-pass.txt --key operator.key --reason \"model retired\" \\\n"
     "    --custodian data-team@example.org"},
    {"verify-disposal", "modelseal verify-disposal ./keystore/disposals/RECORD --key operator.pub"},
    {"attest",
     "modelseal attest my-model-1.2.0.mbundle --key release.key --predicate-type slsa-provenance\n"
     "modelseal attest my-model-1.2.0.mbundle --key release.key --predicate-type evaluation"},
    {"verify-attestation", "modelseal verify-attestation my-model-1.2.0.mbundle --policy attestation-policy.toml --json"},
    {"sigstore",
     "modelseal sigstore verify-bundle --bundle model.sigstore.json --key release.pub model.bin\n"
     "modelseal sigstore attach-log-entry --bundle m.mbundle.attestations/provenance.sigstore.json --entry entry.json"},
    {"sigstore attach-log-entry",
     "modelseal sigstore attach-log-entry --bundle attestation.sigstore.json --entry rekor-entry.json\n"
     "modelseal sigstore attach-log-entry --bundle a.sigstore.json --entry e.json -o logged.sigstore.json"},
    {"sigstore verify-bundle",
     "modelseal sigstore verify-bundle --bundle model.sigstore.json --key release.pub model.bin\n"
     "modelseal sigstore verify-bundle --bundle model.sigstore.json --certificate-identity ID \\\n"
     "    --certificate-oidc-issuer https://token.actions.githubusercontent.com model.bin"},
}};

// The root's help: conventions every command shares.
constexpr std::string_view kConventions =
    "Conventions: '-' is standard input where a command reads a bundle or file (validate, scan,\n"
    "verify, digest, inspect, extract) and standard output where it writes a report (report -o,\n"
    "--sarif). -q/--quiet and -v/--verbose go before or after the command. modelseal prints no\n"
    "colour, so NO_COLOR needs nothing; the progress bar appears only when stderr is a terminal\n"
    "and TERM is not 'dumb'. TMPDIR is where '-' copies standard input while the command runs.";

// Every command's help: the root's options that also apply to it.
constexpr std::string_view kGlobalOptions =
    "Global options: -q,--quiet (errors and requested output only), -v,--verbose (more detail).";

constexpr std::string_view kExitCodes =
    "Exit status: 0 success (accepted); 1 the input was checked and rejected;\n"
    "2 usage, configuration or environment error (a missing file, a bad policy).";

void set_footer(CLI::App& app) {
  std::string footer;
  const std::string words = command_words(app);
  const std::string examples = examples_of(words.empty() ? "modelseal" : words);
  if (!examples.empty()) {
    footer += "Examples:\n";
    size_t start = 0;
    while (start < examples.size()) {
      const size_t end = std::min(examples.find('\n', start), examples.size());
      footer += "  " + examples.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  if (!footer.empty()) footer += "\n";
  footer += std::string(app.get_parent() == nullptr ? kConventions : kGlobalOptions) + "\n\n";
  footer += std::string(kExitCodes);
  app.footer(footer);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) set_footer(*sub);
}

}  // namespace

std::string examples_of(std::string_view command) {
  for (const Examples& e : kExamples)
    if (e.command == command) return std::string(e.lines);
  return {};
}

std::string_view exit_codes_text() { return kExitCodes; }

void add_examples_and_exit_codes(CLI::App& root) { set_footer(root); }

}  // namespace modelseal::cli
