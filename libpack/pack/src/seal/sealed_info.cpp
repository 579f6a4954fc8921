// Keyless checks of a sealed file: magic, header, manifest, payload length.
#include <sys/stat.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bundle/bundle_stream.hpp"
#include "bundle/manifest.hpp"
#include "seal/sealed_file.hpp"

namespace modelseal::seal {
namespace {

Error tampered(std::string_view source, const std::string& what) {
  return make_error(ErrorCode::kTampered, std::string(source) + ": " + what);
}

// The manifest is valid, the header repeats it, and bundle_toml is its bundle.toml entry.
Result<BundleMetadata> check_against_manifest(const formats::SealedHeader& h, std::string_view source) {
  MS_ASSIGN_OR_RETURN(bundle::Manifest manifest, bundle::parse_manifest(h.manifest_json, source, {}));
  MS_TRY(bundle::check_reserved_entries(manifest, source));
  if (!digests_equal(manifest.content_digest, h.content_digest) || manifest.name != h.model_name ||
      manifest.version != h.model_version)
    return tampered(source, "sealed header: content digest or model differs from the manifest's");
  auto toml_entry = std::find_if(manifest.files.begin(), manifest.files.end(),
                                 [](const FileRecord& f) { return f.path == kBundleTomlPath; });
  MS_ASSIGN_OR_RETURN(Sha256Digest toml_digest,
                      sha256_of({reinterpret_cast<const uint8_t*>(h.bundle_toml.data()),
                                 h.bundle_toml.size()}));
  if (toml_entry == manifest.files.end() || toml_entry->size != h.bundle_toml.size() || !digests_equal(toml_entry->sha256, toml_digest))
    return tampered(source, "sealed header: bundle_toml is not the manifest's " +
                                std::string(kBundleTomlPath));
  return bundle::parse_bundled_metadata(h.bundle_toml, manifest, source);
}

}  // namespace

Result<Sha256Digest> chunk_digest_of(std::span<const uint8_t> prefix, unsigned version) {
  if (version == 1) return sha256_of(prefix);
  constexpr size_t at = formats::kSealedBundleSha256Offset;
  constexpr size_t digits = formats::kSealedBundleSha256HexBytes;
  if (prefix.size() < at + digits)
    return make_error(ErrorCode::kCorrupt, "sealed header: too short for bundle.sha256");
  const std::vector<uint8_t> zeros(digits, uint8_t{'0'});
  MS_ASSIGN_OR_RETURN(Sha256 h0, Sha256::create());
  MS_TRY(h0.update(prefix.first(at)));
  MS_TRY(h0.update(zeros));
  MS_TRY(h0.update(prefix.subspan(at + digits)));
  return h0.finish();
}

Result<uint64_t> payload_bytes_for(uint64_t bundle_size, std::string_view source) {
  const uint64_t chunks = bundle_size / crypto::kChunkBytes + (bundle_size % crypto::kChunkBytes != 0);
  uint64_t tags = 0, total = 0;
  if (__builtin_mul_overflow(chunks, uint64_t{crypto::kTagBytes}, &tags) ||
      __builtin_add_overflow(bundle_size, tags, &total))
    return make_error(ErrorCode::kCorrupt, std::string(source) + ": sealed header: bundle.size " +
                                               std::to_string(bundle_size) + " is impossible");
  return total;
}

Result<SealedInfo> check_sealed_prefix(std::span<const uint8_t> prefix, std::string_view source) {
  auto length = formats::parse_sealed_prefix(prefix);
  if (!length.ok()) return with_context(length.error(), source);
  if (prefix.size() - formats::kSealedPrefixBytes != *length)
    return make_error(ErrorCode::kCorrupt, std::string(source) + ": sealed header is truncated");
  const std::span<const uint8_t> text = prefix.subspan(formats::kSealedPrefixBytes);
  auto header = formats::parse_sealed_header(
      {reinterpret_cast<const char*>(text.data()), text.size()});
  if (!header.ok()) return with_context(header.error(), source);
  MS_TRY(payload_bytes_for(header->bundle_size, source));
  SealedInfo info;
  if (header->version != formats::sealed_magic_version(prefix))
    return make_error(ErrorCode::kCorrupt, std::string(source) + ": sealed header: format " +
                                               formats::sealed_format_name(header->version) +
                                               " differs from the magic's version");
  MS_ASSIGN_OR_RETURN(info.metadata, check_against_manifest(*header, source));
  MS_ASSIGN_OR_RETURN(info.header_digest, sha256_of(prefix));
  MS_ASSIGN_OR_RETURN(info.chunk_digest, chunk_digest_of(prefix, header->version));
  info.header = std::move(header).value();
  return info;
}

Result<OpenedSealed> open_sealed_file(const std::filesystem::path& path) {
  const std::string source = path.string();
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(path));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fs::errno_error(path, "stat", errno);
  if (!S_ISREG(st.st_mode))
    return make_error(ErrorCode::kInvalidArgument, source + ": not a regular file");
  const auto file_size = static_cast<uint64_t>(st.st_size);

  std::vector<uint8_t> prefix(formats::kSealedPrefixBytes);
  MS_ASSIGN_OR_RETURN(size_t got, fs::read_full(fd.get(), prefix, path));
  prefix.resize(got);
  auto length = formats::parse_sealed_prefix(prefix);
  if (!length.ok()) return with_context(length.error(), source);
  if (file_size < formats::kSealedPrefixBytes + uint64_t{*length})
    return make_error(ErrorCode::kCorrupt, source + ": sealed header is truncated (" +
                                               std::to_string(*length) + " bytes declared)");
  prefix.resize(formats::kSealedPrefixBytes + *length);
  MS_ASSIGN_OR_RETURN(got, fs::read_full(fd.get(), std::span(prefix).subspan(formats::kSealedPrefixBytes),
                                     path));
  if (got != *length)
    return make_error(ErrorCode::kCorrupt, source + ": sealed header is truncated");
  MS_ASSIGN_OR_RETURN(SealedInfo info, check_sealed_prefix(prefix, source));
  info.path = path;

  MS_ASSIGN_OR_RETURN(uint64_t payload, payload_bytes_for(info.header.bundle_size, source));
  const uint64_t header_end = prefix.size();
  if (file_size - header_end != payload)
    return tampered(source, "payload has " + std::to_string(file_size - header_end) +
                                " bytes but bundle.size " + std::to_string(info.header.bundle_size) +
                                " implies " + std::to_string(payload) +
                                " (truncated or extended)");
  return OpenedSealed{std::move(fd), std::move(info), payload};
}

}  // namespace modelseal::seal

namespace modelseal {

bool is_sealed_bundle(const std::filesystem::path& path) {
  auto fd = fs::open_for_reading(path);
  if (!fd.ok()) return false;
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::vector<uint8_t> magic(formats::kSealedMagicBytes);
  auto got = fs::read_full(fd->get(), magic, path);
  return got.ok() && *got == magic.size() && formats::has_sealed_magic(magic);
}

Result<SealedInfo> read_sealed_info(const std::filesystem::path& sealed) {
  MS_ASSIGN_OR_RETURN(seal::OpenedSealed opened, seal::open_sealed_file(sealed));
  return std::move(opened.info);
}

}  // namespace modelseal
