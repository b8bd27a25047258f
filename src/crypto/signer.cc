#include "crypto/signer.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace fullrecord::crypto {

namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct BignumDeleter {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using BignumPtr = std::unique_ptr<BIGNUM, BignumDeleter>;

// GB/T 35276 default distinguishing identifier, set explicitly so that signatures do not
// depend on the default of the OpenSSL version at hand.
constexpr char kSm2DefaultId[] = "1234567812345678";
constexpr size_t kSm2IdLen = sizeof(kSm2DefaultId) - 1;
constexpr size_t kEd25519KeyLen = 32;
constexpr size_t kSm2CoordinateLen = 32;
constexpr size_t kMaxPemFileBytes = 1 << 20;

// Drains this thread's OpenSSL error queue into one line of text.
std::string OpenSslErrors() {
  std::string out;
  for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(e);
    if (!out.empty()) out += "; ";
    out += reason != nullptr ? reason : "unknown error";
  }
  return out.empty() ? "no detail" : out;
}

// An OpenSSL failure on valid input (exhausted memory, broken provider) is a bug.
[[noreturn]] void ThrowOpenSslFailure(const char* what) {
  throw std::runtime_error(std::string("openssl: ") + what + " failed: " + OpenSslErrors());
}

const unsigned char* Data(std::string_view s) {
  static const unsigned char kEmpty[1] = {0};
  return s.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

// A read-only memory BIO over `text`; null when `text` is too large for OpenSSL's int length.
BioPtr ReadBio(std::string_view text) {
  if (text.size() > static_cast<size_t>(INT_MAX)) return nullptr;
  return BioPtr(BIO_new_mem_buf(Data(text), static_cast<int>(text.size())));
}

std::string_view BioContents(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string_view(data, static_cast<size_t>(len));
}

// Refuses to prompt for a passphrase: encrypted PEM is not supported.
int NoPassphrase(char*, int, int, void*) { return -1; }

Result<KeyType> TypeOf(const EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "ED25519")) return KeyType::kEd25519;
  if (EVP_PKEY_is_a(pkey, "SM2")) return KeyType::kSm2;

  const char* name = EVP_PKEY_get0_type_name(pkey);
  return Status::InvalidArgument(std::string("unsupported key type ") +
                                 (name != nullptr ? name : "(unknown)") +
                                 "; expected Ed25519 or SM2");
}

Bytes Ed25519RawKey(const EVP_PKEY* pkey) {
  Bytes out(kEd25519KeyLen);
  size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(pkey, out.data(), &len) != 1 || len != out.size()) {
    ThrowOpenSslFailure("EVP_PKEY_get_raw_public_key");
  }
  return out;
}

void AppendCoordinate(const EVP_PKEY* pkey, const char* param, Bytes* out) {
  BIGNUM* raw_bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, param, &raw_bn) != 1) ThrowOpenSslFailure(param);
  BignumPtr bn(raw_bn);

  size_t offset = out->size();
  out->resize(offset + kSm2CoordinateLen);
  if (BN_bn2binpad(bn.get(), out->data() + offset, kSm2CoordinateLen) < 0) {
    ThrowOpenSslFailure("BN_bn2binpad");
  }
}

// The uncompressed point 04‖x‖y, whatever point form the key was decoded from.
Bytes Sm2RawKey(const EVP_PKEY* pkey) {
  Bytes out = {0x04};
  AppendCoordinate(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &out);
  AppendCoordinate(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &out);
  return out;
}

Bytes RawPublicKey(KeyType type, const EVP_PKEY* pkey) {
  return type == KeyType::kEd25519 ? Ed25519RawKey(pkey) : Sm2RawKey(pkey);
}

std::string PublicPem(EVP_PKEY* pkey) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio.get(), pkey) != 1) {
    ThrowOpenSslFailure("PEM_write_bio_PUBKEY");
  }
  return std::string(BioContents(bio.get()));
}

// PKCS#8 PEM in a secure-memory BIO, which is wiped when freed.
BioPtr PrivatePem(EVP_PKEY* pkey) {
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (bio == nullptr) ThrowOpenSslFailure("BIO_new");

  int rc = PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr);
  if (rc != 1) ThrowOpenSslFailure("PEM_write_bio_PrivateKey");
  return bio;
}

// Owns what EVP_DigestSign/EVP_DigestVerify need. `md_ctx` is declared last so that it is freed
// first: EVP_MD_CTX_set_pkey_ctx lends `pkey_ctx` to it without transferring ownership.
struct DigestContext {
  PkeyCtxPtr pkey_ctx;
  MdCtxPtr md_ctx;
};

enum class Operation { kSign, kVerify };

int DigestInit(Operation op, EVP_MD_CTX* ctx, const EVP_MD* md, EVP_PKEY* pkey) {
  if (op == Operation::kSign) return EVP_DigestSignInit(ctx, nullptr, md, nullptr, pkey);
  return EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, pkey);
}

// SM2 signs SM3(Z ‖ message) where Z depends on the distinguishing id, so the id goes on a
// key context that the digest context then uses.
bool AttachSm2Id(EVP_PKEY* pkey, DigestContext* ctx) {
  ctx->pkey_ctx.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (ctx->pkey_ctx == nullptr) return false;

  if (EVP_PKEY_CTX_set1_id(ctx->pkey_ctx.get(), kSm2DefaultId, kSm2IdLen) != 1) return false;

  EVP_MD_CTX_set_pkey_ctx(ctx->md_ctx.get(), ctx->pkey_ctx.get());
  return true;
}

// Ed25519 is one-shot over the message with no separate digest; SM2 uses SM3.
bool InitDigestContext(Operation op, KeyType type, EVP_PKEY* pkey, DigestContext* ctx) {
  ctx->md_ctx.reset(EVP_MD_CTX_new());
  if (ctx->md_ctx == nullptr) return false;

  if (type == KeyType::kEd25519) return DigestInit(op, ctx->md_ctx.get(), nullptr, pkey) == 1;

  if (!AttachSm2Id(pkey, ctx)) return false;
  return DigestInit(op, ctx->md_ctx.get(), EVP_sm3(), pkey) == 1;
}

Result<Bytes> SignWith(KeyType type, EVP_PKEY* pkey, std::string_view message) {
  DigestContext ctx;
  if (!InitDigestContext(Operation::kSign, type, pkey, &ctx)) {
    return Status::Internal("signature setup failed: " + OpenSslErrors());
  }

  size_t len = 0;
  if (EVP_DigestSign(ctx.md_ctx.get(), nullptr, &len, Data(message), message.size()) != 1) {
    return Status::Internal("signature size query failed: " + OpenSslErrors());
  }

  Bytes signature(len);
  int rc = EVP_DigestSign(ctx.md_ctx.get(), signature.data(), &len, Data(message), message.size());
  if (rc != 1) return Status::Internal("signing failed: " + OpenSslErrors());
  signature.resize(len);
  return signature;
}

bool VerifyWith(KeyType type, EVP_PKEY* pkey, std::string_view message, const Bytes& signature) {
  if (signature.empty()) return false;

  DigestContext ctx;
  if (!InitDigestContext(Operation::kVerify, type, pkey, &ctx)) return false;

  return EVP_DigestVerify(ctx.md_ctx.get(), signature.data(), signature.size(), Data(message),
                          message.size()) == 1;
}

Status ErrnoStatus(const char* action, const std::string& path, int err) {
  std::string message = std::string(action) + " " + path + ": " + std::strerror(err);
  if (err == EEXIST) return Status::AlreadyExists(std::move(message));
  if (err == ENOSPC || err == EDQUOT) return Status::NoSpace(std::move(message));
  return Status::IOError(std::move(message));
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("write", path, errno);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// Makes the new directory entry durable, so that a crash cannot lose a key already in use.
Status SyncParentDirectory(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);

  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory", dir, errno);

  Status status = fsync(fd) == 0 ? Status::Ok() : ErrnoStatus("fsync directory", dir, errno);
  close(fd);
  return status;
}

// Creates `path` (never replacing a file), writes `data`, fsyncs and closes it. On failure after
// creation the partial file is removed.
Status WriteNewFile(const std::string& path, std::string_view data) {
  int fd = open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("create", path, errno);

  Status status = WriteAll(fd, data, path);
  if (status.ok() && fsync(fd) != 0) status = ErrnoStatus("fsync", path, errno);
  if (close(fd) != 0 && status.ok()) status = ErrnoStatus("close", path, errno);

  if (!status.ok()) {
    unlink(path.c_str());
    return status;
  }
  return SyncParentDirectory(path);
}

Status ReadLoop(int fd, const std::string& path, std::string* out) {
  char buffer[16384];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("read", path, errno);
    if (n == 0) return Status::Ok();

    out->append(buffer, static_cast<size_t>(n));
    if (out->size() > kMaxPemFileBytes) {
      return Status::InvalidArgument(path + " is larger than any PEM key file");
    }
  }
}

// Reads a small file. The caller wipes the contents when they are secret.
Result<std::string> ReadPemFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return Status::NotFound("no key file " + path);
  if (fd < 0) return ErrnoStatus("open", path, errno);

  std::string contents;
  Status status = ReadLoop(fd, path, &contents);
  close(fd);
  if (!status.ok()) return status;
  return contents;
}

void Wipe(std::string* secret) {
  OPENSSL_cleanse(secret->data(), secret->size());
  secret->clear();
}

}  // namespace

// ---- PublicKey ----

struct PublicKey::Impl {
  PkeyPtr pkey;
  Bytes raw;  // cached: RawBytes() feeds every signed-note key id
};

PublicKey::PublicKey(KeyType type, std::unique_ptr<Impl> impl)
    : type_(type), impl_(std::move(impl)) {}
PublicKey::~PublicKey() = default;
PublicKey::PublicKey(PublicKey&&) noexcept = default;
PublicKey& PublicKey::operator=(PublicKey&&) noexcept = default;

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  BioPtr bio = ReadBio(pem);
  if (bio == nullptr) return Status::InvalidArgument("public key PEM is too large");

  PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (pkey == nullptr) {
    return Status::InvalidArgument("not a PEM public key: " + OpenSslErrors());
  }

  FR_ASSIGN_OR_RETURN(KeyType type, TypeOf(pkey.get()));
  Bytes raw = RawPublicKey(type, pkey.get());
  return PublicKey(type, std::make_unique<Impl>(Impl{std::move(pkey), std::move(raw)}));
}

Result<PublicKey> PublicKey::LoadPemFile(const std::string& path) {
  FR_ASSIGN_OR_RETURN(std::string pem, ReadPemFile(path));

  Result<PublicKey> key = FromPem(pem);
  if (!key.ok()) return key.status().WithContext(path);
  return key;
}

std::string PublicKey::ToPem() const { return PublicPem(impl_->pkey.get()); }

Bytes PublicKey::RawBytes() const { return impl_->raw; }

bool PublicKey::Verify(std::string_view message, const Bytes& signature) const {
  bool valid = VerifyWith(type_, impl_->pkey.get(), message, signature);
  ERR_clear_error();  // a rejected signature leaves decoder errors behind
  return valid;
}

// ---- PrivateKey ----

struct PrivateKey::Impl {
  PkeyPtr pkey;
};

PrivateKey::PrivateKey(KeyType type, std::unique_ptr<Impl> impl)
    : type_(type), impl_(std::move(impl)) {}
PrivateKey::~PrivateKey() = default;
PrivateKey::PrivateKey(PrivateKey&&) noexcept = default;
PrivateKey& PrivateKey::operator=(PrivateKey&&) noexcept = default;

Result<PrivateKey> PrivateKey::Generate(KeyType type) {
  const char* algorithm = type == KeyType::kEd25519 ? "ED25519" : "SM2";
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, algorithm));
  if (pkey == nullptr) {
    return Status::Internal(std::string(algorithm) + " key generation failed: " + OpenSslErrors());
  }
  return PrivateKey(type, std::make_unique<Impl>(Impl{std::move(pkey)}));
}

Result<PrivateKey> PrivateKey::FromPem(std::string_view pem) {
  BioPtr bio = ReadBio(pem);
  if (bio == nullptr) return Status::InvalidArgument("private key PEM is too large");

  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (pkey == nullptr) {
    return Status::InvalidArgument("not an unencrypted PEM private key: " + OpenSslErrors());
  }

  FR_ASSIGN_OR_RETURN(KeyType type, TypeOf(pkey.get()));
  return PrivateKey(type, std::make_unique<Impl>(Impl{std::move(pkey)}));
}

Result<PrivateKey> PrivateKey::LoadPemFile(const std::string& path) {
  FR_ASSIGN_OR_RETURN(std::string pem, ReadPemFile(path));

  Result<PrivateKey> key = FromPem(pem);
  Wipe(&pem);
  if (!key.ok()) return key.status().WithContext(path);
  return key;
}

Status PrivateKey::SavePemFile(const std::string& path) const {
  BioPtr pem = PrivatePem(impl_->pkey.get());
  return WriteNewFile(path, BioContents(pem.get()));
}

// PublicKey's constructor is private to it, so the public half goes through its PEM parser.
PublicKey PrivateKey::Public() const {
  Result<PublicKey> key = PublicKey::FromPem(PublicPem(impl_->pkey.get()));
  if (!key.ok()) throw std::runtime_error("deriving a public key: " + key.status().ToString());
  return std::move(key).value();
}

Result<Bytes> PrivateKey::Sign(std::string_view message) const {
  return SignWith(type_, impl_->pkey.get(), message);
}

}  // namespace fullrecord::crypto
