// Read-only views of a bundle: inspect, verify, digest.
#include "bundle/bundle_stream.hpp"

namespace modelseal {

Result<BundleInfo> inspect_bundle(const std::filesystem::path& bundle, const ReadLimits& limits) {
  bundle::EntryVisitor ignore_bytes;
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
  bundle::EntryVisitor ignore_bytes;
  MS_ASSIGN_OR_RETURN(bundle::StreamResult r, bundle::stream_bundle(bundle, options, ignore_bytes));
  return bundle::verified_content(r.manifest, std::move(*r.metadata));
}

Result<Sha256Digest> read_bundle_digest(const std::filesystem::path& bundle, const ReadLimits& limits) {
  bundle::EntryVisitor ignore_bytes;
  MS_ASSIGN_OR_RETURN(bundle::StreamResult r,
                      bundle::stream_bundle(bundle, ReadOptions{limits, 1, {}}, ignore_bytes,
                                            bundle::StopAfter::kManifest));
  return r.manifest.content_digest;
}

}  // namespace modelseal
