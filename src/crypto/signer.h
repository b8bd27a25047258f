// Ed25519 and SM2 (GB/T 32918) key pairs, signatures and PEM files, through OpenSSL 3.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/hex.h"
#include "common/status.h"

namespace fullrecord::crypto {

enum class KeyType { kEd25519, kSm2 };

// A public key that verifies signatures. Immutable and safe to share between threads.
class PublicKey {
 public:
  ~PublicKey();
  PublicKey(PublicKey&&) noexcept;
  PublicKey& operator=(PublicKey&&) noexcept;

  // Parses a PEM "PUBLIC KEY" (SubjectPublicKeyInfo). InvalidArgument if it is not an Ed25519
  // or SM2 key.
  static Result<PublicKey> FromPem(std::string_view pem);
  static Result<PublicKey> LoadPemFile(const std::string& path);

  KeyType type() const { return type_; }
  std::string ToPem() const;
  // Raw public key bytes: 32 bytes for Ed25519; the 65-byte uncompressed point 04‖x‖y for SM2.
  Bytes RawBytes() const;

  // True only when `signature` is a valid signature of `message` by this key. SM2 uses the
  // default distinguishing identifier "1234567812345678" (GB/T 35276).
  bool Verify(std::string_view message, const Bytes& signature) const;

 private:
  struct Impl;
  PublicKey(KeyType type, std::unique_ptr<Impl> impl);
  KeyType type_;
  std::unique_ptr<Impl> impl_;
};

// A private signing key. Sign() is safe to call from several threads.
class PrivateKey {
 public:
  ~PrivateKey();
  PrivateKey(PrivateKey&&) noexcept;
  PrivateKey& operator=(PrivateKey&&) noexcept;

  static Result<PrivateKey> Generate(KeyType type);
  // Encrypted PEM is refused (InvalidArgument); nothing prompts for a passphrase.
  static Result<PrivateKey> FromPem(std::string_view pem);
  // NotFound names the path of a missing file.
  static Result<PrivateKey> LoadPemFile(const std::string& path);
  // Writes PKCS#8 PEM to a new file created with mode 0600 (AlreadyExists if it exists), fsynced.
  // On failure the partial file is removed; a full disk gives NoSpace.
  Status SavePemFile(const std::string& path) const;

  KeyType type() const { return type_; }
  PublicKey Public() const;
  Result<Bytes> Sign(std::string_view message) const;

 private:
  struct Impl;
  PrivateKey(KeyType type, std::unique_ptr<Impl> impl);
  KeyType type_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fullrecord::crypto
