// Sealing in one read of the bundle (specs/sealed-bundle-v1.md §1.3, §1.4): the read that
// verifies it and hashes it whole also encrypts it, chunk by chunk; only the last chunk waits
// for the whole file's SHA-256, which its AAD (the header digest) covers.
#include <string>

#include "archive/background_writer.hpp"
#include "base/bytes.hpp"
#include "bundle/hashed_read.hpp"
#include "bundle/manifest.hpp"
#include "seal/encrypting_tap.hpp"
#include "seal/sealed_file.hpp"

namespace modelseal::seal {
namespace {

// Keeps the bytes of bundle.toml as they stream by during verification.
class TomlCapture final : public bundle::EntryVisitor {
 public:
  Status begin_file(const FileRecord& f) override {
    capturing_ = f.path == kBundleTomlPath;
    return {};
  }
  Status file_data(std::span<const uint8_t> data) override {
    if (capturing_) text_.append(reinterpret_cast<const char*>(data.data()), data.size());
    return {};
  }
  const std::string& text() const { return text_; }

 private:
  bool capturing_ = false;
  std::string text_;
};

Status check_options(const SealOptions& o) {
  if (o.data_key == nullptr || o.data_key->size() != kSealedDataKeyBytes)
    return make_error(ErrorCode::kInvalidArgument,
                      "seal: the data key must be " + std::to_string(kSealedDataKeyBytes) + " bytes");
  if (!formats::is_sealed_key_id(o.key_id))
    return make_error(ErrorCode::kInvalidArgument, "seal: key id is not dk-<32 lowercase hex>");
  if (!formats::is_sealed_keystore_id(o.keystore_id))
    return make_error(ErrorCode::kInvalidArgument, "seal: keystore id is not ks-<32 lowercase hex>");
  if (o.bundle.empty() || o.output.empty())
    return make_error(ErrorCode::kInvalidArgument, "seal: bundle and output paths are required");
  return {};
}

// The header's parts the payload does not decide: the manifest and bundle.toml, read from the
// bundle's first entries (the one read checks later that they are the bundle's).
struct HeaderParts {
  bundle::Manifest manifest;
  std::string bundle_toml;
};

Result<HeaderParts> read_header_parts(const std::filesystem::path& input) {
  TomlCapture toml;
  MS_ASSIGN_OR_RETURN(bundle::StreamResult front,
                      bundle::stream_bundle(input, ReadOptions{{}, 1, {}}, toml,
                                            bundle::StopAfter::kMetadata));
  if (!front.metadata)
    return make_error(ErrorCode::kCorrupt, input.string() + ": bundle.toml is missing");
  return HeaderParts{std::move(front.manifest), toml.text()};
}

formats::SealedHeader header_for(const SealOptions& o, const HeaderParts& parts, uint64_t size,
                                 const crypto::StreamSalt& salt) {
  formats::SealedHeader header;
  header.bundle_size = size;  // bundle_sha256 stays zero until the read has hashed the file
  header.bundle_toml = parts.bundle_toml;
  header.content_digest = parts.manifest.content_digest;
  header.key_id = o.key_id;
  header.keystore_id = o.keystore_id;
  header.manifest_json = bundle::serialize_manifest(parts.manifest);
  header.model_name = parts.manifest.name;
  header.model_version = parts.manifest.version;
  header.salt = salt;
  return header;
}

Result<std::string> checked_prefix(const formats::SealedHeader& header, const SealOptions& o,
                                   SealedInfo& info) {
  MS_ASSIGN_OR_RETURN(std::string prefix, formats::encode_sealed_prefix(header));
  // The header we write must pass the reader's own checks.
  MS_ASSIGN_OR_RETURN(info, check_sealed_prefix({reinterpret_cast<const uint8_t*>(prefix.data()),
                                                 prefix.size()},
                                                o.output.string()));
  info.path = o.output;
  return prefix;
}

}  // namespace

Result<SealedInfo> seal_bundle_with_salt(const SealOptions& options, const crypto::StreamSalt& salt) {
  MS_TRY(check_options(options));
  const std::filesystem::path& input = options.bundle;
  MS_ASSIGN_OR_RETURN(bundle::OpenedBundleFile file, bundle::open_bundle_file(input));
  const uint64_t size = file.size;
  MS_ASSIGN_OR_RETURN(HeaderParts parts, read_header_parts(input));
  const formats::SealedHeader header = header_for(options, parts, size, salt);
  SealedInfo info;
  MS_ASSIGN_OR_RETURN(std::string provisional, checked_prefix(header, options, info));

  MS_ASSIGN_OR_RETURN(crypto::ChunkSealer sealer,
                      crypto::ChunkSealer::create(*options.data_key, salt,
                                                  {header.version, info.chunk_digest, std::nullopt}));
  MS_ASSIGN_OR_RETURN(fs::AtomicFile out, fs::AtomicFile::create(options.output, options.overwrite));
  // Nobody reads a sealed file soon after sealing: its bytes bypass the page cache.
  archive::BackgroundWriter writer(out, EncryptingTap::kWriteBytes, archive::StreamingWriter::Cache::kBypass);
  MS_TRY(writer.write(bytes_of(provisional)));
  EncryptingTap tap(size, input, sealer, writer);
  TomlCapture toml;
  ReadOptions read;
  read.threads = options.threads;
  if (options.progress)  // the one read verifies, hashes and encrypts: the user sees "sealing"
    read.progress = [report = options.progress](Progress p) {
      p.phase = "sealing";
      report(p);
    };
  auto verified = bundle::verify_and_hash(file, input, read, toml, &tap);
  if (!verified.ok()) return tap.failure() ? *tap.failure() : verified.error();
  if (bundle::serialize_manifest(verified->stream.manifest) != header.manifest_json ||
      toml.text() != header.bundle_toml)
    return bundle_changed_while_sealed(input);

  // The final header is the checked provisional one with bundle.sha256's digits in place, so H0
  // (chunk_digest) is unchanged and only H is new.
  const std::string digits = verified->sha256.hex();
  std::string prefix = std::move(provisional);
  prefix.replace(formats::kSealedBundleSha256Offset, digits.size(), digits);
  info.header.bundle_sha256 = verified->sha256;
  MS_ASSIGN_OR_RETURN(info.header_digest, sha256_of(bytes_of(prefix)));
  MS_TRY(tap.finish(info.header_digest));
  MS_TRY(out.write_at(bytes_of(digits), formats::kSealedBundleSha256Offset));
  MS_TRY(out.commit());
  return info;
}

}  // namespace modelseal::seal

namespace modelseal {

Result<SealedInfo> seal_bundle(const SealOptions& options) {
  MS_ASSIGN_OR_RETURN(crypto::StreamSalt salt, crypto::random_stream_salt());
  return seal::seal_bundle_with_salt(options, salt);
}

}  // namespace modelseal
