// Key files: the private key (PKCS#8 PEM, mode 0600) and its public key (SPKI
// PEM, mode 0644), written atomically; secrets are read without stray copies.
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "base/bytes.hpp"
#include "base/file_io.hpp"
#include "formats/kind/file_kind.hpp"
#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

Status refuse_existing(const std::filesystem::path& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0)
    return make_error(ErrorCode::kAlreadyExists,
                      path.string() + ": already exists (use --force to replace it)");
  return {};
}

// The capacity to read into: the file's size when it has one, else the limit.
Result<uint64_t> capacity_for(int fd, const std::filesystem::path& path, uint64_t max_bytes) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return fs::errno_error(path, "stat", errno);
  if (S_ISDIR(st.st_mode))
    return make_error(ErrorCode::kInvalidArgument, path.string() + ": is a folder, not a file");
  uint64_t size = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : max_bytes;
  if (size > max_bytes)
    return make_error(ErrorCode::kLimitExceeded, path.string() + ": larger than the limit of " +
                                                     std::to_string(max_bytes) + " bytes");
  return size + 1;  // one more byte shows whether the file grew past it
}

}  // namespace

Result<SecretBytes> read_secret_file(const std::filesystem::path& path, uint64_t max_bytes) {
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(path));
  MS_ASSIGN_OR_RETURN(uint64_t capacity, capacity_for(fd.get(), path, max_bytes));
  SecretBytes buffer(static_cast<size_t>(capacity));
  std::span<uint8_t> room = buffer.reveal_mutable();
  size_t used = 0;
  while (used < room.size()) {
    MS_ASSIGN_OR_RETURN(size_t n, fs::read_some(fd.get(), room.subspan(used), path));
    if (n == 0) break;
    used += n;
  }
  if (used > max_bytes)
    return make_error(ErrorCode::kLimitExceeded, path.string() + ": larger than the limit of " +
                                                     std::to_string(max_bytes) + " bytes");
  return SecretBytes(buffer.reveal().first(used));
}

Status write_key_pair(const PrivateKey& key, const std::filesystem::path& path,
                      const std::filesystem::path& pub_path, const SecretBytes* passphrase,
                      bool overwrite) {
  if (path == pub_path)
    return make_error(ErrorCode::kInvalidArgument,
                      path.string() + ": the private and public key files must differ");
  if (!overwrite) {
    MS_TRY(refuse_existing(path));
    MS_TRY(refuse_existing(pub_path));
  }
  MS_ASSIGN_OR_RETURN(SecretBytes pem, key.to_pkcs8_pem(passphrase));
  MS_ASSIGN_OR_RETURN(fs::AtomicFile private_file, fs::AtomicFile::create(path, overwrite, 0600));
  MS_ASSIGN_OR_RETURN(fs::AtomicFile public_file,
                      fs::AtomicFile::create(pub_path, overwrite, 0644));
  MS_TRY(private_file.write(pem.reveal()));
  MS_TRY(public_file.write(bytes_of(key.public_key().pem())));
  MS_TRY(private_file.commit());
  Status pub_written = public_file.commit();
  if (!pub_written.ok() && !overwrite) ::unlink(path.c_str());  // no half-written pair
  return pub_written;
}

Result<PrivateKey> load_private_key(const std::filesystem::path& path,
                                    const SecretBytes* passphrase) {
  MS_ASSIGN_OR_RETURN(SecretBytes pem, read_secret_file(path, kMaxKeyFileBytes));
  auto key = PrivateKey::from_pem(pem.reveal_as_text(), passphrase);
  if (!key.ok()) return with_context(key.error(), path.string());
  return key;
}

Result<bool> private_key_file_is_encrypted(const std::filesystem::path& path) {
  MS_ASSIGN_OR_RETURN(SecretBytes pem, read_secret_file(path, kMaxKeyFileBytes));
  return first_block_encrypted(pem.reveal_as_text());
}

Result<PublicKey> load_public_key(const std::filesystem::path& path) {
  auto pem = fs::read_small_file(path, kMaxKeyFileBytes);
  if (!pem.ok()) {
    // A bundle given as the key is too large for a key file: say what it is.
    auto kind = formats::sniff_file(path.string());
    if (pem.error().code != ErrorCode::kLimitExceeded || !kind.ok() || *kind == formats::FileKind::kUnknown)
      return pem.error();
    return make_error(ErrorCode::kInvalidArgument,
                      path.string() + " is " + std::string(formats::file_kind_name(*kind)) + ", not a public key");
  }
  auto key = PublicKey::from_pem(*pem);
  if (key.ok()) return key;
  const formats::FileKind kind = formats::sniff_file_kind(bytes_of(*pem));
  OPENSSL_cleanse(pem->data(), pem->size());  // it may be a private key given by mistake
  switch (kind) {
    case formats::FileKind::kPemPrivateKey:
      return make_error(ErrorCode::kInvalidArgument,
                        path.string() + " is a private key; give the public key (keygen wrote it beside "
                                        "the private key, as .pub)");
    case formats::FileKind::kPemCertificate:
      return make_error(ErrorCode::kInvalidArgument,
                        path.string() + " is a certificate, not a public key; give a root certificate with "
                                        "--ca, or its public key (openssl x509 -pubkey -noout)");
    case formats::FileKind::kUnknown:
    case formats::FileKind::kPemPublicKey:
      return make_error(ErrorCode::kCorrupt, path.string() +
                                                 ": no readable PEM public key (\"-----BEGIN PUBLIC KEY-----\") in it");
    default:
      return make_error(ErrorCode::kInvalidArgument,
                        path.string() + " is " + std::string(formats::file_kind_name(kind)) + ", not a public key");
  }
}

}  // namespace modelseal::keys
