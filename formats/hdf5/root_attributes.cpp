// The root group attribute reader: superblock, then the root object header's
// chunks in order (continuations queued, never overlapping), then each
// attribute message. The first problem stops the reading.
#include "formats/hdf5/root_attributes.hpp"

#include <algorithm>
#include <cstring>

#include "formats/hdf5/lookup3.hpp"
#include "formats/scan/byte_cursor.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::hdf5 {
namespace {

constexpr uint16_t kMsgNil = 0x0000;
constexpr uint16_t kMsgAttribute = 0x000C;
constexpr uint16_t kMsgContinuation = 0x0010;
constexpr uint16_t kMsgAttributeInfo = 0x0015;
constexpr uint8_t kMsgFlagShared = 0x02;

constexpr uint8_t kClassString = 3;
constexpr uint8_t kClassVariableLength = 9;

struct Range {
  uint64_t begin, end;
};

class Reader {
 public:
  Reader(const ByteSource& src, std::span<const std::string_view> wanted, RootAttributes& out)
      : src_(src), cs_(src, src.size(), CursorSource::ShortReads::kFail), wanted_(wanted), out_(out) {}

  void run(uint64_t superblock_at) {
    out_.superblock_offset = superblock_at;
    base_ = superblock_at;
    uint64_t root = 0;
    if (!superblock(superblock_at, root)) return;
    object_header(root);
  }

 private:
  bool fail(std::string id, uint64_t offset, std::string message) {
    if (!out_.problem) out_.problem = Problem{std::move(id), offset, std::move(message)};
    return false;
  }
  bool malformed(uint64_t offset, std::string message) { return fail("hdf5.malformed", offset, std::move(message)); }
  bool unsupported(uint64_t offset, std::string message) {
    return fail("hdf5.unsupported_layout", offset, std::move(message));
  }
  bool limit(uint64_t offset, std::string message) { return fail("hdf5.limit_exceeded", offset, std::move(message)); }

  // A failed cursor read as the problem: what was being read, and where.
  bool cursor_failed(const ByteCursor& c, std::string_view what) {
    const auto& e = c.error();
    if (e && e->kind == CursorError::Kind::kReadError)
      return fail("hdf5.read_error", e->offset, std::string(what) + " cannot be read: " + e->detail);
    const uint64_t at = e ? e->offset : c.pos();
    return malformed(at, std::string(what) + " runs past its end (truncated or a size that lies)");
  }

  bool undefined(uint64_t addr) const {
    return offset_size_ == 8 ? addr == ~uint64_t{0} : addr == (uint64_t{1} << (8 * offset_size_)) - 1;
  }

  // The file offset of [addr, addr + len): inside the file, else the problem.
  bool resolve(uint64_t addr, uint64_t len, std::string_view what, uint64_t from, uint64_t& at) {
    if (undefined(addr)) return malformed(from, std::string(what) + " has the undefined address");
    if (addr > src_.size() - base_ || len > src_.size() - base_ - addr)
      return malformed(from, std::string(what) + " at address " + std::to_string(addr) + " (" +
                                 std::to_string(len) + " bytes) is outside the file of " +
                                 std::to_string(src_.size()) + " bytes");
    at = base_ + addr;
    return true;
  }

  bool superblock(uint64_t at, uint64_t& root) {
    ByteCursor c(cs_, at, src_.size());
    uint8_t version = 0;
    if (!c.skip(8) || !c.u8(version)) return cursor_failed(c, "the superblock");
    out_.superblock_version = version;
    if (version <= 1) return superblock_v0(c, version, root);
    if (version <= 3) return superblock_v2(c, at, root);
    return unsupported(at + 8, "superblock version " + std::to_string(version) + " (0 to 3 are read)");
  }

  bool sizes(uint64_t at, uint8_t offsets, uint8_t lengths) {
    if ((offsets != 4 && offsets != 8) || (lengths != 4 && lengths != 8))
      return unsupported(at, "offsets of " + std::to_string(offsets) + " bytes and lengths of " +
                                 std::to_string(lengths) + " bytes (4 or 8 are read)");
    offset_size_ = offsets;
    length_size_ = lengths;
    return true;
  }

  bool superblock_v0(ByteCursor& c, uint8_t version, uint64_t& root) {
    uint8_t free_space = 0, symbol_table = 0, reserved = 0, shared_header = 0, offsets = 0, lengths = 0;
    if (!c.u8(free_space) || !c.u8(symbol_table) || !c.u8(reserved) || !c.u8(shared_header) ||
        !c.u8(offsets) || !c.u8(lengths) || !c.skip(1 + 2 + 2 + 4 + (version == 1 ? 4 : 0)))
      return cursor_failed(c, "the superblock");
    if (free_space != 0 || symbol_table != 0 || shared_header != 0)
      return malformed(base_ + 9, "superblock version " + std::to_string(version) +
                                      " with free-space/symbol-table/shared-header versions " +
                                      std::to_string(free_space) + "/" + std::to_string(symbol_table) + "/" +
                                      std::to_string(shared_header) + " (0 expected)");
    if (!sizes(base_ + 13, offsets, lengths)) return false;
    uint64_t base_addr = 0, free_addr = 0, eof = 0, driver = 0, link_name = 0;
    if (!c.le(offset_size_, base_addr) || !c.le(offset_size_, free_addr) || !c.le(offset_size_, eof) ||
        !c.le(offset_size_, driver) || !c.le(offset_size_, link_name) || !c.le(offset_size_, root))
      return cursor_failed(c, "the superblock");
    if (!undefined(driver)) return unsupported(c.pos(), "a driver information block (a split or family file)");
    return end_of_file(c.pos(), eof);
  }

  bool superblock_v2(ByteCursor& c, uint64_t at, uint64_t& root) {
    uint8_t offsets = 0, lengths = 0, flags = 0;
    if (!c.u8(offsets) || !c.u8(lengths) || !c.u8(flags)) return cursor_failed(c, "the superblock");
    if (!sizes(at + 9, offsets, lengths)) return false;
    uint64_t base_addr = 0, extension = 0, eof = 0;
    uint32_t stored = 0;
    if (!c.le(offset_size_, base_addr) || !c.le(offset_size_, extension) || !c.le(offset_size_, eof) ||
        !c.le(offset_size_, root) || !c.u32(stored))
      return cursor_failed(c, "the superblock");
    if (!checksum(at, c.pos() - 4 - at, stored, "the superblock")) return false;
    return end_of_file(at + 12 + 2 * offset_size_, eof);
  }

  // libhdf5 refuses a file shorter than its end-of-file address: truncated. The
  // address counts the user block too (h5py writes the file's size).
  bool end_of_file(uint64_t from, uint64_t eof) {
    if (eof > src_.size())
      return malformed(from, "the superblock's end of file is " + std::to_string(eof) + ", the file has " +
                                 std::to_string(src_.size()) + " bytes (truncated)");
    return true;
  }

  // lookup3 of [at, at + n) against `stored`.
  bool checksum(uint64_t at, uint64_t n, uint32_t stored, std::string_view what) {
    Lookup3 h(n);
    ByteCursor c(cs_, at, at + n);
    if (!c.read_through(n, [&](std::span<const uint8_t> b) { h.update(b); })) return cursor_failed(c, what);
    const uint32_t computed = h.finish();
    if (computed != stored)
      return fail("hdf5.checksum_mismatch", at + n,
                  std::string(what) + " has checksum " + std::to_string(stored) + ", its bytes give " +
                      std::to_string(computed));
    return true;
  }

  // A new chunk [at, at + n): within the limits, overlapping no chunk read before.
  bool claim_chunk(uint64_t at, uint64_t n, uint64_t from) {
    if (chunks_.size() >= kMaxHeaderChunks)
      return limit(from, "the root object header has more than " + std::to_string(kMaxHeaderChunks) +
                             " chunks (continuation messages)");
    if (n > kMaxHeaderBytes - header_bytes_)
      return limit(from, "the root object header's chunks pass " + std::to_string(kMaxHeaderBytes) + " bytes");
    for (const Range& r : chunks_)
      if (at < r.end && r.begin < at + n)
        return malformed(from, "a continuation chunk at offset " + std::to_string(at) +
                                   " overlaps a chunk of the header already read (a loop)");
    chunks_.push_back({at, at + n});
    header_bytes_ += n;
    return true;
  }

  void object_header(uint64_t addr) {
    uint64_t at = 0;
    if (!resolve(addr, 4, "the root object header", base_, at)) return;
    ByteCursor c(cs_, at, src_.size());
    uint8_t sig[4] = {};
    if (!c.copy(sig)) return (void)cursor_failed(c, "the root object header");
    if (std::memcmp(sig, "OHDR", 4) == 0) return header_v2(at);
    return header_v1(at);
  }

  void header_v1(uint64_t at) {
    ByteCursor c(cs_, at, src_.size());
    uint8_t version = 0;
    uint16_t messages = 0;
    uint32_t refs = 0, size = 0;
    if (!c.u8(version) || !c.skip(1) || !c.u16(messages) || !c.u32(refs) || !c.u32(size) || !c.skip(4))
      return (void)cursor_failed(c, "the root object header");
    if (version != 1)
      return (void)malformed(at, "the root object header has version " + std::to_string(version) +
                                     " (1, or 2 with the signature OHDR)");
    if (size > src_.size() - c.pos())
      return (void)malformed(at + 8, "the root object header's " + std::to_string(size) +
                                         " bytes of messages pass the end of the file");
    if (!claim_chunk(at, 16 + uint64_t{size}, at)) return;
    version_ = 1;
    chunk_queue_.push_back({at + 16, at + 16 + size});
    drain_chunks();
  }

  void header_v2(uint64_t at) {
    ByteCursor c(cs_, at, src_.size());
    uint8_t version = 0, flags = 0;
    if (!c.skip(4) || !c.u8(version) || !c.u8(flags)) return (void)cursor_failed(c, "the root object header");
    if (version != 2)
      return (void)malformed(at + 4, "the root object header (OHDR) has version " + std::to_string(version) +
                                         " (2 expected)");
    if ((flags & 0xC0) != 0) return (void)malformed(at + 5, "the root object header has reserved flags set");
    creation_order_ = (flags & 0x04) != 0;
    const uint64_t skip = ((flags & 0x20) ? 16 : 0) + ((flags & 0x10) ? 4 : 0);
    uint64_t size = 0;
    if (!c.skip(skip) || !c.le(size_t{1} << (flags & 0x03), size))
      return (void)cursor_failed(c, "the root object header");
    const uint64_t messages_at = c.pos();
    if (size > src_.size() - messages_at || src_.size() - messages_at - size < 4)
      return (void)malformed(messages_at, "the root object header's first chunk of " + std::to_string(size) +
                                              " bytes passes the end of the file");
    if (!claim_chunk(at, messages_at - at + size + 4, at)) return;
    uint32_t stored = 0;
    ByteCursor sum(cs_, messages_at + size, messages_at + size + 4);
    if (!sum.u32(stored)) return (void)cursor_failed(sum, "the root object header");
    if (!checksum(at, messages_at - at + size, stored, "the root object header")) return;
    version_ = 2;
    chunk_queue_.push_back({messages_at, messages_at + size});
    drain_chunks();
  }

  // A continuation chunk of `len` bytes at `addr`: claimed, and for version 2
  // its signature and checksum checked; its messages queued.
  bool continuation(uint64_t addr, uint64_t len, uint64_t from) {
    uint64_t at = 0;
    if (!resolve(addr, len, "a continuation chunk", from, at)) return false;
    if (!claim_chunk(at, len, from)) return false;
    if (version_ == 1) {
      chunk_queue_.push_back({at, at + len});
      return true;
    }
    if (len < 8) return malformed(from, "a continuation chunk of " + std::to_string(len) + " bytes (8 at least)");
    ByteCursor c(cs_, at, at + len);
    uint8_t sig[4] = {};
    uint32_t stored = 0;
    if (!c.copy(sig) || !c.skip(len - 8) || !c.u32(stored)) return cursor_failed(c, "a continuation chunk");
    if (std::memcmp(sig, "OCHK", 4) != 0) return malformed(at, "a continuation chunk lacks its signature OCHK");
    if (!checksum(at, len - 4, stored, "a continuation chunk")) return false;
    chunk_queue_.push_back({at + 4, at + len - 4});
    return true;
  }

  void drain_chunks() {
    for (size_t i = 0; i < chunk_queue_.size() && !out_.problem; ++i) messages(chunk_queue_[i]);
  }

  void messages(Range chunk) {
    ByteCursor c(cs_, chunk.begin, chunk.end);
    const uint64_t header = version_ == 1 ? 8 : (creation_order_ ? 6 : 4);
    while (!out_.problem && c.remaining() > 0) {
      if (c.remaining() < header) {
        if (version_ == 2) return;  // the gap at the end of a version 2 chunk
        return (void)malformed(c.pos(), "the root object header ends inside a message header");
      }
      if (++messages_ > kMaxHeaderMessages)
        return (void)limit(c.pos(), "the root object header has more than " +
                                        std::to_string(kMaxHeaderMessages) + " messages");
      const uint64_t msg_at = c.pos();
      uint16_t type = 0, size = 0;
      uint8_t type8 = 0, flags = 0;
      const bool ok = version_ == 1 ? (c.u16(type) && c.u16(size) && c.u8(flags) && c.skip(3))
                                    : (c.u8(type8) && c.u16(size) && c.u8(flags) && c.skip(header - 4));
      if (!ok) return (void)cursor_failed(c, "a message header");
      if (version_ == 2) type = type8;
      ByteCursor body(cs_, 0, 0);
      if (!c.sub(size, body)) return (void)cursor_failed(c, "a message of the root object header");
      message(type, flags, body, msg_at);
    }
  }

  void message(uint16_t type, uint8_t flags, ByteCursor& body, uint64_t msg_at) {
    if (type == kMsgNil) return;
    if (type == kMsgContinuation) {
      uint64_t addr = 0, len = 0;
      if (!body.le(offset_size_, addr) || !body.le(length_size_, len))
        return (void)cursor_failed(body, "a continuation message");
      continuation(addr, len, msg_at);
      return;
    }
    if (type == kMsgAttributeInfo) return attribute_info(body, msg_at);
    if (type != kMsgAttribute) return;
    if (flags & kMsgFlagShared)
      return (void)unsupported(msg_at, "a shared attribute message (a shared object header message table)");
    attribute(body, msg_at);
  }

  // Attributes in dense storage live in a fractal heap, which is not read.
  void attribute_info(ByteCursor& body, uint64_t msg_at) {
    uint8_t version = 0, flags = 0;
    uint64_t heap = 0;
    if (!body.u8(version) || !body.u8(flags) || !body.skip((flags & 0x01) ? 2 : 0) ||
        !body.le(offset_size_, heap))
      return (void)cursor_failed(body, "an attribute info message");
    if (version != 0)
      return (void)malformed(msg_at, "an attribute info message has version " + std::to_string(version));
    if (!undefined(heap))
      unsupported(msg_at, "the root group keeps its attributes in dense storage (a fractal heap), which is "
                          "not read: its model config cannot be checked");
  }

  bool wanted(std::string_view name) const {
    return std::find(wanted_.begin(), wanted_.end(), name) != wanted_.end();
  }

  static uint64_t pad8(uint64_t n) { return (n + 7) & ~uint64_t{7}; }

  void attribute(ByteCursor& body, uint64_t msg_at) {
    if (out_.attributes.size() >= kMaxAttributes)
      return (void)limit(msg_at, "the root group has more than " + std::to_string(kMaxAttributes) + " attributes");
    uint8_t version = 0, flags = 0;
    uint16_t name_size = 0, type_size = 0, space_size = 0;
    if (!body.u8(version) || !body.u8(flags) || !body.u16(name_size) || !body.u16(type_size) ||
        !body.u16(space_size) || !body.skip(version == 3 ? 1 : 0))
      return (void)cursor_failed(body, "an attribute message");
    if (version < 1 || version > 3)
      return (void)malformed(msg_at, "an attribute message has version " + std::to_string(version) + " (1 to 3)");
    const bool padded = version == 1;
    if (version == 1 && flags != 0) return (void)malformed(msg_at, "an attribute message of version 1 has flags");
    if (name_size == 0) return (void)malformed(msg_at, "an attribute has an empty name field");
    std::string name(name_size, '\0');
    if (!body.copy(std::span(reinterpret_cast<uint8_t*>(name.data()), name.size())) ||
        !body.skip(padded ? pad8(name_size) - name_size : 0))
      return (void)cursor_failed(body, "an attribute's name");
    if (name.back() != '\0' || name.find('\0') != name.size() - 1)
      return (void)malformed(msg_at, "an attribute name is not one NUL-terminated string");
    name.pop_back();
    Attribute attr{name, std::nullopt, "", 0};
    if (!wanted(name)) {
      out_.attributes.push_back(std::move(attr));
      return;
    }
    if (flags & 0x03)
      return (void)unsupported(msg_at, "attribute '" + printable_name(name) +
                                           "' has a shared datatype or dataspace, which is not read");
    ByteCursor type(cs_, 0, 0), space(cs_, 0, 0);
    if (!body.sub(type_size, type) || !body.skip(padded ? pad8(type_size) - type_size : 0) ||
        !body.sub(space_size, space) || !body.skip(padded ? pad8(space_size) - space_size : 0))
      return (void)cursor_failed(body, "attribute '" + printable_name(name) + "'");
    value(type, space, body, attr);
    if (!out_.problem) out_.attributes.push_back(std::move(attr));
  }

  // Elements of the dataspace, or nullopt after a problem.
  std::optional<uint64_t> elements(ByteCursor& space, const std::string& what) {
    const uint64_t at = space.pos();
    uint8_t version = 0, rank = 0, flags = 0, kind = 1;
    if (!space.u8(version) || !space.u8(rank) || !space.u8(flags)) return cursor_failed(space, what), std::nullopt;
    if (version == 1) {
      if (!space.skip(5)) return cursor_failed(space, what), std::nullopt;
      kind = rank == 0 ? 0 : 1;
    } else if (version == 2) {
      if (!space.u8(kind)) return cursor_failed(space, what), std::nullopt;
      if (kind > 2) return malformed(at, what + " has dataspace type " + std::to_string(kind)), std::nullopt;
    } else {
      return malformed(at, what + " has dataspace version " + std::to_string(version)), std::nullopt;
    }
    if (rank > kMaxRank) return malformed(at, what + " has rank " + std::to_string(rank)), std::nullopt;
    if (kind == 2) return uint64_t{0};
    uint64_t n = 1;
    for (uint8_t i = 0; i < rank; ++i) {
      uint64_t dim = 0;
      if (!space.le(length_size_, dim)) return cursor_failed(space, what), std::nullopt;
      n = (dim != 0 && n > ~uint64_t{0} / dim) ? ~uint64_t{0} : n * dim;
    }
    return n;
  }

  void value(ByteCursor& type, ByteCursor& space, ByteCursor& data, Attribute& attr) {
    const std::string what = "attribute '" + printable_name(attr.name) + "'";
    const uint64_t type_at = type.pos();
    uint8_t class_version = 0, bits0 = 0;
    uint32_t element = 0;
    if (!type.u8(class_version) || !type.u8(bits0) || !type.skip(2) || !type.u32(element))
      return (void)cursor_failed(type, what + "'s datatype");
    const uint8_t cls = class_version & 0x0F, type_version = class_version >> 4;
    if (type_version < 1 || type_version > 5)
      return (void)malformed(type_at, what + " has datatype version " + std::to_string(type_version));
    const auto count = elements(space, what);
    if (!count) return;
    attr.value_offset = data.pos();
    if (cls != kClassString && !(cls == kClassVariableLength && (bits0 & 0x0F) == 1)) {
      attr.not_string = "of HDF5 datatype class " + std::to_string(cls) + ", not a string";
      return;
    }
    if (*count != 1) {
      attr.not_string = "a string dataspace of " + std::to_string(*count) + " elements, not one";
      return;
    }
    if (cls == kClassString) {
      if (element > data.remaining())
        return (void)malformed(attr.value_offset, what + " is a string of " + std::to_string(element) +
                                                      " bytes, more than its message holds");
      std::string text(element, '\0');
      if (!data.copy(std::span(reinterpret_cast<uint8_t*>(text.data()), text.size())))
        return (void)cursor_failed(data, what + "'s value");
      const uint8_t padding = bits0 & 0x0F;
      if (padding == 2) {
        text.erase(text.find_last_not_of(' ') + 1);
      } else if (auto nul = text.find('\0'); nul != std::string::npos) {
        text.resize(nul);
      }
      attr.text = std::move(text);
      return;
    }
    uint32_t length = 0, index = 0;
    uint64_t collection = 0;
    if (!data.u32(length) || !data.le(offset_size_, collection) || !data.u32(index))
      return (void)cursor_failed(data, what + "'s value");
    if (length == 0) {
      attr.text = std::string();
      return;
    }
    if (length > kMaxAttributeBytes)
      return (void)limit(attr.value_offset, what + " holds " + std::to_string(length) +
                                                " bytes, more than the limit of " + std::to_string(kMaxAttributeBytes));
    heap_object(collection, index, length, attr, what);
  }

  // Object `index` of the global heap collection at `addr`: its first `length` bytes.
  void heap_object(uint64_t addr, uint32_t index, uint32_t length, Attribute& attr, const std::string& what) {
    const uint64_t from = attr.value_offset;
    uint64_t at = 0;
    const uint64_t header = 8 + length_size_;
    if (!resolve(addr, header, what + "'s global heap collection", from, at)) return;
    ByteCursor c(cs_, at, src_.size());
    uint8_t sig[4] = {}, version = 0;
    uint64_t size = 0;
    if (!c.copy(sig) || !c.u8(version) || !c.skip(3) || !c.le(length_size_, size))
      return (void)cursor_failed(c, "a global heap collection");
    if (std::memcmp(sig, "GCOL", 4) != 0) return (void)malformed(at, what + " points at no global heap (GCOL)");
    if (version != 1) return (void)malformed(at + 4, "a global heap collection has version " + std::to_string(version));
    if (size < header || size > src_.size() - at)
      return (void)malformed(at + 8, "a global heap collection of " + std::to_string(size) +
                                         " bytes does not fit the file");
    if (index == 0) return (void)malformed(from, what + " names global heap object 0 (free space)");
    ByteCursor objects(cs_, at + header, at + size);
    for (size_t walked = 0; objects.remaining() >= 8 + length_size_; ++walked) {
      if (walked >= kMaxHeapObjects)
        return (void)limit(objects.pos(), "a global heap collection holds more than " +
                                              std::to_string(kMaxHeapObjects) + " objects");
      const uint64_t obj_at = objects.pos();
      uint16_t id = 0;
      uint64_t obj_size = 0;
      if (!objects.u16(id) || !objects.skip(6) || !objects.le(length_size_, obj_size))
        return (void)cursor_failed(objects, "a global heap object");
      if (id == 0) break;  // free space: the rest of the collection
      if (obj_size > objects.remaining())
        return (void)malformed(obj_at, "global heap object " + std::to_string(id) + " of " +
                                           std::to_string(obj_size) + " bytes passes its collection");
      if (id == index) {
        if (length > obj_size)
          return (void)malformed(from, what + " has " + std::to_string(length) + " bytes, its heap object " +
                                           std::to_string(obj_size));
        auto text = src_.read_exact(objects.pos(), length);
        if (!text.ok()) return (void)fail("hdf5.read_error", objects.pos(), what + " cannot be read: " +
                                                                               text.error().detail);
        attr.value_offset = objects.pos();
        attr.text = std::move(*text);
        return;
      }
      if (!objects.skip(std::min(pad8(obj_size), objects.remaining())))
        return (void)cursor_failed(objects, "a global heap object");
    }
    malformed(from, what + " names global heap object " + std::to_string(index) + ", which its collection lacks");
  }

  const ByteSource& src_;
  CursorSource cs_;
  std::span<const std::string_view> wanted_;
  RootAttributes& out_;
  uint64_t base_ = 0;
  size_t offset_size_ = 8, length_size_ = 8;
  int version_ = 1;
  bool creation_order_ = false;
  std::vector<Range> chunks_;       // every chunk claimed, for overlaps
  std::vector<Range> chunk_queue_;  // message ranges, in order
  uint64_t header_bytes_ = 0;
  size_t messages_ = 0;
};

}  // namespace

std::optional<uint64_t> find_superblock(const ByteSource& src) {
  // 0, then user blocks of 512 << k bytes; at most 56 places before 2^64.
  for (uint64_t at = 0; src.size() >= kSignature.size() && at <= src.size() - kSignature.size();
       at = at == 0 ? 512 : at << 1) {
    auto got = src.read_exact(at, kSignature.size());
    if (!got.ok()) return std::nullopt;
    if (*got == kSignature) return at;
    if (at > (uint64_t{1} << 62)) break;
  }
  return std::nullopt;
}

RootAttributes read_root_attributes(const ByteSource& src, std::span<const std::string_view> wanted) {
  RootAttributes out;
  const auto at = find_superblock(src);
  if (!at) {
    out.problem = Problem{"hdf5.malformed", 0, "no HDF5 signature at offset 0 or after a user block"};
    return out;
  }
  Reader(src, wanted, out).run(*at);
  return out;
}

}  // namespace modelseal::formats::hdf5
