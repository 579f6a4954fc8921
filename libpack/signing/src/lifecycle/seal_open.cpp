// seal_into_keystore and open_sealed: the keystore's data key around the
// sealed format, and extraction that streams straight out of the decryptor.
// An open is logged ("opened") before its plaintext is released: an open that
// cannot be logged leaves no decrypted file behind.
#include <filesystem>

#include "archive/archive_reader.hpp"
#include "bundle/bundle_stream.hpp"
#include "bundle/manifest.hpp"
#include "base/file_io.hpp"
#include "lifecycle/keystore_match.hpp"
#include "modelseal/lifecycle.hpp"
#include "signing/signed_content.hpp"

namespace modelseal {
namespace {

namespace stdfs = std::filesystem;

// Copies the bundle's detached signature beside the sealed file, if there is one.
Result<std::optional<stdfs::path>> copy_signature(const stdfs::path& bundle, const stdfs::path& sealed,
                                                  bool overwrite) {
  const stdfs::path from = signing::default_signature_path(bundle);
  std::error_code ec;
  if (!stdfs::exists(stdfs::symlink_status(from, ec))) return std::optional<stdfs::path>{};
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(from, size_t{16} << 20, fs::Links::kRefuse));
  const stdfs::path to = signing::default_signature_path(sealed);
  MS_TRY(fs::write_file_atomically(to, {reinterpret_cast<const uint8_t*>(text.data()), text.size()},
                                   overwrite));
  return std::optional<stdfs::path>{to};
}

class SealedStream : public archive::ByteStream {
 public:
  explicit SealedStream(SealedReader& reader) : reader_(reader) {}
  Result<size_t> read(std::span<uint8_t> buffer) override { return reader_.read(buffer); }

 private:
  SealedReader& reader_;
};

// Reads the decryptor to its end, so its final checks (length, SHA-256 of
// the whole bundle) run even when the archive reader stopped early.
Status drain(SealedReader& reader) {
  std::vector<uint8_t> buffer(1 << 16);
  for (;;) {
    MS_ASSIGN_OR_RETURN(size_t n, reader.read(buffer));
    if (n == 0) return {};
  }
}

Result<SecretBytes> data_key_for(keys::Keystore& keystore, const SealedInfo& info) {
  MS_TRY(lifecycle::check_same_keystore(keystore, info));
  auto key = keystore.unwrap(info.header.key_id);
  if (!key.ok())
    return with_context(key.error(), info.path.string());
  return std::move(key).value();
}

}  // namespace

Result<SealOutcome> seal_into_keystore(const SealIntoKeystoreOptions& o) {
  if (!o.keystore) return make_error(ErrorCode::kInvalidArgument, "seal: no keystore");
  if (is_sealed_bundle(o.bundle))
    return make_error(ErrorCode::kInvalidArgument, o.bundle.string() + ": is already sealed");
  MS_TRY(fs::check_output_path(o.output, o.overwrite));
  MS_ASSIGN_OR_RETURN(BundleInfo info, inspect_bundle(o.bundle));
  MS_ASSIGN_OR_RETURN(keys::NewDataKey key, o.keystore->create_data_key(
                                                {info.name, info.version, info.content_digest.prefixed()}));
  auto sealed = seal_bundle({o.bundle, o.output, &key.key, key.key_id, o.keystore->id(), o.overwrite});
  if (!sealed.ok()) {
    (void)o.keystore->forget_data_key(key.key_id);  // the sealing error is the one to report
    return sealed.error();
  }
  SealOutcome outcome{std::move(sealed).value(), std::nullopt};
  MS_ASSIGN_OR_RETURN(outcome.signature_copied, copy_signature(o.bundle, o.output, o.overwrite));
  return outcome;
}

Result<VerifiedContent> open_sealed(const OpenSealedOptions& o) {
  if (!o.keystore) return make_error(ErrorCode::kInvalidArgument, "open: no keystore");
  if (!o.extract_to && !o.bundle_out)
    return make_error(ErrorCode::kInvalidArgument, "open: name a folder (-C) or a bundle (-o) to write");
  if (o.bundle_out) MS_TRY(fs::check_output_path(*o.bundle_out, o.overwrite));
  MS_ASSIGN_OR_RETURN(SealedInfo info, read_sealed_info(o.sealed));
  // Also checks, under the keystore's lock, that the log can take the "opened" event.
  MS_ASSIGN_OR_RETURN(SecretBytes data_key, data_key_for(*o.keystore, info));

  auto remove_bundle_out = [&] {
    std::error_code ec;
    if (o.bundle_out) stdfs::remove(*o.bundle_out, ec);
  };
  std::optional<VerifiedContent> verified;
  if (o.bundle_out) {
    MS_TRY(unseal_to_file(o.sealed, data_key, *o.bundle_out, o.overwrite));
    auto plain = verify_bundle(*o.bundle_out, o.read);
    if (plain.ok() && !digests_equal(plain->content_digest, info.header.content_digest))
      plain = make_error(ErrorCode::kTampered,
                         o.sealed.string() + ": the bundle inside is not the one the header describes");
    if (!plain.ok()) {
      std::error_code ec;
      stdfs::remove(*o.bundle_out, ec);
      return plain.error();
    }
    verified = std::move(plain).value();
  }
  if (o.extract_to) {
    MS_ASSIGN_OR_RETURN(auto reader, SealedReader::open(o.sealed, data_key));
    SealedStream stream(*reader);
    MS_ASSIGN_OR_RETURN(auto archive, archive::ArchiveReader::open(stream, o.sealed));
    auto before_commit = [&](const bundle::Manifest& manifest) -> Status {
      MS_TRY(drain(*reader));
      if (bundle::serialize_manifest(manifest) != info.header.manifest_json)
        return make_error(ErrorCode::kTampered,
                          o.sealed.string() + ": the bundle inside is not the one the header describes");
      return o.keystore->record_opened(info.header.key_id);  // before the folder moves into place
    };
    auto extracted =
        bundle::extract_bundle_stream(*archive, o.sealed, *o.extract_to, o.read, before_commit);
    if (!extracted.ok()) {
      remove_bundle_out();
      return extracted.error();
    }
    return std::move(extracted).value();
  }
  if (auto logged = o.keystore->record_opened(info.header.key_id); !logged.ok()) {
    remove_bundle_out();
    return logged.error();
  }
  return std::move(*verified);
}

}  // namespace modelseal
