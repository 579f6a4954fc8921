// check_signing_certificates, what `sign` checks before using a certificate
// (issue 14): the same validity and usage rules verify_chain applies, read
// the same way at every boundary second. Certificates come from the openssl
// command, an independent implementation.
#include <doctest/doctest.h>

#include "keys_test_support.hpp"
#include "modelseal/signing.hpp"
#include "test_skip.hpp"
#include "test_support.hpp"

using namespace modelseal;
using namespace keys_test;
using test_support::TempDir;
using test_support::write_bytes;

namespace {

struct Pki {
  TempDir dir;
  std::vector<keys::Certificate> ca, leaf, server;
};

void make_pki(Pki& pki) {
  auto q = [&](const std::string& name) { return quoted(pki.dir / name); };
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
  REQUIRE(run("openssl req -x509" + ec + " -keyout " + q("ca.key") + " -out " + q("ca.pem") +
              " -subj /CN=test-root -days 60 -addext keyUsage=critical,keyCertSign 2>/dev/null") ==
          0);
  write_bytes(pki.dir / "leaf.cnf", "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
  write_bytes(pki.dir / "server.cnf", "extendedKeyUsage=serverAuth\n");
  for (std::string n : {"leaf", "server"}) {
    REQUIRE(run("openssl req -new" + ec + " -keyout " + q(n + ".key") + " -subj /CN=" + n +
                " -out " + q(n + ".csr") + " 2>/dev/null") == 0);
    REQUIRE(run("openssl x509 -req -in " + q(n + ".csr") + " -CA " + q("ca.pem") + " -CAkey " +
                q("ca.key") + " -set_serial 2 -days 30 -extfile " + q(n + ".cnf") + " -out " +
                q(n + ".pem") + " 2>/dev/null") == 0);
  }
  auto ca = keys::Certificate::from_pem_file(pki.dir / "ca.pem");
  auto leaf = keys::Certificate::from_pem_file(pki.dir / "leaf.pem");
  auto server = keys::Certificate::from_pem_file(pki.dir / "server.pem");
  REQUIRE((ca.ok() && leaf.ok() && server.ok()));
  pki.ca = *ca;
  pki.leaf = *leaf;
  pki.server = *server;
}

}  // namespace

TEST_CASE("signing certificates: sign and verify read validity alike") {
  if (!have_openssl()) return test_skip::skip_test("no openssl command");
  Pki pki;
  make_pki(pki);
  const keys::Certificate& leaf = pki.leaf.front();
  using std::chrono::seconds;
  const auto times = {leaf.not_before() - seconds(1), leaf.not_before(),
                      leaf.not_after() - seconds(1), leaf.not_after(),
                      leaf.not_after() + seconds(1)};
  for (auto t : times) {
    const keys::ChainCheck check{t, true};
    const Status chain = keys::verify_chain(leaf, {}, pki.ca, check);
    const Status alone = keys::check_signing_certificates(pki.leaf, check);
    CAPTURE(utc_text(t));
    CHECK(chain.ok() == alone.ok());
    // Up to the root's own notBefore second (the root is made a second before the leaf when the
    // clock ticks between the two openssl calls), verify_chain may name the root instead.
    if (!chain.ok() && !alone.ok() && t > pki.ca.front().not_before())
      CHECK(chain.error().detail == alone.error().detail);
  }
  CHECK(keys::check_signing_certificates(pki.leaf, {}).ok());
  const Status expired = keys::check_signing_certificates(pki.leaf, {leaf.not_after(), true});
  REQUIRE_FALSE(expired.ok());
  CHECK(expired.error().code == ErrorCode::kTampered);
  CHECK(expired.error().detail.starts_with("certificate expired: CN=leaf"));
  // An intermediate after the leaf is checked too.
  std::vector<keys::Certificate> chain{leaf, pki.ca.front()};
  CHECK_FALSE(
      keys::check_signing_certificates(chain, {pki.ca.front().not_after() + seconds(1), true}).ok());
}

TEST_CASE("signing certificates: the leaf's usage as verify reads it") {
  if (!have_openssl()) return test_skip::skip_test("no openssl command");
  Pki pki;
  make_pki(pki);
  const Status chain = keys::verify_chain(pki.server.front(), {}, pki.ca, {});
  const Status alone = keys::check_signing_certificates(pki.server, {});
  REQUIRE_FALSE(alone.ok());
  REQUIRE_FALSE(chain.ok());
  CHECK(alone.error().detail == "certificate CN=server: extended key usage does not include code signing");
  CHECK(chain.error().detail == alone.error().detail);
  CHECK(keys::check_signing_certificates({}, {}).error().code == ErrorCode::kInvalidArgument);
}
