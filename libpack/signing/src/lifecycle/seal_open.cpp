// seal_into_keystore and open_sealed: the keystore's data key around the
// sealed format, and extraction that streams straight out of the decryptor.
// An open is logged ("opened") before its plaintext is released: an open that
// cannot be logged leaves no decrypted file behind.
#include <filesystem>

#include "archive/archive_reader.hpp"
#include "archive/background_writer.hpp"
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

// The decrypted bytes for the archive reader; with `copy`, each also written to the plain
// bundle being opened (uncommitted until every check passed), so both come from one pass.
class SealedStream : public archive::ByteStream {
 public:
  SealedStream(SealedReader& reader, archive::BackgroundWriter* copy) : reader_(reader), copy_(copy) {}
  Result<size_t> read(std::span<uint8_t> buffer) override {
    MS_ASSIGN_OR_RETURN(size_t n, reader_.read(buffer));
    if (copy_ != nullptr && n > 0) MS_TRY(copy_->write(buffer.first(n)));
    return n;
  }

  // Reads the decryptor to its end, so its final checks (length, SHA-256 of the whole
  // bundle) run, and the copy is whole, even when the archive reader stopped early.
  Status drain() {
    std::vector<uint8_t> buffer(1 << 16);
    for (;;) {
      MS_ASSIGN_OR_RETURN(size_t n, read(buffer));
      if (n == 0) return {};
    }
  }

 private:
  SealedReader& reader_;
  archive::BackgroundWriter* copy_;
};

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
  auto sealed = seal_bundle(
      {o.bundle, o.output, &key.key, key.key_id, o.keystore->id(), o.overwrite, o.progress,
       o.threads});
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

  // One pass: decrypt, verify every file (and extract them), write the plain bundle.
  std::optional<fs::AtomicFile> plain_out;
  if (o.bundle_out) {
    MS_ASSIGN_OR_RETURN(fs::AtomicFile created, fs::AtomicFile::create(*o.bundle_out, o.overwrite, 0600));
    plain_out.emplace(std::move(created));
  }
  MS_ASSIGN_OR_RETURN(auto reader, SealedReader::open(o.sealed, data_key));
  if (!digests_equal(reader->info().header_digest, info.header_digest))
    return make_error(ErrorCode::kTampered, o.sealed.string() + ": the sealed file changed while it was opened");
  std::optional<archive::BackgroundWriter> plain_writer;  // writes on its own thread
  if (plain_out) plain_writer.emplace(*plain_out, size_t{1} << 20);
  SealedStream stream(*reader, plain_writer ? &*plain_writer : nullptr);
  MS_ASSIGN_OR_RETURN(auto archive, archive::ArchiveReader::open(stream, o.sealed));
  // Runs once every file matched: nothing decrypted is released before it passed.
  bool plain_committed = false;
  auto before_release = [&](const bundle::Manifest& manifest) -> Status {
    MS_TRY(stream.drain());
    if (bundle::serialize_manifest(manifest) != info.header.manifest_json)
      return make_error(ErrorCode::kTampered,
                        o.sealed.string() + ": the bundle inside is not the one the header describes");
    if (plain_writer) MS_TRY(plain_writer->finish());  // every byte written before the log says so
    MS_TRY(o.keystore->record_opened(info.header.key_id));
    if (plain_out) MS_TRY(plain_out->commit());
    plain_committed = plain_out.has_value();
    return {};
  };
  if (o.extract_to) {
    auto extracted =
        bundle::extract_bundle_stream(*archive, o.sealed, *o.extract_to, o.read, before_release);
    if (!extracted.ok() && plain_committed) {
      std::error_code ec;  // the folder failed to move into place after the bundle did
      stdfs::remove(*o.bundle_out, ec);
    }
    return extracted;
  }
  bundle::IgnoreBytes ignore_bytes;
  MS_ASSIGN_OR_RETURN(bundle::StreamResult verified,
                      bundle::stream_bundle(*archive, o.sealed, o.read, ignore_bytes));
  if (!verified.complete || !verified.metadata)
    return make_error(ErrorCode::kCorrupt, o.sealed.string() + ": bundle did not verify completely");
  MS_TRY(before_release(verified.manifest));
  return bundle::verified_content(verified.manifest, std::move(*verified.metadata));
}

}  // namespace modelseal
