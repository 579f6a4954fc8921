// The arguments of `verify` checked before any work, so that a mistake is named
// as such: a missing target, a key or signature given as the model, a key or
// bundle given as the signature, a folder without its default signature.
#pragma once

#include "modelseal/verify_model.hpp"

namespace modelseal::signing {

// kNotFound for a missing target, kInvalidArgument for a file of the wrong
// kind; each message says what to give instead.
Status check_verify_arguments(const VerifyRequest& request);

// Without --signature: kNotFound when the default signature (BUNDLE.sig,
// FOLDER/model.sig) is missing, with where an extracted bundle's signature is.
// Checked after the trust, whose absence is the likelier mistake.
Status check_default_signature(const VerifyRequest& request);

}  // namespace modelseal::signing
