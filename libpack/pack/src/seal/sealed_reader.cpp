// Decrypting a sealed bundle: one authenticated chunk at a time.
#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "archive/streaming_writer.hpp"
#include "seal/sealed_file.hpp"
#include "tree/async_hasher.hpp"

namespace modelseal {

struct SealedReader::State {
  fs::UniqueFd fd;
  SealedInfo info;
  crypto::ChunkOpener opener;
  // SHA-256 of the plaintext on another thread, fed a block of chunks at a time.
  std::unique_ptr<tree::AsyncHasher> hasher;
  std::span<uint8_t> hash_block;
  size_t hash_fill = 0;
  std::vector<uint8_t> sealed_chunk;  // ciphertext || tag being read
  std::vector<uint8_t> plain;         // authenticated plaintext not yet handed out
  size_t plain_pos = 0;
  uint64_t plain_done = 0;  // plaintext bytes decrypted so far
  bool ended = false;
  std::optional<Error> failure;

  Error tampered(const std::string& what) const {
    return make_error(ErrorCode::kTampered, info.path.string() + ": " + what);
  }

  // Decrypts the next chunk into `plain`; for the last one, runs the end checks first.
  Status next_chunk() {
    const uint64_t index = opener.next_index();
    const uint64_t remaining = info.header.bundle_size - plain_done;
    const bool last = remaining <= crypto::kChunkBytes;
    const size_t plain_bytes = last ? static_cast<size_t>(remaining) : crypto::kChunkBytes;
    sealed_chunk.resize(plain_bytes + crypto::kTagBytes);
    MS_ASSIGN_OR_RETURN(size_t got, fs::read_full(fd.get(), sealed_chunk, info.path));
    if (got != sealed_chunk.size())
      return tampered("truncated in chunk " + std::to_string(index));
    auto opened = opener.open(sealed_chunk, last);
    if (!opened.ok()) return tampered(opened.error().detail);
    plain = std::move(opened).value();
    plain_pos = 0;
    plain_done += plain.size();
    to_hasher(plain);
    if (last) {
      Status end = check_end(index);
      if (!end.ok()) {
        std::fill(plain.begin(), plain.end(), uint8_t{0});
        plain.clear();
        return end;
      }
      ended = true;
    }
    return {};
  }

  void to_hasher(std::span<const uint8_t> bytes) {
    while (!bytes.empty()) {
      if (hash_block.empty()) {
        hash_block = hasher->acquire();
        hash_fill = 0;
      }
      const size_t n = std::min(bytes.size(), hash_block.size() - hash_fill);
      std::memcpy(hash_block.data() + hash_fill, bytes.data(), n);
      hash_fill += n;
      bytes = bytes.subspan(n);
      if (hash_fill == hash_block.size()) submit_block();
    }
  }

  void submit_block() {
    if (hash_block.empty()) return;
    hasher->submit(hash_fill);
    hash_block = {};
  }

  Status check_end(uint64_t index) {
    uint8_t extra = 0;
    MS_ASSIGN_OR_RETURN(size_t more, fs::read_some(fd.get(), {&extra, 1}, info.path));
    if (more != 0) return tampered("bytes follow the last chunk " + std::to_string(index));
    submit_block();
    MS_ASSIGN_OR_RETURN(Sha256Digest actual, hasher->finish());
    if (!digests_equal(actual, info.header.bundle_sha256))
      return tampered("decrypted bundle does not match bundle.sha256 (chunk " +
                      std::to_string(index) + " was the last)");
    return {};
  }
};

SealedReader::SealedReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
SealedReader::~SealedReader() {
  if (state_ && !state_->hash_block.empty()) state_->hasher->submit(0);
}

Result<std::unique_ptr<SealedReader>> SealedReader::open(const std::filesystem::path& sealed,
                                                         const SecretBytes& data_key) {
  MS_ASSIGN_OR_RETURN(seal::OpenedSealed opened, seal::open_sealed_file(sealed));
  crypto::StreamSalt salt;
  std::copy(opened.info.header.salt.begin(), opened.info.header.salt.end(), salt.begin());
  MS_ASSIGN_OR_RETURN(crypto::ChunkOpener opener,
                      crypto::ChunkOpener::create(data_key, salt,
                                                  {opened.info.header.version, opened.info.chunk_digest,
                                                   opened.info.header_digest}));
  auto hasher = std::make_unique<tree::AsyncHasher>();
  MS_TRY(hasher->begin());
  ::posix_fadvise(opened.fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  auto state = std::make_unique<State>(State{std::move(opened.fd), std::move(opened.info),
                                             std::move(opener), std::move(hasher), {}, 0, {}, {},
                                             0, 0, false, std::nullopt});
  return std::unique_ptr<SealedReader>(new SealedReader(std::move(state)));
}

const SealedInfo& SealedReader::info() const { return state_->info; }

Result<size_t> SealedReader::read(std::span<uint8_t> out) {
  State& s = *state_;
  if (s.failure) return *s.failure;
  if (out.empty()) return size_t{0};
  if (s.plain_pos == s.plain.size()) {
    if (s.ended) return size_t{0};
    Status next = s.next_chunk();
    if (!next.ok()) {
      s.failure = next.error();
      return next.error();
    }
  }
  const size_t n = std::min(out.size(), s.plain.size() - s.plain_pos);
  std::memcpy(out.data(), s.plain.data() + s.plain_pos, n);
  s.plain_pos += n;
  return n;
}

Result<SealedInfo> unseal_to_file(const std::filesystem::path& sealed, const SecretBytes& data_key,
                                  const std::filesystem::path& output, bool overwrite) {
  MS_ASSIGN_OR_RETURN(std::unique_ptr<SealedReader> reader, SealedReader::open(sealed, data_key));
  MS_ASSIGN_OR_RETURN(fs::AtomicFile out, fs::AtomicFile::create(output, overwrite, 0600));
  archive::StreamingWriter writer(out);
  std::vector<uint8_t> buffer(crypto::kChunkBytes);
  for (;;) {
    MS_ASSIGN_OR_RETURN(size_t n, reader->read(buffer));
    if (n == 0) break;
    MS_TRY(writer.write(std::span(buffer).first(n)));
  }
  MS_TRY(writer.finish());
  MS_TRY(out.commit());
  return reader->info();
}

}  // namespace modelseal
