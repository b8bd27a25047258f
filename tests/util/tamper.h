// Corruption helpers: flip or cut bytes of a file in place, bypassing its read-only mode,
// as an intruder with root on the machine could.
#pragma once

#include <cstdint>
#include <string>

namespace fullrecord::testing {

// Flips the bits of `mask` in the byte at `offset`.
void FlipByte(const std::string& path, uint64_t offset, uint8_t mask = 0x01);
// Cuts the file to `size` bytes.
void Truncate(const std::string& path, uint64_t size);

}  // namespace fullrecord::testing
