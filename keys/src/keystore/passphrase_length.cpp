#include <span>
#include <string>
#include <string_view>

#include "formats/text/utf8.hpp"
#include "modelseal/keystore.hpp"

namespace modelseal::keys {
namespace {

// Code points; a byte that starts no valid UTF-8 sequence counts as one.
size_t character_count(std::span<const uint8_t> bytes) {
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    size_t length = formats::utf8::decode(text, i).length;
    i += length == 0 ? 1 : length;
  }
  return count;
}

}  // namespace

Status check_new_keystore_passphrase(const SecretBytes& passphrase, bool allow_short) {
  size_t characters = character_count(passphrase.reveal());
  if (allow_short || characters >= kMinKeystorePassphraseCharacters) return {};
  return make_error(ErrorCode::kInvalidArgument,
                    "the new keystore passphrase has " + std::to_string(characters) +
                        " characters; a keystore passphrase needs at least " +
                        std::to_string(kMinKeystorePassphraseCharacters) +
                        " (the wrapping key is only as strong as it; --allow-short-passphrase "
                        "accepts a shorter one)");
}

}  // namespace modelseal::keys
