// Loading a PKCS#11 module: dlopen, C_GetFunctionList, C_Initialize, shared
// by path for the life of the process's sessions.
#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <mutex>

#include "keystore/pkcs11_module.hpp"

namespace modelseal::keys {
namespace {

std::mutex g_modules_mutex;
std::map<std::string, std::weak_ptr<Pkcs11Module>> g_modules;

}  // namespace

std::string rv_text(CK_RV rv) {
  switch (rv) {
    case CKR_PIN_INCORRECT: return "CKR_PIN_INCORRECT";
    case CKR_PIN_LOCKED: return "CKR_PIN_LOCKED";
    case CKR_OBJECT_HANDLE_INVALID: return "CKR_OBJECT_HANDLE_INVALID";
    case CKR_ENCRYPTED_DATA_INVALID: return "CKR_ENCRYPTED_DATA_INVALID";
    case CKR_MECHANISM_INVALID: return "CKR_MECHANISM_INVALID";
    case CKR_TOKEN_NOT_PRESENT: return "CKR_TOKEN_NOT_PRESENT";
    case CKR_GENERAL_ERROR: return "CKR_GENERAL_ERROR";
    case CKR_FUNCTION_FAILED: return "CKR_FUNCTION_FAILED";
    default: break;
  }
  char text[32];
  std::snprintf(text, sizeof text, "CKR 0x%lx", static_cast<unsigned long>(rv));
  return text;
}

Error pkcs11_error(std::string_view what, CK_RV rv) {
  return make_error(ErrorCode::kIo, "PKCS#11 " + std::string(what) + " failed: " + rv_text(rv));
}

Pkcs11Module::~Pkcs11Module() {
  if (functions != nullptr) functions->C_Finalize(nullptr);
  if (library != nullptr) ::dlclose(library);
}

namespace {

// Loading a module runs its code: it must be a root- or user-owned file that
// nobody else can replace (the path itself comes from keystore.json).
Status check_module_file(const std::filesystem::path& path) {
  if (!path.is_absolute())
    return make_error(ErrorCode::kInvalidArgument,
                      path.string() + ": the PKCS#11 module must be named by an absolute path");
  for (const std::filesystem::path& p : {path, path.parent_path()}) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0)
      return make_error(ErrorCode::kNotFound, p.string() + ": cannot read the PKCS#11 module");
    if ((st.st_uid != 0 && st.st_uid != ::geteuid()) || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
      return make_error(ErrorCode::kInvalidArgument,
                        p.string() + ": refusing to load a PKCS#11 module that others can replace "
                                     "(owned by another user, or group/world writable)");
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<Pkcs11Module>> load_pkcs11_module(const std::filesystem::path& path) {
  MS_TRY(check_module_file(path));
  std::lock_guard lock(g_modules_mutex);
  auto found = g_modules.find(path.string());
  if (found != g_modules.end())
    if (auto live = found->second.lock()) return live;
  auto module = std::make_shared<Pkcs11Module>();
  module->library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (module->library == nullptr)
    return make_error(ErrorCode::kNotFound,
                      path.string() + ": cannot load the PKCS#11 module: " + ::dlerror());
  auto get_list = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(module->library, "C_GetFunctionList"));
  if (get_list == nullptr)
    return make_error(ErrorCode::kInvalidArgument,
                      path.string() + ": not a PKCS#11 module (no C_GetFunctionList)");
  CK_FUNCTION_LIST_PTR list = nullptr;
  CK_RV rv = get_list(&list);
  if (rv != CKR_OK || list == nullptr) return pkcs11_error("C_GetFunctionList", rv);
  CK_C_INITIALIZE_ARGS args{};
  args.flags = CKF_OS_LOCKING_OK;
  rv = list->C_Initialize(&args);
  if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
    return pkcs11_error("C_Initialize", rv);
  module->functions = list;
  g_modules[path.string()] = module;
  return module;
}

}  // namespace modelseal::keys
