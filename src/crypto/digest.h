// SHA-256 and SM3 (GB/T 32905) through OpenSSL 3's EVP interface.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "common/hex.h"

namespace fullrecord::crypto {

using Digest32 = std::array<uint8_t, 32>;

enum class HashAlgorithm { kSha256, kSm3 };

// Incremental hasher. Not thread-safe; one instance per thread. OpenSSL failing inside a digest
// (never expected) throws std::runtime_error, as do the one-shot functions.
class Hasher {
 public:
  explicit Hasher(HashAlgorithm algorithm);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Update(const void* data, size_t len);
  void Update(std::string_view s) { Update(s.data(), s.size()); }
  // Returns the digest and resets the hasher for reuse.
  Digest32 Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Digest32 Sha256(const void* data, size_t len);
inline Digest32 Sha256(std::string_view s) { return Sha256(s.data(), s.size()); }
Digest32 Sm3(const void* data, size_t len);
inline Digest32 Sm3(std::string_view s) { return Sm3(s.data(), s.size()); }

inline std::string DigestHex(const Digest32& d) { return ToHex(d.data(), d.size()); }

}  // namespace fullrecord::crypto
