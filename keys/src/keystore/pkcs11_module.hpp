// A loaded, initialized PKCS#11 module (see pkcs11_token.hpp).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <p11-kit/pkcs11.h>

#include "modelseal/result.hpp"

namespace modelseal::keys {

struct Pkcs11Module {
  void* library = nullptr;
  CK_FUNCTION_LIST_PTR functions = nullptr;
  Pkcs11Module() = default;
  Pkcs11Module(const Pkcs11Module&) = delete;
  Pkcs11Module& operator=(const Pkcs11Module&) = delete;
  ~Pkcs11Module();  // C_Finalize, dlclose
};

Result<std::shared_ptr<Pkcs11Module>> load_pkcs11_module(const std::filesystem::path& path);

std::string rv_text(CK_RV rv);
// kIo "PKCS#11 <what> failed: CKR_..."
Error pkcs11_error(std::string_view what, CK_RV rv);

}  // namespace modelseal::keys
