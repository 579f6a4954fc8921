// Contact, URI, digest, glob and enumeration checks.
#include <algorithm>
#include <array>
#include <cstring>

#include <fmt/format.h>

#include "base/ascii.hpp"
#include "formats/bundle_toml/validators.hpp"
#include "formats/toml/text_util.hpp"
#include "formats/names/names.hpp"

namespace modelseal::formats::bundle_toml_internal {

using toml_schema::quote_for_message;
using ascii::is_digit;
using ascii::is_alpha;
using ascii::is_alnum;
using ascii::is_hex;
using ascii::is_lower_hex;
namespace {

// RFC 3986 unreserved, gen-delims and sub-delims; '%' is checked separately.
bool is_uri_char(char c) {
  return is_alnum(c) || (c != '\0' && std::strchr("-._~:/?#[]@!$&'()*+,;=", c) != nullptr);
}

Problem check_uri_chars(std::string_view value) {
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '%') {
      if (i + 2 >= value.size() || !is_hex(value[i + 1]) || !is_hex(value[i + 2]))
        return "has a '%' not followed by two hex digits";
      i += 2;
    } else if (c == ' ') {
      return "contains a space (percent-encode it as %20)";
    } else if (!is_uri_char(c)) {
      return fmt::format("contains {}, which is not allowed in a URI (percent-encode it)",
                         quote_for_message(value.substr(i, 1)));
    }
  }
  return std::nullopt;
}

// A DNS name: dot-separated labels of [A-Za-z0-9-], no label starting or ending
// with '-', at least two labels, the last not all digits.
bool is_domain(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  size_t labels = 0;
  std::string_view last;
  while (true) {
    const size_t dot = host.find('.');
    const std::string_view label = host.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label)
      if (!is_alnum(c) && c != '-') return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  bool numeric = true;
  for (char c : last) numeric = numeric && is_digit(c);
  return labels >= 2 && !numeric;
}

bool is_ipv6_literal(std::string_view host) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
  for (char c : host.substr(1, host.size() - 2))
    if (!is_hex(c) && c != ':' && c != '.') return false;
  return true;
}

// "host[:port]" of an http(s) URL; userinfo is refused.
Problem check_authority(std::string_view authority) {
  if (authority.find('@') != std::string_view::npos)
    return "has user information before '@' (credentials or a disguised host)";
  std::string_view host = authority;
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    host = authority.substr(0, colon);
    if (port.empty() || port.size() > 5) return "has a malformed port";
    for (char c : port)
      if (!is_digit(c)) return "has a malformed port";
  }
  if (!is_domain(host) && !is_ipv6_literal(host))
    return fmt::format("has the host {}, which is not a domain name", quote_for_message(host));
  return std::nullopt;
}

// "scheme://authority[/path][?query][#fragment]" for http and https.
Problem check_web_url(std::string_view value, std::string_view scheme) {
  std::string_view rest = value.substr(scheme.size() + 1);
  if (!rest.starts_with("//")) return fmt::format("lacks '//' after '{}:'", scheme);
  rest.remove_prefix(2);
  const size_t end = rest.find_first_of("/?#");
  if (auto problem = check_authority(rest.substr(0, end))) return problem;
  return check_uri_chars(value);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

template <size_t N>
Problem check_enum(std::string_view value, const std::array<std::string_view, N>& allowed) {
  for (std::string_view candidate : allowed)
    if (value == candidate) return std::nullopt;
  std::string list;
  for (std::string_view candidate : allowed) {
    if (!list.empty()) list += ", ";
    list += candidate;
  }
  return fmt::format("is not one of {}", list);
}

}  // namespace

Problem check_email(std::string_view value) {
  const size_t at = value.find('@');
  if (at == std::string_view::npos || value.find('@', at + 1) != std::string_view::npos)
    return "is not an email address: it needs exactly one '@'";
  const std::string_view local = value.substr(0, at);
  const std::string_view domain = value.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return "is not an email address: the part before '@' is malformed";
  for (char c : local)
    if (!is_alnum(c) && (c == '\0' || std::strchr(".!#$%&'*+/=?^_`{|}~-", c) == nullptr))
      return "is not an email address: the part before '@' has a character not allowed there";
  if (!is_domain(domain)) return "is not an email address: the part after '@' is not a domain name";
  return std::nullopt;
}

Problem check_https_url(std::string_view value) {
  if (!value.starts_with("https:")) return "is not an https URL";
  if (value.size() > kMaxUriBytes) return fmt::format("is longer than {} bytes", kMaxUriBytes);
  return check_web_url(value, "https");
}

Problem check_security_contact(std::string_view value) {
  if (value.starts_with("http:")) return "is an http URL: use https";
  if (value.starts_with("https:")) return check_https_url(value);
  if (value.starts_with("mailto:")) return check_email(value.substr(7));
  if (value.find('@') != std::string_view::npos) return check_email(value);
  return "is neither an email address nor an https URL";
}

Problem check_source_uri(std::string_view value) {
  if (value.size() > kMaxUriBytes) return fmt::format("is longer than {} bytes", kMaxUriBytes);
  const size_t colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return "is not an absolute URI: it has no scheme such as https:";
  const std::string_view scheme = value.substr(0, colon);
  if (!is_alpha(scheme[0])) return "is not an absolute URI: the scheme must start with a letter";
  for (char c : scheme)
    if (!is_alnum(c) && c != '+' && c != '-' && c != '.')
      return "is not an absolute URI: the scheme has a character other than [A-Za-z0-9+.-]";
  const std::string scheme_lower = lower(scheme);
  if (scheme_lower == "file")
    return "is a file: URI, which names a path on one machine rather than where the data came from";
  if (colon + 1 == value.size()) return "is not an absolute URI: nothing follows the scheme";
  if (scheme_lower == "http" || scheme_lower == "https") return check_web_url(value, scheme);
  return check_uri_chars(value);
}

Problem check_sha256_digest(std::string_view value) {
  if (!value.starts_with("sha256:")) {
    if (value.size() == 64) return "lacks the 'sha256:' prefix";
    return "is not of the form sha256:<64 hex digits>";
  }
  const std::string_view hex = value.substr(7);
  if (hex.size() != 64)
    return fmt::format("has {} characters after 'sha256:', not 64", hex.size());
  for (char c : hex) {
    if (is_hex(c) && !is_lower_hex(c)) return "has upper-case hex digits";
    if (!is_lower_hex(c)) return "has a character that is not a hex digit";
  }
  return std::nullopt;
}

Problem check_payload_glob(std::string_view value) {
  if (value.size() > kMaxGlobBytes) return fmt::format("is longer than {} bytes", kMaxGlobBytes);
  if (value.empty()) return "is empty";
  if (value.front() == '/') return "is absolute: globs are relative to the model folder";
  if (value.find('\\') != std::string_view::npos) return "contains a backslash: use '/'";
  if (value.front() == '!') return "starts with '!': list exclusions in payload.exclude";
  if (std::any_of(value.begin(), value.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
    return "contains a control character, which no file name in a bundle has";
  if (!is_nfc(value))
    return "is not in Unicode NFC: file names in a bundle are NFC, so it would match nothing";
  if (value.find_first_of("[]") != std::string_view::npos)
    return "uses brackets: only the wildcards *, ** and ? are supported";
  if (value.find_first_of("{}") != std::string_view::npos)
    return "uses braces: list each pattern separately";
  std::string_view rest = value;
  while (true) {
    const size_t slash = rest.find('/');
    const std::string_view component = rest.substr(0, slash);
    if (component.empty()) return "has an empty path component ('//' or a trailing '/')";
    if (component == "..") return "has a '..' component: globs may not leave the model folder";
    if (component == ".") return "has a '.' component";
    if (component != "**" && component.find("**") != std::string_view::npos)
      return "uses '**' inside a path component: '**' must be a whole component";
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return std::nullopt;
}

Problem check_dataset_role(std::string_view value) {
  static constexpr std::array<std::string_view, 3> kRoles{"train", "finetune", "eval"};
  return check_enum(value, kRoles);
}

Problem check_base_relation(std::string_view value) {
  static constexpr std::array<std::string_view, 6> kRelations{
      "finetune", "quantized", "distilled", "adapter", "merge", "other"};
  return check_enum(value, kRelations);
}

}  // namespace modelseal::formats::bundle_toml_internal
