# Sourceable helper: a throw-away SoftHSM2 token for the PKCS#11 keystore tests.
#
#   . "$SOURCE_DIR/tests/e2e/softhsm_token.sh"
#   softhsm_token_create || exit 77      # 77: skipped (softhsm2 absent)
#
# makes a token store in its own temporary folder (own SOFTHSM2_CONF, so the
# user's tokens are never touched), initializes one token, and exports
#   SOFTHSM2_CONF, MODELSEAL_TEST_PKCS11_MODULE, MODELSEAL_TEST_PKCS11_TOKEN,
#   MODELSEAL_TEST_PKCS11_PIN_FILE (the user PIN, mode 0600)
# The folder is removed by softhsm_token_cleanup (call it from your EXIT trap)
# or lives under $WORK when lib.sh's WORK is set.

SOFTHSM_MODULE_CANDIDATES="/usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so"

softhsm_token_create() {
  local module="" candidate
  for candidate in $SOFTHSM_MODULE_CANDIDATES; do
    if [ -f "$candidate" ]; then module=$candidate; break; fi
  done
  if [ -z "$module" ] || ! command -v softhsm2-util >/dev/null 2>&1; then
    echo "SKIP: softhsm2 is not installed" >&2
    return 1
  fi
  SOFTHSM_TOKEN_DIR=$(mktemp -d "${WORK:-${TMPDIR:-/tmp}}/softhsm.XXXXXX")
  mkdir -p "$SOFTHSM_TOKEN_DIR/tokens"
  chmod 700 "$SOFTHSM_TOKEN_DIR"
  cat >"$SOFTHSM_TOKEN_DIR/softhsm2.conf" <<CONF
directories.tokendir = $SOFTHSM_TOKEN_DIR/tokens
objectstore.backend = file
log.level = ERROR
CONF
  export SOFTHSM2_CONF="$SOFTHSM_TOKEN_DIR/softhsm2.conf"
  export MODELSEAL_TEST_PKCS11_MODULE="$module"
  export MODELSEAL_TEST_PKCS11_TOKEN="modelseal-test-$$"
  export MODELSEAL_TEST_PKCS11_PIN_FILE="$SOFTHSM_TOKEN_DIR/pin"
  (umask 077 && printf '%s\n' 1234 >"$MODELSEAL_TEST_PKCS11_PIN_FILE")
  softhsm2-util --init-token --free --label "$MODELSEAL_TEST_PKCS11_TOKEN" \
    --pin 1234 --so-pin 5678 >/dev/null || {
    echo "softhsm2-util --init-token failed" >&2
    return 1
  }
}

softhsm_token_cleanup() {
  if [ -n "${SOFTHSM_TOKEN_DIR:-}" ] && [ -d "$SOFTHSM_TOKEN_DIR" ]; then
    rm -rf "$SOFTHSM_TOKEN_DIR"
  fi
}
