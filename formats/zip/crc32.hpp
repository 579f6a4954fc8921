// CRC-32 (ISO-HDLC, polynomial 0xEDB88320) as stored in ZIP headers.
#pragma once

#include <cstdint>
#include <span>

namespace modelseal::formats::zip {

// Continues a running CRC: start with 0, feed chunks in order.
uint32_t crc32_update(uint32_t crc, std::span<const uint8_t> bytes);

}  // namespace modelseal::formats::zip
