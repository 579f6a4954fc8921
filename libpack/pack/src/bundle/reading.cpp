// Read-only views of a bundle: inspect, verify, digest (verified or manifest only).
#include "bundle/bundle_stream.hpp"
#include "bundle/hashed_read.hpp"
#include "formats/bundle_toml/model_card.hpp"
#include "modelseal/sealed.hpp"

namespace modelseal {

namespace {

// A sealed bundle describes itself in its plaintext header (specs/sealed-bundle-v1.md §1.1).
Result<BundleInfo> inspect_sealed(const std::filesystem::path& sealed, const ReadLimits& limits) {
  MS_ASSIGN_OR_RETURN(SealedInfo info, read_sealed_info(sealed));
  MS_ASSIGN_OR_RETURN(bundle::Manifest manifest,
                      bundle::parse_manifest(info.header.manifest_json, sealed.string(), limits));
  std::string card = formats::render_model_card_markdown(info.metadata);
  return BundleInfo{manifest.name, manifest.version, manifest.content_digest,
                    std::move(manifest.files), std::move(info.metadata), std::move(card)};
}

}  // namespace

Result<BundleInfo> inspect_bundle(const std::filesystem::path& bundle, const ReadLimits& limits) {
  if (is_sealed_bundle(bundle)) return inspect_sealed(bundle, limits);
  bundle::IgnoreBytes ignore_bytes;
  MS_ASSIGN_OR_RETURN(bundle::StreamResult r,
                      bundle::stream_bundle(bundle, ReadOptions{limits, 1, {}}, ignore_bytes,
                                            bundle::StopAfter::kMetadata));
  if (!r.metadata)
    return make_error(ErrorCode::kCorrupt, bundle.string() + ": bundle.toml is missing");
  return BundleInfo{r.manifest.name, r.manifest.version, r.manifest.content_digest,
                    std::move(r.manifest.files), std::move(*r.metadata),
                    std::move(r.model_card_markdown)};
}

Result<VerifiedContent> verify_bundle(const std::filesystem::path& bundle, const ReadOptions& options) {
  bundle::IgnoreBytes ignore_bytes;
  MS_ASSIGN_OR_RETURN(bundle::StreamResult r, bundle::stream_bundle(bundle, options, ignore_bytes));
  return bundle::verified_content(r.manifest, std::move(*r.metadata));
}

Result<VerifiedArchive> verify_and_hash_bundle(const std::filesystem::path& bundle,
                                               const ReadOptions& options) {
  MS_ASSIGN_OR_RETURN(bundle::OpenedBundleFile file, bundle::open_bundle_file(bundle));
  bundle::IgnoreBytes ignore_bytes;
  MS_ASSIGN_OR_RETURN(bundle::HashedStream read,
                      bundle::verify_and_hash(file, bundle, options, ignore_bytes));
  return VerifiedArchive{bundle::verified_content(read.stream.manifest, std::move(*read.stream.metadata)),
                         read.sha256, file.size};
}

Result<Sha256Digest> read_bundle_digest(const std::filesystem::path& bundle, const ReadOptions& options) {
  if (is_sealed_bundle(bundle)) return read_manifest_digest(bundle, options.limits);
  MS_ASSIGN_OR_RETURN(VerifiedContent verified, verify_bundle(bundle, options));
  return verified.content_digest;
}

Result<Sha256Digest> read_manifest_digest(const std::filesystem::path& bundle, const ReadLimits& limits) {
  if (is_sealed_bundle(bundle)) {
    MS_ASSIGN_OR_RETURN(SealedInfo info, read_sealed_info(bundle));
    return info.header.content_digest;
  }
  bundle::IgnoreBytes ignore_bytes;
  MS_ASSIGN_OR_RETURN(bundle::StreamResult r,
                      bundle::stream_bundle(bundle, ReadOptions{limits, 1, {}}, ignore_bytes,
                                            bundle::StopAfter::kManifest));
  return r.manifest.content_digest;
}

}  // namespace modelseal
