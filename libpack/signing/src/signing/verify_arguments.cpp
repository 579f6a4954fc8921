#include "signing/verify_arguments.hpp"

#include <filesystem>
#include <string>

#include "formats/kind/file_kind.hpp"
#include "signing/signed_content.hpp"

namespace modelseal::signing {
namespace {

namespace stdfs = std::filesystem;
using formats::FileKind;

Result<FileKind> kind_of(const stdfs::path& file) { return formats::sniff_file(file.string()); }

bool is_pem(FileKind kind) {
  return kind == FileKind::kPemPublicKey || kind == FileKind::kPemPrivateKey ||
         kind == FileKind::kPemCertificate || kind == FileKind::kPemOther;
}

// A JSON file named like a signature, or holding a Sigstore bundle or DSSE envelope: a model
// file may be JSON too (config.json).
bool looks_like_signature(const stdfs::path& file) {
  if (file.extension() == ".sig" || file.string().ends_with(".sigstore.json")) return true;
  auto head = formats::read_file_head(file.string());
  if (!head.ok()) return false;
  return head->find("\"mediaType\"") != std::string::npos || head->find("\"payloadType\"") != std::string::npos;
}

std::string kind_name(FileKind kind) { return std::string(formats::file_kind_name(kind)); }

Status check_target(const VerifyRequest& request, stdfs::file_status status) {
  const std::string target = request.target.string();
  if (!stdfs::is_regular_file(status)) return {};
  MS_ASSIGN_OR_RETURN(FileKind kind, kind_of(request.target));
  if (is_pem(kind))
    return make_error(ErrorCode::kInvalidArgument,
                      target + " is " + kind_name(kind) +
                          ", not a model: give the bundle, folder or file to verify, and keys with --key");
  if (kind == FileKind::kJson && request.signatures.empty() && looks_like_signature(request.target) &&
      !stdfs::exists(default_signature_path(request.target))) {
    std::string model = target;
    if (request.target.extension() == ".sig") model = (request.target.parent_path() / request.target.stem()).string();
    else model = "MODEL";
    return make_error(ErrorCode::kInvalidArgument,
                      target + " is " + kind_name(kind) + ", not a model: give the model it signs (modelseal verify " +
                          model + " --signature " + target + " ...)");
  }
  return {};
}

Status check_signature_file(const stdfs::path& signature) {
  std::error_code ec;
  if (!stdfs::is_regular_file(signature, ec)) return {};  // the verifier names what it is
  MS_ASSIGN_OR_RETURN(FileKind kind, kind_of(signature));
  if (kind == FileKind::kUnknown || kind == FileKind::kJson) return {};
  std::string what = signature.string() + " is " + kind_name(kind) +
                     ", not a signature (an OMS signature or Sigstore bundle, JSON)";
  if (is_pem(kind)) what += "; keys and certificates go with --key or --ca";
  if (kind == FileKind::kBundle || kind == FileKind::kSealedBundle) what += "; the model to verify comes first";
  return make_error(ErrorCode::kInvalidArgument, std::move(what));
}

}  // namespace

Status check_verify_arguments(const VerifyRequest& request) {
  std::error_code ec;
  const stdfs::file_status status = stdfs::symlink_status(request.target, ec);
  if (!stdfs::exists(status))
    return make_error(ErrorCode::kNotFound, request.target.string() + ": no such bundle, folder or file");
  MS_TRY(check_target(request, status));
  for (const stdfs::path& signature : request.signatures) MS_TRY(check_signature_file(signature));
  return {};
}

Status check_default_signature(const VerifyRequest& request) {
  if (request.integrity_only || !request.signatures.empty()) return {};
  std::error_code ec;
  const stdfs::file_status status = stdfs::symlink_status(request.target, ec);
  const stdfs::path signature = default_signature_path(request.target);
  if (stdfs::exists(stdfs::symlink_status(signature, ec))) return {};
  std::string what = request.target.string() + ": no signature: " + signature.string() + " does not exist; ";
  if (stdfs::is_directory(status))
    what += "sign the folder (modelseal sign " + request.target.string() +
            "), or name its signature with --signature FILE (an extracted bundle's signature is "
            "BUNDLE.sig, beside the bundle it came from)";
  else
    what += "name the signature with --signature FILE";
  return make_error(ErrorCode::kNotFound, std::move(what));
}

}  // namespace modelseal::signing
