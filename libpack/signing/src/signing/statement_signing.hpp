// An in-toto statement signed into a Sigstore bundle, the way model signatures
// (specs/signature-v1.md) and disposal records (specs/sealed-bundle-v1.md §3) are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modelseal/keys.hpp"

namespace modelseal::signing {

// The Sigstore bundle text: a DSSE envelope (payload type in-toto) over
// `statement`, signed by `signer`; key method when `chain` is empty, else the
// certificate method (`chain` leaf first, the leaf must certify the signer).
// The signature is checked with the signer's public key before returning.
Result<std::string> sign_statement(std::string_view statement, const keys::Signer& signer,
                                   const std::vector<keys::Certificate>& chain);

}  // namespace modelseal::signing
