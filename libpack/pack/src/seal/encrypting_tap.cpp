#include "seal/encrypting_tap.hpp"

#include <algorithm>

namespace modelseal::seal {

Error bundle_changed_while_sealed(const std::filesystem::path& bundle) {
  return make_error(ErrorCode::kTampered, bundle.string() +
                                              ": the bundle changed while it was being sealed");
}

EncryptingTap::EncryptingTap(uint64_t size, const std::filesystem::path& input,
                             crypto::ChunkSealer& sealer, archive::BackgroundWriter& out)
    : size_(size), last_start_(size == 0 ? 0 : (size - 1) / crypto::kChunkBytes * crypto::kChunkBytes),
      input_(input), sealer_(sealer), out_(out) {}

Status EncryptingTap::bytes_read(std::span<const uint8_t> bytes) {
  if (failure_) return *failure_;
  Status taken = take(bytes);
  if (!taken.ok()) failure_ = taken.error();
  return taken;
}

Status EncryptingTap::finish(const Sha256Digest& header_digest) {
  if (failure_) return *failure_;
  if (size_ == 0 || seen_ != size_ || !partial_.empty()) return bundle_changed_while_sealed(input_);
  sealer_.bind_last_chunk(header_digest);
  std::span<uint8_t> buffer = out_.acquire();
  const size_t n = last_.size() + crypto::kTagBytes;
  if (Status sealed = sealer_.seal_into(last_, true, buffer.first(n)); !sealed.ok()) {
    (void)out_.submit(0);
    return sealed;
  }
  MS_TRY(out_.submit(n));
  return out_.finish();
}

Status EncryptingTap::take(std::span<const uint8_t> bytes) {
  if (bytes.size() > size_ - seen_) return bundle_changed_while_sealed(input_);
  while (!bytes.empty() && seen_ < last_start_) {
    const size_t n = std::min(bytes.size(), crypto::kChunkBytes - partial_.size());
    if (partial_.empty() && n == crypto::kChunkBytes) {
      MS_TRY(seal_chunk(bytes.first(n)));
    } else {
      partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(n));
      if (partial_.size() == crypto::kChunkBytes) {
        MS_TRY(seal_chunk(partial_));
        partial_.clear();
      }
    }
    seen_ += n;
    bytes = bytes.subspan(n);
  }
  last_.insert(last_.end(), bytes.begin(), bytes.end());
  seen_ += bytes.size();
  return submit_buffer();
}

Status EncryptingTap::seal_chunk(std::span<const uint8_t> plain) {
  if (buffer_.size() - used_ < crypto::kSealedChunkBytes) MS_TRY(submit_buffer());
  if (buffer_.empty()) buffer_ = out_.acquire();
  MS_TRY(sealer_.seal_into(plain, false, buffer_.subspan(used_, crypto::kSealedChunkBytes)));
  used_ += crypto::kSealedChunkBytes;
  return {};
}

Status EncryptingTap::submit_buffer() {
  if (buffer_.empty()) return {};
  const size_t n = used_;
  buffer_ = {};
  used_ = 0;
  return out_.submit(n);
}

}  // namespace modelseal::seal
