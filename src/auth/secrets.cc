#include "auth/secrets.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "crypto/digest.h"

namespace fullrecord::auth {

Bytes RandomBytes(size_t n) {
  Bytes out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  return out;
}

std::string Base64Url(const Bytes& data) {
  std::string s = Base64Encode(data);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return s;
}

std::string RandomToken(size_t n) {
  return Base64Url(RandomBytes(n));
}

Bytes TokenDigest(std::string_view token) {
  crypto::Digest32 d = crypto::Sha256(token);
  return Bytes(d.begin(), d.end());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fullrecord::auth
