// A tiny ZIP writer for the scanner tests, enough to build every defect by hand
// (test_scan_zip.cpp) and the Keras archives (test_scan_keras.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/zip/crc32.hpp"

namespace zip_test_support {

// ---- a tiny ZIP writer, enough to build every defect by hand ----

inline void put(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

inline uint32_t crc_of(const std::string& s) {
  return modelseal::formats::zip::crc32_update(
      0, {reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

// One deflate "stored" block: valid method-8 data that needs no compressor.
inline std::string deflate_stored(const std::string& s) {
  std::string out = "\x01";
  put(out, s.size(), 2);
  put(out, static_cast<uint16_t>(~s.size()), 2);
  return out + s;
}

struct Member {
  Member(std::string n, std::string c) : name(std::move(n)), content(std::move(c)) {}
  Member& with_method(uint16_t m) { method = m; return *this; }
  Member& with_flags(uint16_t f) { flags = f; return *this; }
  Member& with_descriptor() { descriptor = true; return *this; }
  Member& with_data(std::string d) { data = std::move(d); return *this; }
  Member& with_size(uint64_t s) { size = s; return *this; }
  Member& with_crc(uint32_t c) { crc = c; return *this; }
  Member& with_central_extra(std::string e) { central_extra = std::move(e); return *this; }
  Member& with_padding_after(std::string p) { padding_after = std::move(p); return *this; }

  std::string name;
  std::string content;
  uint16_t method = 0;                 // 8 wraps content in deflate_stored
  uint16_t flags = 0;
  bool descriptor = false;             // flag bit 3, zero local sizes, signed descriptor
  std::optional<std::string> data;     // the (compressed) bytes, instead of content's
  std::optional<uint64_t> size;        // declared uncompressed size
  std::optional<uint32_t> crc;         // declared CRC-32
  std::string central_extra;
  std::string padding_after;           // bytes after the data that belong to nothing
};

struct Zip {
  std::string bytes;
  std::vector<size_t> local_at;
  std::vector<size_t> central_at;
  size_t directory_at = 0;
  size_t end_at = 0;
};

inline Zip build_zip(const std::vector<Member>& members, const std::string& prefix = "",
              bool zip64 = false) {
  Zip z;
  z.bytes = prefix;
  std::string central;
  for (const Member& m : members) {
    const std::string data = m.data ? *m.data : m.method == 8 ? deflate_stored(m.content) : m.content;
    const uint64_t size = m.size ? *m.size : m.content.size();
    const uint32_t crc = m.crc ? *m.crc : crc_of(m.content);
    const uint16_t flags = m.flags | (m.descriptor ? 8 : 0);
    z.local_at.push_back(z.bytes.size());
    std::string local;
    put(local, 0x04034b50, 4);
    put(local, 20, 2);
    put(local, flags, 2);
    put(local, m.method, 2);
    put(local, 0, 4);
    put(local, m.descriptor ? 0 : crc, 4);
    put(local, m.descriptor ? 0 : data.size(), 4);
    put(local, m.descriptor ? 0 : size, 4);
    put(local, m.name.size(), 2);
    put(local, 0, 2);
    z.bytes += local + m.name + data;
    if (m.descriptor) {
      put(z.bytes, 0x08074b50, 4);
      put(z.bytes, crc, 4);
      put(z.bytes, data.size(), 4);
      put(z.bytes, size, 4);
    }
    std::string c;
    put(c, 0x02014b50, 4);
    put(c, 20, 2);
    put(c, 20, 2);
    put(c, flags, 2);
    put(c, m.method, 2);
    put(c, 0, 4);
    put(c, crc, 4);
    put(c, data.size(), 4);
    put(c, size, 4);
    put(c, m.name.size(), 2);
    put(c, m.central_extra.size(), 2);
    put(c, 0, 2);
    put(c, 0, 8);  // disk, attributes
    put(c, z.local_at.back(), 4);
    central += c + m.name + m.central_extra;
    z.bytes += m.padding_after;
  }
  z.directory_at = z.bytes.size();
  size_t at = z.directory_at;
  for (const Member& m : members) {
    z.central_at.push_back(at);
    at += 46 + m.name.size() + m.central_extra.size();
  }
  z.bytes += central;
  const uint64_t n = members.size();
  if (zip64) {
    const size_t record_at = z.bytes.size();
    put(z.bytes, 0x06064b50, 4);
    put(z.bytes, 44, 8);
    put(z.bytes, 45, 2);
    put(z.bytes, 45, 2);
    put(z.bytes, 0, 8);  // disks
    put(z.bytes, n, 8);
    put(z.bytes, n, 8);
    put(z.bytes, central.size(), 8);
    put(z.bytes, z.directory_at, 8);
    put(z.bytes, 0x07064b50, 4);
    put(z.bytes, 0, 4);
    put(z.bytes, record_at, 8);
    put(z.bytes, 1, 4);
  }
  z.end_at = z.bytes.size();
  put(z.bytes, 0x06054b50, 4);
  put(z.bytes, 0, 4);
  put(z.bytes, zip64 ? 0xffff : n, 2);
  put(z.bytes, zip64 ? 0xffff : n, 2);
  put(z.bytes, zip64 ? 0xffffffffu : central.size(), 4);
  put(z.bytes, zip64 ? 0xffffffffu : z.directory_at, 4);
  put(z.bytes, 0, 2);
  return z;
}

inline void set(std::string& bytes, size_t at, uint64_t v, int width) {
  std::string le;
  put(le, v, width);
  bytes.replace(at, static_cast<size_t>(width), le);
}

}  // namespace zip_test_support
