// Sealing in two reads of the bundle, the fewest the format allows (specs/sealed-bundle-v1.md
// §1.3): verify and hash it, then encrypt the same bytes chunk by chunk, hashing them again.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "archive/streaming_writer.hpp"
#include "bundle/hashed_read.hpp"
#include "seal/sealed_file.hpp"
#include "tree/async_hasher.hpp"
#include "tree/progress_meter.hpp"

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

Error changed(const std::filesystem::path& bundle) {
  return make_error(ErrorCode::kTampered, bundle.string() +
                                              ": the bundle changed while it was being sealed");
}

// Pass 1: one read of the file feeds both the whole-file SHA-256 and every check of
// verify_bundle (each file's digest on the hashing threads), bundle.toml kept as it passes.
struct VerifiedBundle {
  bundle::StreamResult stream;
  std::string bundle_toml;
  Sha256Digest sha256;
};

Result<VerifiedBundle> verify_and_capture_toml(const bundle::OpenedBundleFile& file,
                                              const std::filesystem::path& name,
                                              const ProgressFn& progress) {
  TomlCapture toml;
  ReadOptions read;
  read.progress = progress;
  MS_ASSIGN_OR_RETURN(bundle::HashedStream verified, bundle::verify_and_hash(file, name, read, toml));
  return VerifiedBundle{std::move(verified.stream), toml.text(), verified.sha256};
}

// Pass 2: encrypts exactly `size` bytes of `fd` into `out`, hashing them again on another
// thread; returns that SHA-256 (the caller compares it with pass 1's).
Result<Sha256Digest> encrypt_payload(int fd, uint64_t size, const std::filesystem::path& name,
                                     crypto::ChunkSealer& sealer, archive::StreamingWriter& out,
                                     tree::ProgressMeter& meter) {
  if (::lseek(fd, 0, SEEK_SET) != 0) return fs::errno_error(name, "seek", errno);
  static_assert(tree::AsyncHasher::kBufferBytes % crypto::kChunkBytes == 0);
  tree::AsyncHasher hasher;
  MS_TRY(hasher.begin());
  std::vector<uint8_t> sealed_block;
  sealed_block.reserve(tree::AsyncHasher::kBufferBytes / crypto::kChunkBytes * crypto::kSealedChunkBytes);
  uint64_t done = 0;
  while (done < size) {
    std::span<uint8_t> block = hasher.acquire();
    const size_t want = static_cast<size_t>(std::min<uint64_t>(block.size(), size - done));
    auto got = fs::read_full(fd, block.first(want), name);
    if (!got.ok() || *got != want) {
      hasher.submit(0);
      return got.ok() ? changed(name) : got.error();
    }
    sealed_block.clear();
    Status sealed_all;
    for (size_t at = 0; at < want && sealed_all.ok(); at += crypto::kChunkBytes) {
      const size_t n = std::min(crypto::kChunkBytes, want - at);
      auto sealed = sealer.seal(block.subspan(at, n), done + at + n == size);
      if (sealed.ok())
        sealed_block.insert(sealed_block.end(), sealed->begin(), sealed->end());
      else
        sealed_all = sealed.error();
    }
    hasher.submit(sealed_all.ok() ? want : 0);
    MS_TRY(sealed_all);
    MS_TRY(out.write(sealed_block));
    done += want;
    meter.add(want);
    meter.report();
  }
  uint8_t extra = 0;
  MS_ASSIGN_OR_RETURN(size_t more, fs::read_some(fd, {&extra, 1}, name));
  if (more != 0) return changed(name);
  return hasher.finish();
}

}  // namespace

Result<SealedInfo> seal_bundle_with_salt(const SealOptions& options, const crypto::StreamSalt& salt) {
  MS_TRY(check_options(options));
  const std::filesystem::path& input = options.bundle;
  MS_ASSIGN_OR_RETURN(bundle::OpenedBundleFile file, bundle::open_bundle_file(input));
  const uint64_t size = file.size;
  MS_ASSIGN_OR_RETURN(VerifiedBundle verified, verify_and_capture_toml(file, input, options.progress));
  const bundle::Manifest& manifest = verified.stream.manifest;
  formats::SealedHeader header;
  header.bundle_sha256 = verified.sha256;
  header.bundle_size = size;
  header.bundle_toml = std::move(verified.bundle_toml);
  header.content_digest = manifest.content_digest;
  header.key_id = options.key_id;
  header.keystore_id = options.keystore_id;
  header.manifest_json = bundle::serialize_manifest(manifest);
  header.model_name = manifest.name;
  header.model_version = manifest.version;
  header.salt = salt;
  MS_ASSIGN_OR_RETURN(std::string prefix, formats::encode_sealed_prefix(header));
  const std::span<const uint8_t> prefix_bytes(reinterpret_cast<const uint8_t*>(prefix.data()),
                                              prefix.size());
  // The header we write must pass the reader's own checks.
  MS_ASSIGN_OR_RETURN(SealedInfo info, check_sealed_prefix(prefix_bytes, options.output.string()));
  info.path = options.output;

  // Pass 2: encrypt, hashing the plaintext again; it must be the bytes verified. The format
  // needs this second read: every chunk's AAD is the header digest, which covers the whole
  // file's SHA-256, so no chunk can be encrypted before the last byte has been read once.
  MS_ASSIGN_OR_RETURN(crypto::ChunkSealer sealer,
                      crypto::ChunkSealer::create(*options.data_key, salt, info.header_digest));
  MS_ASSIGN_OR_RETURN(fs::AtomicFile out, fs::AtomicFile::create(options.output, options.overwrite));
  archive::StreamingWriter writer(out);
  MS_TRY(writer.write(prefix_bytes));
  tree::ProgressMeter meter(options.progress, "sealing", size);
  MS_ASSIGN_OR_RETURN(Sha256Digest sealed_sha,
                      encrypt_payload(file.fd.get(), size, input, sealer, writer, meter));
  if (!digests_equal(sealed_sha, verified.sha256)) return changed(input);
  MS_TRY(out.commit());
  meter.finish();
  return info;
}

}  // namespace modelseal::seal

namespace modelseal {

Result<SealedInfo> seal_bundle(const SealOptions& options) {
  MS_ASSIGN_OR_RETURN(crypto::StreamSalt salt, crypto::random_stream_salt());
  return seal::seal_bundle_with_salt(options, salt);
}

}  // namespace modelseal
