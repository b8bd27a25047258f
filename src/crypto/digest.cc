#include "crypto/digest.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <stdexcept>
#include <string>

namespace fullrecord::crypto {

namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// An OpenSSL failure here means a broken build or exhausted memory, never bad input: a bug.
[[noreturn]] void ThrowOpenSslFailure(const char* what) {
  std::string message = std::string("openssl: ") + what + " failed";
  unsigned long error = ERR_get_error();
  if (error != 0) message += std::string(": ") + ERR_error_string(error, nullptr);
  ERR_clear_error();
  throw std::runtime_error(message);
}

void Check(int rc, const char* what) {
  if (rc != 1) ThrowOpenSslFailure(what);
}

const EVP_MD* Fetch(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) ThrowOpenSslFailure(name);
  return md;
}

// Fetched once per process and kept for its lifetime (never freed on purpose: a hasher may
// still run in another static's destructor). Explicit fetching avoids the implicit lookup
// that EVP_sha256() and EVP_sm3() cost on every initialisation.
const EVP_MD* Algorithm(HashAlgorithm algorithm) {
  static const EVP_MD* const kSha256 = Fetch("SHA256");
  static const EVP_MD* const kSm3 = Fetch("SM3");
  return algorithm == HashAlgorithm::kSha256 ? kSha256 : kSm3;
}

Digest32 OneShot(HashAlgorithm algorithm, const void* data, size_t len) {
  Digest32 out;
  unsigned int out_len = 0;
  Check(EVP_Digest(data, len, out.data(), &out_len, Algorithm(algorithm), nullptr), "EVP_Digest");
  if (out_len != out.size()) ThrowOpenSslFailure("EVP_Digest size");
  return out;
}

}  // namespace

struct Hasher::Impl {
  MdCtxPtr ctx;
};

Hasher::Hasher(HashAlgorithm algorithm) : impl_(std::make_unique<Impl>()) {
  impl_->ctx.reset(EVP_MD_CTX_new());
  if (impl_->ctx == nullptr) ThrowOpenSslFailure("EVP_MD_CTX_new");

  Check(EVP_DigestInit_ex2(impl_->ctx.get(), Algorithm(algorithm), nullptr), "EVP_DigestInit_ex2");
}

Hasher::~Hasher() = default;

void Hasher::Update(const void* data, size_t len) {
  Check(EVP_DigestUpdate(impl_->ctx.get(), data, len), "EVP_DigestUpdate");
}

Digest32 Hasher::Finish() {
  Digest32 out;
  unsigned int out_len = 0;
  Check(EVP_DigestFinal_ex(impl_->ctx.get(), out.data(), &out_len), "EVP_DigestFinal_ex");
  if (out_len != out.size()) ThrowOpenSslFailure("EVP_DigestFinal_ex size");

  // A null type re-initialises the context with the digest it already holds.
  Check(EVP_DigestInit_ex2(impl_->ctx.get(), nullptr, nullptr), "EVP_DigestInit_ex2");
  return out;
}

Digest32 Sha256(const void* data, size_t len) {
  return OneShot(HashAlgorithm::kSha256, data, len);
}

Digest32 Sm3(const void* data, size_t len) { return OneShot(HashAlgorithm::kSm3, data, len); }

}  // namespace fullrecord::crypto
