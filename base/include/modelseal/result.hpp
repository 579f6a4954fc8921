// Result<T>: a value or an Error. No exception crosses the library's API;
// callers branch on Error::code, people read Error::detail.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace modelseal {

// Stable codes: callers branch on them; is_rejection maps them to exit codes.
enum class ErrorCode {
  kInvalidArgument,  // the caller's request is malformed (usage)
  kNotFound,         // a file or folder the caller named does not exist
  kAlreadyExists,    // refusing to overwrite
  kIo,               // the operating system failed a read or write
  kInvalidMetadata,  // bundle.toml or the manifest breaks the schema
  kCorrupt,          // the input is not a well-formed bundle/archive
  kTampered,         // content does not match what was declared
  kLimitExceeded,    // a safety limit (size, count, depth, ratio) was hit
  kUnsupported,      // a feature this version does not implement (e.g. sealed)
  kInternal,         // a bug or a crypto library failure
  kRevoked,          // deliberately retired: the key was shredded or the bundle revoked
  kBusy,             // another command holds the keystore's lock: run it again later
  kInvalidConfig,    // a file the operator configures with (a policy, a key, the bundle.toml
                     // being built) is malformed: a misconfigured pipeline, not a rejected model
};


// True when the code means "the input was checked and rejected" (exit 1),
// false for usage and environment errors (exit 2).
bool is_rejection(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string detail;
};

// A rejection found in a file the operator configures with (a policy, a key) is a configuration
// error: kInvalidConfig, exit 2. Other codes are kept.
Error as_config_error(Error error);

template <class T>
class [[nodiscard]] Result {
 public:
  // Implicit by design, so functions `return value;` or `return error;`.
  template <class U = T>
    requires(std::is_constructible_v<T, U &&> &&
             !std::is_same_v<std::remove_cvref_t<U>, Result> &&
             !std::is_same_v<std::remove_cvref_t<U>, Error>)
  Result(U&& value) : v_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}     // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { check_ok(); return std::get<0>(v_); }
  const T& value() const& { check_ok(); return std::get<0>(v_); }
  T&& value() && { check_ok(); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    if (ok()) std::abort();
    return std::get<1>(v_);
  }

 private:
  void check_ok() const {
    if (!ok()) std::abort();  // reading the value of a failed Result is a bug
  }
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    if (ok_) std::abort();
    return error_;
  }

 private:
  Error error_{ErrorCode::kInternal, {}};
  bool ok_ = true;
};

using Status = Result<void>;

inline Error make_error(ErrorCode code, std::string detail) {
  return Error{code, std::move(detail)};
}

// The error, same code, with "<context>: " before its detail: how a caller says which file (or
// which part of one) the error is about, instead of rebuilding the message by hand.
inline Error with_context(Error error, std::string_view context) {
  error.detail.insert(0, std::string(context) + ": ");
  return error;
}
template <class T>
Result<T> with_context(Result<T> result, std::string_view context) {
  if (result.ok()) return result;
  return with_context(result.error(), context);
}

}  // namespace modelseal

#define MS_CONCAT_INNER(a, b) a##b
#define MS_CONCAT(a, b) MS_CONCAT_INNER(a, b)

// Propagates the error of a Status or Result expression.
#define MS_TRY(expr)                                     \
  do {                                                   \
    auto&& ms_try_result_ = (expr);                      \
    if (!ms_try_result_.ok()) return ms_try_result_.error(); \
  } while (0)

// `MS_ASSIGN_OR_RETURN(auto x, f());` declares x from the value of f() or
// returns its error.
#define MS_ASSIGN_OR_RETURN(lhs, expr) \
  MS_ASSIGN_OR_RETURN_IMPL(MS_CONCAT(ms_result_, __LINE__), lhs, expr)
#define MS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.error();             \
  lhs = std::move(tmp).value()
