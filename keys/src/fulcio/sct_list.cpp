#include "fulcio/sct_list.hpp"

#include <algorithm>
#include <string>

#include "fulcio/fulcio.hpp"

namespace modelseal::keys {
namespace {

Error corrupt_sct_list(std::string detail) {
  return make_error(ErrorCode::kCorrupt, "embedded SCT list: " + std::move(detail));
}

// Big-endian reads that fail instead of running past the end.
class TlsReader {
 public:
  explicit TlsReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool empty() const { return bytes_.empty(); }

  bool read_uint(size_t width, uint64_t& out) {
    if (bytes_.size() < width) return false;
    out = 0;
    for (size_t i = 0; i < width; ++i) out = (out << 8) | bytes_[i];
    bytes_ = bytes_.subspan(width);
    return true;
  }

  bool read_bytes(size_t n, std::span<const uint8_t>& out) {
    if (bytes_.size() < n) return false;
    out = bytes_.first(n);
    bytes_ = bytes_.subspan(n);
    return true;
  }

  // A uint16-length-prefixed vector.
  bool read_vector16(std::span<const uint8_t>& out) {
    uint64_t len = 0;
    return read_uint(2, len) && read_bytes(static_cast<size_t>(len), out);
  }

 private:
  std::span<const uint8_t> bytes_;
};

Result<EmbeddedSct> parse_sct(std::span<const uint8_t> bytes) {
  TlsReader in(bytes);
  EmbeddedSct sct;
  uint64_t version = 0;
  if (!in.read_uint(1, version)) return corrupt_sct_list("empty SCT");
  sct.version = static_cast<uint8_t>(version);
  if (sct.version != kSctVersionV1) return sct;  // unknown versions are skipped, not parsed
  std::span<const uint8_t> log_id, extensions, signature;
  uint64_t hash = 0, algorithm = 0;
  if (!in.read_bytes(kCtLogIdBytes, log_id) || !in.read_uint(8, sct.timestamp_ms) ||
      !in.read_vector16(extensions) || !in.read_uint(1, hash) || !in.read_uint(1, algorithm) ||
      !in.read_vector16(signature))
    return corrupt_sct_list("truncated SCT");
  if (!in.empty()) return corrupt_sct_list("trailing bytes after an SCT");
  if (signature.empty()) return corrupt_sct_list("SCT with an empty signature");
  if (sct.timestamp_ms > kMaxSctTimestampMs)
    return corrupt_sct_list("SCT timestamp " + std::to_string(sct.timestamp_ms) + " ms is out of range");
  std::copy(log_id.begin(), log_id.end(), sct.log_id.begin());
  sct.extensions.assign(extensions.begin(), extensions.end());
  sct.hash_algorithm = static_cast<uint8_t>(hash);
  sct.signature_algorithm = static_cast<uint8_t>(algorithm);
  sct.signature.assign(signature.begin(), signature.end());
  return sct;
}

}  // namespace

Result<std::vector<EmbeddedSct>> parse_sct_list(std::span<const uint8_t> tls_bytes) {
  TlsReader outer(tls_bytes);
  std::span<const uint8_t> list;
  if (!outer.read_vector16(list)) return corrupt_sct_list("truncated list length");
  if (!outer.empty()) return corrupt_sct_list("trailing bytes after the list");
  if (list.empty()) return corrupt_sct_list("no SCT in the list");
  TlsReader in(list);
  std::vector<EmbeddedSct> out;
  while (!in.empty()) {
    if (out.size() >= kMaxEmbeddedScts)
      return make_error(ErrorCode::kLimitExceeded, "embedded SCT list: more than " +
                                                       std::to_string(kMaxEmbeddedScts) + " SCTs");
    std::span<const uint8_t> serialized;
    if (!in.read_vector16(serialized)) return corrupt_sct_list("truncated SCT length");
    MS_ASSIGN_OR_RETURN(EmbeddedSct sct, parse_sct(serialized));
    out.push_back(std::move(sct));
  }
  return out;
}

}  // namespace modelseal::keys
