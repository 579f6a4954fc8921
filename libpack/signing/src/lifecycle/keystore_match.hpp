// A sealed bundle names the keystore that holds its data key.
#pragma once

#include "modelseal/keystore.hpp"
#include "modelseal/sealed.hpp"

namespace modelseal::lifecycle {

// kNotFound, naming both ids, when `info` was sealed with another keystore.
inline Status check_same_keystore(const keys::Keystore& keystore, const SealedInfo& info) {
  if (info.header.keystore_id == keystore.id()) return {};
  return make_error(ErrorCode::kNotFound, info.path.string() + ": sealed with keystore " +
                                              info.header.keystore_id + ", not this one (" +
                                              keystore.id() + ")");
}

}  // namespace modelseal::lifecycle
