// Sealing: verify the plain bundle, then encrypt the same bytes chunk by chunk.
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "bundle/bundle_stream.hpp"
#include "seal/sealed_file.hpp"
#include "tree/parallel_hash.hpp"

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

// SHA-256 of exactly `size` bytes from the start of `fd`, which must end there.
Result<Sha256Digest> hash_whole_file(int fd, uint64_t size, const std::filesystem::path& name) {
  if (::lseek(fd, 0, SEEK_SET) != 0) return fs::errno_error(name, "seek", errno);
  auto digest = tree::hash_fd(fd, name, size, nullptr);
  struct stat st {};
  if (!digest.ok() && ::fstat(fd, &st) == 0 && static_cast<uint64_t>(st.st_size) != size)
    return changed(name);
  return digest;
}

// The verification pass reads the inode `fd` holds, not whatever the path names now.
std::filesystem::path path_of_open_file(int fd, const std::filesystem::path& fallback) {
  std::filesystem::path proc = "/proc/self/fd/" + std::to_string(fd);
  std::error_code ec;
  return std::filesystem::exists(proc, ec) ? proc : fallback;
}

std::string renamed_in(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Encrypts exactly `size` bytes of `fd` into `out`; returns the plaintext's SHA-256.
Result<Sha256Digest> encrypt_payload(int fd, uint64_t size, const std::filesystem::path& name,
                                     crypto::ChunkSealer& sealer, fs::AtomicFile& out) {
  if (::lseek(fd, 0, SEEK_SET) != 0) return fs::errno_error(name, "seek", errno);
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  std::vector<uint8_t> plain(crypto::kChunkBytes);
  uint64_t done = 0;
  while (done < size) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(crypto::kChunkBytes, size - done));
    MS_ASSIGN_OR_RETURN(size_t got, read_full(fd, std::span(plain).first(want), name));
    if (got != want) return changed(name);
    done += got;
    const std::span<const uint8_t> chunk = std::span(plain).first(got);
    MS_TRY(hasher.update(chunk));
    MS_ASSIGN_OR_RETURN(std::vector<uint8_t> sealed, sealer.seal(chunk, done == size));
    MS_TRY(out.write(sealed));
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
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(input));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fs::errno_error(input, "stat", errno);
  if (!S_ISREG(st.st_mode) || st.st_size <= 0)
    return make_error(ErrorCode::kInvalidArgument, input.string() + ": not a non-empty regular file");
  const auto size = static_cast<uint64_t>(st.st_size);

  // Pass 1: the bytes' digest, then every check of verify_bundle on the same inode.
  MS_ASSIGN_OR_RETURN(Sha256Digest verified_sha, hash_whole_file(fd.get(), size, input));
  TomlCapture toml;
  const std::filesystem::path verify_path = path_of_open_file(fd.get(), input);
  auto streamed = bundle::stream_bundle(verify_path, ReadOptions{}, toml);
  if (!streamed.ok())
    return make_error(streamed.error().code,
                      renamed_in(streamed.error().detail, verify_path.string(), input.string()));
  bundle::StreamResult& verified = streamed.value();
  if (!verified.complete || !verified.metadata)
    return make_error(ErrorCode::kCorrupt, input.string() + ": bundle did not verify completely");

  formats::SealedHeader header;
  header.bundle_sha256 = verified_sha;
  header.bundle_size = size;
  header.bundle_toml = toml.text();
  header.content_digest = verified.manifest.content_digest;
  header.key_id = options.key_id;
  header.keystore_id = options.keystore_id;
  header.manifest_json = bundle::serialize_manifest(verified.manifest);
  header.model_name = verified.manifest.name;
  header.model_version = verified.manifest.version;
  header.salt = salt;
  MS_ASSIGN_OR_RETURN(std::string prefix, formats::encode_sealed_prefix(header));
  const std::span<const uint8_t> prefix_bytes(reinterpret_cast<const uint8_t*>(prefix.data()),
                                              prefix.size());
  // The header we write must pass the reader's own checks.
  MS_ASSIGN_OR_RETURN(SealedInfo info, check_sealed_prefix(prefix_bytes, options.output.string()));
  info.path = options.output;

  // Pass 2: encrypt, hashing the plaintext again; it must be the bytes verified.
  MS_ASSIGN_OR_RETURN(crypto::ChunkSealer sealer,
                      crypto::ChunkSealer::create(*options.data_key, salt, info.header_digest));
  MS_ASSIGN_OR_RETURN(fs::AtomicFile out, fs::AtomicFile::create(options.output, options.overwrite));
  MS_TRY(out.write(prefix_bytes));
  MS_ASSIGN_OR_RETURN(Sha256Digest sealed_sha, encrypt_payload(fd.get(), size, input, sealer, out));
  if (!digests_equal(sealed_sha, verified_sha)) return changed(input);
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
