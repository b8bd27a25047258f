// Random secrets of sessions: tokens handed to the browser and the digests kept of them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/hex.h"

namespace fullrecord::auth {

// `n` bytes from OpenSSL's CSPRNG. Throws std::runtime_error if it fails (never expected), as
// the crypto component does for OpenSSL failures.
Bytes RandomBytes(size_t n);

// `n` random bytes as unpadded base64url (RFC 4648 §5): safe in cookies and headers.
std::string RandomToken(size_t n = 32);

// Unpadded base64url of `data`.
std::string Base64Url(const Bytes& data);

// What the store keeps of a session token: its SHA-256.
Bytes TokenDigest(std::string_view token);

// Compares in time that depends only on the lengths, never on where the contents differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace fullrecord::auth
