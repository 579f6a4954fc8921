#include "archive/tar_writer.hpp"

#include <array>
#include <cstring>

namespace modelseal::archive {
namespace {

constexpr size_t kBlock = 512;
constexpr uint64_t kMaxOctal11 = 077777777777ull;  // largest value of an 11-digit field

void put_octal(char* field, size_t width, uint64_t value) {
  // width-1 octal digits, zero-padded, then NUL.
  field[width - 1] = '\0';
  for (size_t i = width - 1; i-- > 0;) {
    field[i] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
}

bool fits_ustar_name(std::string_view path) {
  if (path.size() > 100) return false;
  for (char c : path)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// "<len> <key>=<value>\n" where len counts the whole record, its own digits included.
std::string pax_record(std::string_view key, std::string_view value) {
  size_t body = 1 + key.size() + 1 + value.size() + 1;
  size_t len = body + 1;
  while (std::to_string(len).size() + body != len) ++len;
  return std::to_string(len) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

std::string ascii_name(std::string_view path) {
  std::string name(path.substr(0, 100));
  for (char& c : name)
    if (static_cast<unsigned char>(c) >= 0x80) c = '_';
  return name;
}

std::string ustar_header(std::string_view name, uint64_t size, char typeflag, int64_t mtime) {
  std::array<char, kBlock> h{};
  std::memcpy(h.data(), name.data(), std::min<size_t>(name.size(), 100));
  put_octal(&h[100], 8, 0644);
  put_octal(&h[108], 8, 0);
  put_octal(&h[116], 8, 0);
  put_octal(&h[124], 12, size <= kMaxOctal11 ? size : 0);
  put_octal(&h[136], 12, static_cast<uint64_t>(mtime));
  std::memset(&h[148], ' ', 8);
  h[156] = typeflag;
  std::memcpy(&h[257], "ustar\0" "00", 8);
  put_octal(&h[329], 8, 0);
  put_octal(&h[337], 8, 0);
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  put_octal(&h[148], 7, sum);  // six digits and NUL, then the space already there
  return std::string(h.data(), h.size());
}

}  // namespace

std::string TarWriter::entry_header(std::string_view path, uint64_t size, int64_t mtime) {
  std::string records;
  if (!fits_ustar_name(path)) records += pax_record("path", path);
  if (size > kMaxOctal11) records += pax_record("size", std::to_string(size));
  std::string out;
  if (!records.empty()) {
    out += ustar_header("PaxHeader", records.size(), 'x', mtime);
    out += records;
    out.append(padding_after(records.size()), '\0');
  }
  out += ustar_header(ascii_name(path), size, '0', mtime);
  return out;
}

size_t TarWriter::padding_after(uint64_t size) {
  const size_t rem = static_cast<size_t>(size % kBlock);
  return rem == 0 ? 0 : kBlock - rem;
}

bool TarWriter::valid_mtime(int64_t mtime) {
  return mtime >= 0 && static_cast<uint64_t>(mtime) <= kMaxOctal11;
}

Status TarWriter::pad_to_block(uint64_t size) {
  static const std::array<uint8_t, kBlock> kZeros{};
  const size_t n = padding_after(size);
  if (n == 0) return {};
  return sink_.write({kZeros.data(), n});
}

Status TarWriter::begin_file(std::string_view path, uint64_t size) {
  if (in_file_) return make_error(ErrorCode::kInternal, "tar: entry not finished");
  const std::string header = entry_header(path, size, mtime_);
  MS_TRY(sink_.write({reinterpret_cast<const uint8_t*>(header.data()), header.size()}));
  declared_ = size;
  written_ = 0;
  in_file_ = true;
  return {};
}

Status TarWriter::write_data(std::span<const uint8_t> data) {
  if (!in_file_ || written_ + data.size() > declared_)
    return make_error(ErrorCode::kIo, "tar: more data than the entry's declared size");
  written_ += data.size();
  return sink_.write(data);
}

Status TarWriter::end_file() {
  if (!in_file_ || written_ != declared_)
    return make_error(ErrorCode::kIo, "tar: entry shorter than its declared size");
  in_file_ = false;
  return pad_to_block(declared_);
}

Status TarWriter::finish() {
  static const std::array<uint8_t, kEndBytes> kEnd{};
  if (in_file_) return make_error(ErrorCode::kInternal, "tar: entry not finished");
  MS_TRY(sink_.write(kEnd));
  return sink_.finish();
}

}  // namespace modelseal::archive
