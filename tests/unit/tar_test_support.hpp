// Tar and zstd bytes written by hand for the archive reader's tests: headers
// with any field a test needs, pax records, padding, and zstd frames.
#pragma once

#include <doctest/doctest.h>
#include <zstd.h>

#include <cstdint>
#include <string>

namespace tar_test {

inline std::string octal(uint64_t value, size_t width) {  // width-1 digits and NUL
  std::string out(width - 1, '0');
  for (size_t i = width - 1; i-- > 0; value >>= 3) out[i] = static_cast<char>('0' + (value & 7));
  return out + '\0';
}

// Recomputes the checksum of a 512-byte header after a field changed.
inline void set_checksum(std::string& block) {
  block.replace(148, 8, "        ");
  unsigned sum = 0;
  for (size_t i = 0; i < 512; ++i) sum += static_cast<unsigned char>(block[i]);
  block.replace(148, 7, octal(sum, 7));
}

inline std::string header(const std::string& name, uint64_t size, char type = '0',
                          const std::string& linkname = "", bool gnu_magic = false) {
  std::string h(512, '\0');
  h.replace(0, std::min<size_t>(name.size(), 100), name.substr(0, 100));
  h.replace(100, 8, octal(0644, 8));
  h.replace(108, 8, octal(0, 8));
  h.replace(116, 8, octal(0, 8));
  h.replace(124, 12, octal(size, 12));
  h.replace(136, 12, octal(1700000000, 12));
  h[156] = type;
  h.replace(157, std::min<size_t>(linkname.size(), 100), linkname.substr(0, 100));
  h.replace(257, 8, gnu_magic ? std::string("ustar  \0", 8) : std::string("ustar\0" "00", 8));
  set_checksum(h);
  return h;
}

inline std::string pad(std::string data) {
  return data + std::string((512 - data.size() % 512) % 512, '\0');
}

inline std::string record(const std::string& key, const std::string& value) {
  const size_t body = 1 + key.size() + 1 + value.size() + 1;
  size_t len = body + 1;
  while (std::to_string(len).size() + body != len) ++len;
  return std::to_string(len) + " " + key + "=" + value + "\n";
}

inline std::string zstd(const std::string& data, int checksum = 1, int level = ZSTD_CLEVEL_DEFAULT) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum);
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress2(c, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(c);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

}  // namespace tar_test
