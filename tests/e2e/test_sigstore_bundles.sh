#!/usr/bin/env bash
# Real Sigstore bundles from sigstore-python's tests (../shared): the GitHub
# Actions release bundle verifies by digest against the built-in production
# root; identity, issuer and digest must match exactly; the v0.1 bundle
# without a checkpoint is rejected; staging bundles need the staging root.
source "$(dirname "$0")/lib.sh"
vectors="$SHARED_DIR/vectors/sigstore/sigstore-python"
[ -d "$vectors" ] || skip "../shared is absent: no sigstore-python bundles"
gh_ident="https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2"
gh_issuer="https://token.actions.githubusercontent.com"
gh_digest=$(cat "$vectors/bundle_v3_github.whl.digest")

# Built-in production root: no --trusted-root.
expect_exit 0 ms sigstore verify-bundle --bundle "$vectors/bundle_v3_github.whl.sigstore" \
  --certificate-identity "$gh_ident" --certificate-oidc-issuer "$gh_issuer" "$gh_digest"
expect_stdout "verified:"
expect_stdout "signed entry timestamp verified"
expect_stdout "embedded SCT verified"
expect_exit 0 ms sigstore verify-bundle --bundle "$vectors/bundle_v3_github.whl.sigstore" \
  --certificate-identity "$gh_ident" --certificate-oidc-issuer "$gh_issuer" \
  --trusted-root "$SOURCE_DIR/keys/trust/sigstore-production.trusted_root.json" "$gh_digest"
other=sha256:$(printf '%064d' 0)
expect_exit 1 ms sigstore verify-bundle --bundle "$vectors/bundle_v3_github.whl.sigstore" \
  --certificate-identity "$gh_ident" --certificate-oidc-issuer "$gh_issuer" "$other"
expect_exit 1 ms sigstore verify-bundle --bundle "$vectors/bundle_v3_github.whl.sigstore" \
  --certificate-identity "${gh_ident%v0.1.2}v0.1.3" --certificate-oidc-issuer "$gh_issuer" "$gh_digest"
expect_exit 1 ms sigstore verify-bundle --bundle "$vectors/bundle_v3_github.whl.sigstore" \
  --certificate-identity "$gh_ident" --certificate-oidc-issuer "https://token.actions.githubusercontent.com/" "$gh_digest"
# Against the staging root the production bundle's log and CA are unknown.
expect_exit 1 ms sigstore verify-bundle --bundle "$vectors/bundle_v3_github.whl.sigstore" \
  --certificate-identity "$gh_ident" --certificate-oidc-issuer "$gh_issuer" \
  --trusted-root "$vectors/staging_trusted_root.json" "$gh_digest"

# v0.1 bundle without an inclusion proof/checkpoint: rejected (offline needs the proof).
expect_exit 1 ms sigstore verify-bundle --bundle "$vectors/Python-3.12.5.tgz.sigstore" \
  --certificate-identity thomas@python.org --certificate-oidc-issuer https://accounts.google.com \
  "sha256:$(printf '%064d' 1)"
expect_stderr "checkpoint"

# Staging bundles (Rekor v1 message signature; Rekor v2 DSSE with an RFC 3161 timestamp).
expect_exit 0 ms sigstore verify-bundle --bundle "$vectors/bundle_v3.txt.sigstore" \
  --certificate-identity william@yossarian.net --certificate-oidc-issuer https://github.com/login/oauth \
  --trusted-root "$vectors/staging_trusted_root.json" "$vectors/bundle_v3.txt"
expect_exit 1 ms sigstore verify-bundle --bundle "$vectors/bundle_v3.txt.sigstore" \
  --certificate-identity william@yossarian.net --certificate-oidc-issuer https://github.com/login/oauth \
  "$vectors/bundle_v3.txt"
beacon="https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
# Its statement's subject is the conformance suite's a.txt, named here by digest.
subject=sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf
expect_exit 0 ms sigstore verify-bundle --bundle "$vectors/a.dsse.staging-rekor-v2.txt.sigstore.json" \
  --certificate-identity "$beacon" --certificate-oidc-issuer "$gh_issuer" \
  --trusted-root "$vectors/staging_trusted_root.json" "$subject"
expect_stdout "RFC 3161 timestamp"
expect_stdout "the artifact's sha256 is a subject of the in-toto statement"
# The file beside it is not that subject (sigstore-js agrees: "artifact digest not among in-toto subjects").
expect_exit 1 ms sigstore verify-bundle --bundle "$vectors/a.dsse.staging-rekor-v2.txt.sigstore.json" \
  --certificate-identity "$beacon" --certificate-oidc-issuer "$gh_issuer" \
  --trusted-root "$vectors/staging_trusted_root.json" "$vectors/a.dsse.staging-rekor-v2.txt"
expect_stderr "is not among the statement's subjects"
done_ok
