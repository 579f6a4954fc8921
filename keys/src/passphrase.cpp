// Passphrases: from a file (first line), from an environment variable the
// command line names (for CI), or typed at the terminal without echo. Never
// from argv, never printed.
#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iterator>

#include "base/file_io.hpp"
#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

constexpr uint64_t kMaxPassphraseFileBytes = 64 * 1024;

Error no_terminal(SecretKind kind) {
  return make_error(ErrorCode::kInvalidArgument,
                    kind == SecretKind::kPin
                        ? "no terminal to ask for the token's PIN (hint: --pin-file)"
                        : "no terminal to ask for a passphrase (hint: --passphrase-file)");
}

// The first line of `text`, without "\n" or "\r\n".
std::span<const uint8_t> first_line(std::span<const uint8_t> text) {
  size_t end = 0;
  while (end < text.size() && text[end] != '\n') ++end;
  if (end > 0 && end < text.size() && text[end - 1] == '\r') --end;
  return text.first(end);
}

Result<SecretBytes> checked(std::span<const uint8_t> line, std::string_view source) {
  if (line.empty())
    return make_error(ErrorCode::kInvalidArgument, std::string(source) + ": the passphrase is empty");
  if (line.size() > kMaxPassphraseBytes)
    return make_error(ErrorCode::kLimitExceeded, std::string(source) +
                                                     ": the passphrase is longer than " +
                                                     std::to_string(kMaxPassphraseBytes) + " bytes");
  return SecretBytes(line);
}

// What a signal arriving while echo is off needs to put the terminal back.
int g_tty_fd = -1;
termios g_saved_termios{};

constexpr int kRestoreSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

extern "C" void restore_and_reraise(int sig) {
  ::tcsetattr(g_tty_fd, TCSAFLUSH, &g_saved_termios);  // async-signal-safe
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Echo off for as long as it lives; the terminal's settings come back on
// return, on errors, and when Ctrl-C (or another terminating signal) arrives.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {}
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  bool engage() {
    if (::tcgetattr(fd_, &g_saved_termios) != 0) return false;
    g_tty_fd = fd_;
    struct sigaction action {};
    action.sa_handler = restore_and_reraise;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < std::size(kRestoreSignals); ++i)
      ::sigaction(kRestoreSignals[i], &action, &previous_[i]);
    termios quiet = g_saved_termios;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    engaged_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    return engaged_;
  }
  ~EchoOff() {
    if (g_tty_fd < 0) return;
    if (engaged_) ::tcsetattr(fd_, TCSAFLUSH, &g_saved_termios);
    for (size_t i = 0; i < std::size(kRestoreSignals); ++i)
      ::sigaction(kRestoreSignals[i], &previous_[i], nullptr);
    g_tty_fd = -1;
  }

 private:
  int fd_;
  struct sigaction previous_[std::size(kRestoreSignals)] {};
  bool engaged_ = false;
};

// Reads one line from the terminal into a fixed buffer (no reallocation).
Result<SecretBytes> read_line(int fd, std::string_view prompt, SecretKind kind) {
  MS_TRY(fs::write_all(fd, {reinterpret_cast<const uint8_t*>(prompt.data()), prompt.size()},
                       "/dev/tty"));
  EchoOff echo(fd);
  if (!echo.engage()) return no_terminal(kind);
  SecretBytes buffer(kMaxPassphraseBytes + 1);
  std::span<uint8_t> room = buffer.reveal_mutable();
  size_t used = 0;
  for (;;) {
    MS_ASSIGN_OR_RETURN(size_t n, fs::read_some(fd, room.subspan(used, 1), "/dev/tty"));
    if (n == 0 || room[used] == '\n') break;
    if (++used == room.size()) break;
  }
  return checked(first_line(buffer.reveal().first(used)), "terminal");
}

bool same(const SecretBytes& a, const SecretBytes& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.reveal().data(), b.reveal().data(), a.size()) == 0;
}

}  // namespace

Result<SecretBytes> read_passphrase_file(const std::filesystem::path& path) {
  MS_ASSIGN_OR_RETURN(SecretBytes text, read_secret_file(path, kMaxPassphraseFileBytes));
  return checked(first_line(text.reveal()), path.string());
}

Result<SecretBytes> read_passphrase_env(std::string_view name) {
  const bool valid_name =
      !name.empty() && name.size() <= 128 && !(name[0] >= '0' && name[0] <= '9') &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      });
  if (!valid_name)
    return make_error(ErrorCode::kInvalidArgument,
                      "'" + std::string(name.substr(0, 128)) + "' is not an environment variable name");
  const std::string variable(name);
  char* value = std::getenv(variable.c_str());
  if (value == nullptr)
    return make_error(ErrorCode::kInvalidArgument, "environment variable " + variable + " is not set");
  const size_t length = std::strlen(value);
  auto secret = checked(first_line({reinterpret_cast<const uint8_t*>(value), length}),
                        "environment variable " + variable);
  OPENSSL_cleanse(value, length);
  ::unsetenv(variable.c_str());
  return secret;
}

Result<SecretBytes> prompt_passphrase(std::string_view prompt, bool confirm, SecretKind kind) {
  int raw = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (raw < 0) return no_terminal(kind);
  fs::UniqueFd tty(raw);
  if (!::isatty(tty.get())) return no_terminal(kind);
  MS_ASSIGN_OR_RETURN(SecretBytes first, read_line(tty.get(), prompt, kind));
  if (!confirm) return first;
  MS_ASSIGN_OR_RETURN(SecretBytes again, read_line(tty.get(), "repeat the passphrase: ", kind));
  if (!same(first, again))
    return make_error(ErrorCode::kInvalidArgument, "the two passphrases differ");
  return first;
}

}  // namespace modelseal::keys
