#include "formats/sigstore/dsse.hpp"
#include "sigstore/verify_steps.hpp"

namespace modelseal::sigstore {

Status verify_content_signature(const formats::SigstoreBundle& bundle, const keys::PublicKey& key,
                                const std::optional<Sha256Digest>& artifact) {
  if (const formats::DsseEnvelope* env = bundle.dsse()) {
    if (!key.verify(formats::dsse_pae(env->payload_type, env->payload), env->signatures.front().sig).ok())
      return bundle_rejected("the DSSE signature does not verify with the signer's key");
    return {};
  }
  const formats::MessageSignature& message = *bundle.message_signature();
  if (!artifact)
    return make_error(ErrorCode::kInvalidArgument,
                      "a message-signature bundle needs the artifact (a file or sha256:<hex>)");
  if (message.message_digest) {
    const formats::MessageDigest& md = *message.message_digest;
    if (md.algorithm != "SHA2_256")
      return bundle_rejected("messageDigest algorithm '" + md.algorithm + "' is not SHA2_256");
    Sha256Digest recorded;
    if (md.digest.size() != recorded.bytes.size())
      return bundle_rejected("messageDigest is not a SHA-256 digest");
    std::copy(md.digest.begin(), md.digest.end(), recorded.bytes.begin());
    if (!digests_equal(recorded, *artifact))
      return bundle_rejected("messageDigest " + recorded.hex() + " is not the artifact's SHA-256 " +
                      artifact->hex());
  }
  Status signed_ok = key.verify_prehashed(artifact->bytes, message.signature);
  if (signed_ok.ok()) return {};
  if (signed_ok.error().code == ErrorCode::kUnsupported) return signed_ok;
  return bundle_rejected("the message signature does not verify over the artifact with the signer's key");
}

}  // namespace modelseal::sigstore
