#include "tree/async_hasher.hpp"

namespace modelseal::tree {

AsyncHasher::AsyncHasher()
    : worker_(kBuffers, kBufferBytes, [this](std::span<const uint8_t> bytes) -> Status {
        if (!hasher_) return make_error(ErrorCode::kInternal, "AsyncHasher: no digest begun");
        return hasher_->update(bytes);
      }) {}

Status AsyncHasher::begin() {
  MS_ASSIGN_OR_RETURN(Sha256 fresh, Sha256::create());
  (void)worker_.drain();  // idle, whatever a previous digest left
  worker_.clear_error();
  hasher_.emplace(std::move(fresh));
  return {};
}

Result<Sha256Digest> AsyncHasher::finish() {
  MS_TRY(worker_.drain());
  if (!hasher_) return make_error(ErrorCode::kInternal, "AsyncHasher: finish() without begin()");
  auto digest = hasher_->finish();
  hasher_.reset();
  return digest;
}

}  // namespace modelseal::tree
