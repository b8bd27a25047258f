#include "crypto/signer.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/digest.h"

namespace fullrecord::crypto {
namespace {

// ---- Helpers ----

// For constants: a typo throws std::bad_optional_access as the test binary starts.
Bytes Hex(std::string_view hex) { return FromHex(hex).value(); }

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

std::string ToString(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

// PEM armour: base64 of the DER in 64-character lines (RFC 7468).
std::string Pem(const std::string& label, const Bytes& der) {
  std::string base64 = Base64Encode(der);
  std::string out = "-----BEGIN " + label + "-----\n";
  for (size_t i = 0; i < base64.size(); i += 64) out += base64.substr(i, 64) + "\n";
  return out + "-----END " + label + "-----\n";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

Bytes Flipped(Bytes bytes, size_t bit) {
  bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return bytes;
}

PrivateKey Generate(KeyType type) {
  Result<PrivateKey> key = PrivateKey::Generate(type);
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return std::move(key).value();
}

Bytes SignOrDie(const PrivateKey& key, std::string_view message) {
  Result<Bytes> signature = key.Sign(message);
  EXPECT_TRUE(signature.ok()) << signature.status().ToString();
  return signature.ok() ? signature.value() : Bytes();
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "signer_test.XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
    EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
  }
  ~TempDir() { std::filesystem::remove_all(path_); }

  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// ---- Known answers: RFC 8032 §7.1 TEST 1 (Ed25519, empty message) ----

const Bytes kEd25519Seed = Hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const Bytes kEd25519Public =
    Hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const Bytes kEd25519Signature = Hex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

// SubjectPublicKeyInfo and PKCS#8 (RFC 8410) for id-Ed25519 (1.3.101.112).
std::string Ed25519PublicPem(const Bytes& raw) {
  return Pem("PUBLIC KEY", Concat({Hex("302a300506032b6570032100"), raw}));
}
std::string Ed25519PrivatePem(const Bytes& seed) {
  return Pem("PRIVATE KEY", Concat({Hex("302e020100300506032b657004220420"), seed}));
}

// R17.2: checkpoint signatures must be standard Ed25519, checkable by any other implementation.
TEST(Ed25519KnownAnswerTest, Rfc8032Test1SignatureVerifies) {
  Result<PublicKey> key = PublicKey::FromPem(Ed25519PublicPem(kEd25519Public));
  ASSERT_TRUE(key.ok()) << key.status().ToString();

  EXPECT_EQ(key->type(), KeyType::kEd25519);
  EXPECT_EQ(key->RawBytes(), kEd25519Public);
  EXPECT_TRUE(key->Verify("", kEd25519Signature));
  EXPECT_FALSE(key->Verify("x", kEd25519Signature));
}

TEST(Ed25519KnownAnswerTest, Rfc8032Test1PrivateKeySignsThePublishedSignature) {
  Result<PrivateKey> key = PrivateKey::FromPem(Ed25519PrivatePem(kEd25519Seed));
  ASSERT_TRUE(key.ok()) << key.status().ToString();

  EXPECT_EQ(key->Public().RawBytes(), kEd25519Public);
  EXPECT_EQ(SignOrDie(*key, ""), kEd25519Signature);
}

// ---- Known answers: GM/T 0003.5-2012 = GB/T 32918.5-2017 appendix A (SM2 signature on the
// recommended curve sm2p256v1, ID "1234567812345678", message "message digest"). The same
// values appear in GmSSL's test/sm2test.c and OpenSSL's test/sm2_internal_test.c. ----

const Bytes kSm2Private = Hex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
const Bytes kSm2X = Hex("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020");
const Bytes kSm2Y = Hex("CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13");
const Bytes kSm2R = Hex("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3");
const Bytes kSm2S = Hex("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");
const Bytes kSm2Z = Hex("B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3");
const Bytes kSm2E = Hex("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640");
constexpr char kSm2Message[] = "message digest";
constexpr char kSm2DefaultId[] = "1234567812345678";

// sm2p256v1 curve coefficients and base point (GB/T 32918.5).
const Bytes kSm2CurveA = Hex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC");
const Bytes kSm2CurveB = Hex("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");
const Bytes kSm2Gx = Hex("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7");
const Bytes kSm2Gy = Hex("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0");

// AlgorithmIdentifier { id-ecPublicKey, sm2p256v1 (1.2.156.10197.1.301) }.
const Bytes kSm2Algorithm = Hex("301306072a8648ce3d020106082a811ccf5501822d");

Bytes Sm2SpkiDer() {
  return Concat({Hex("3059"), kSm2Algorithm, Hex("03420004"), kSm2X, kSm2Y});
}

std::string Sm2PrivatePem() {
  // PrivateKeyInfo { 0, algorithm, OCTET STRING ECPrivateKey { 1, d, [1] public key } }.
  Bytes ec_private =
      Concat({Hex("306b0201010420"), kSm2Private, Hex("a14403420004"), kSm2X, kSm2Y});
  return Pem("PRIVATE KEY", Concat({Hex("308187020100"), kSm2Algorithm, Hex("046d"), ec_private}));
}

// SM2Signature ::= SEQUENCE { r INTEGER, s INTEGER }; both values have the top bit set.
Bytes Sm2KnownSignatureDer() {
  return Concat({Hex("3046022100"), kSm2R, Hex("022100"), kSm2S});
}

// Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), GB/T 32918.2 §5.5.
Digest32 Sm2Z(std::string_view id) {
  uint16_t entl = static_cast<uint16_t>(id.size() * 8);
  Bytes input = {static_cast<uint8_t>(entl >> 8), static_cast<uint8_t>(entl)};
  input.insert(input.end(), id.begin(), id.end());
  input = Concat({input, kSm2CurveA, kSm2CurveB, kSm2Gx, kSm2Gy, kSm2X, kSm2Y});
  return Sm3(input.data(), input.size());
}

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

PkeyPtr Sm2KnownPublicKey() {
  Bytes der = Sm2SpkiDer();
  const unsigned char* p = der.data();
  return PkeyPtr(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
}

// Test-only: OpenSSL's SM2 verification with an explicit distinguishing id, to show which id
// the published example uses and that the id is bound into the signature.
bool VerifySm2WithId(std::string_view id, std::string_view message, const Bytes& signature) {
  PkeyPtr pkey = Sm2KnownPublicKey();
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> pctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> mctx(EVP_MD_CTX_new());
  if (!pkey || !pctx || !mctx) return false;
  if (EVP_PKEY_CTX_set1_id(pctx.get(), id.data(), id.size()) != 1) return false;

  EVP_MD_CTX_set_pkey_ctx(mctx.get(), pctx.get());
  if (EVP_DigestVerifyInit(mctx.get(), nullptr, EVP_sm3(), nullptr, pkey.get()) != 1) return false;
  auto msg = reinterpret_cast<const unsigned char*>(message.data());
  return EVP_DigestVerify(mctx.get(), signature.data(), signature.size(), msg, message.size()) == 1;
}

// Test-only: verifies (r, s) over the precomputed e = SM3(Z ‖ M), independent of Z.
bool VerifySm2Prehashed(const Bytes& e, const Bytes& signature) {
  PkeyPtr pkey = Sm2KnownPublicKey();
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!pkey || !ctx || EVP_PKEY_verify_init(ctx.get()) != 1) return false;
  return EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), e.data(), e.size()) == 1;
}

TEST(Sm2KnownAnswerTest, ZAndMessageDigestMatchGmt0003Part5) {
  Digest32 z = Sm2Z(kSm2DefaultId);
  EXPECT_EQ(Bytes(z.begin(), z.end()), kSm2Z);

  Bytes z_and_message = Concat({kSm2Z, Bytes(kSm2Message, kSm2Message + 14)});
  Digest32 e = Sm3(z_and_message.data(), z_and_message.size());
  EXPECT_EQ(Bytes(e.begin(), e.end()), kSm2E);
}

TEST(Sm2KnownAnswerTest, OpenSslAcceptsThePublishedSignatureOverTheDigest) {
  EXPECT_TRUE(VerifySm2Prehashed(kSm2E, Sm2KnownSignatureDer()));
}

TEST(Sm2KnownAnswerTest, PublishedSignatureBindsItsDistinguishingId) {
  EXPECT_TRUE(VerifySm2WithId(kSm2DefaultId, kSm2Message, Sm2KnownSignatureDer()));
  EXPECT_FALSE(VerifySm2WithId("ALICE123@YAHOO.COM", kSm2Message, Sm2KnownSignatureDer()));
}

// R17.2: checkpoint SM2 signatures must follow GB/T 32918 with the default id.
TEST(Sm2KnownAnswerTest, PublicKeyVerifiesThePublishedSignatureWithTheDefaultId) {
  Result<PublicKey> key = PublicKey::FromPem(Pem("PUBLIC KEY", Sm2SpkiDer()));
  ASSERT_TRUE(key.ok()) << key.status().ToString();

  EXPECT_EQ(key->type(), KeyType::kSm2);
  EXPECT_EQ(key->RawBytes(), Concat({Hex("04"), kSm2X, kSm2Y}));
  EXPECT_TRUE(key->Verify(kSm2Message, Sm2KnownSignatureDer()));
  EXPECT_FALSE(key->Verify("message digesT", Sm2KnownSignatureDer()));
}

TEST(Sm2KnownAnswerTest, PublishedPrivateKeyGivesThePublishedPublicKeyAndVerifiableSignatures) {
  Result<PrivateKey> key = PrivateKey::FromPem(Sm2PrivatePem());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->type(), KeyType::kSm2);
  EXPECT_EQ(key->Public().RawBytes(), Concat({Hex("04"), kSm2X, kSm2Y}));

  Bytes signature = SignOrDie(*key, kSm2Message);
  EXPECT_TRUE(VerifySm2WithId(kSm2DefaultId, kSm2Message, signature));
}

TEST(Sm2KnownAnswerTest, CompressedPointKeyStillGivesUncompressedRawBytes) {
  // y is odd, so the compressed point is 03 ‖ x.
  Bytes der = Concat({Hex("3039"), kSm2Algorithm, Hex("03220003"), kSm2X});
  Result<PublicKey> key = PublicKey::FromPem(Pem("PUBLIC KEY", der));
  ASSERT_TRUE(key.ok()) << key.status().ToString();

  EXPECT_EQ(key->RawBytes(), Concat({Hex("04"), kSm2X, kSm2Y}));
  EXPECT_TRUE(key->Verify(kSm2Message, Sm2KnownSignatureDer()));
}

// ---- Both key types ----

class SignerTest : public testing::TestWithParam<KeyType> {
 protected:
  PrivateKey key_ = Generate(GetParam());
  TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(KeyTypes, SignerTest, testing::Values(KeyType::kEd25519, KeyType::kSm2),
                         [](const testing::TestParamInfo<KeyType>& info) {
                           return info.param == KeyType::kEd25519 ? "Ed25519" : "Sm2";
                         });

TEST_P(SignerTest, GeneratedKeyHasRequestedTypeAndRawSize) {
  EXPECT_EQ(key_.type(), GetParam());
  EXPECT_EQ(key_.Public().type(), GetParam());

  Bytes raw = key_.Public().RawBytes();
  if (GetParam() == KeyType::kEd25519) {
    EXPECT_EQ(raw.size(), 32u);
  } else {
    ASSERT_EQ(raw.size(), 65u);
    EXPECT_EQ(raw[0], 0x04);
  }
}

TEST_P(SignerTest, TwoGeneratedKeysDiffer) {
  EXPECT_NE(key_.Public().RawBytes(), Generate(GetParam()).Public().RawBytes());
}

TEST_P(SignerTest, SignatureVerifies) {
  Bytes signature = SignOrDie(key_, "checkpoint body\n");
  EXPECT_TRUE(key_.Public().Verify("checkpoint body\n", signature));
}

TEST_P(SignerTest, EmptyMessageSignatureVerifies) {
  EXPECT_TRUE(key_.Public().Verify("", SignOrDie(key_, "")));
}

// R17.2: any change to a signed checkpoint must be detected.
TEST_P(SignerTest, EveryFlippedMessageBitFailsVerification) {
  std::string message = "fullrecord/ledger\n42\n";
  Bytes signature = SignOrDie(key_, message);
  PublicKey public_key = key_.Public();

  Bytes bytes(message.begin(), message.end());
  for (size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    EXPECT_FALSE(public_key.Verify(ToString(Flipped(bytes, bit)), signature)) << "bit " << bit;
  }
}

// R17.2: a damaged signature must never verify.
TEST_P(SignerTest, EveryFlippedSignatureBitFailsVerification) {
  Bytes signature = SignOrDie(key_, "message");
  PublicKey public_key = key_.Public();

  for (size_t bit = 0; bit < signature.size() * 8; ++bit) {
    EXPECT_FALSE(public_key.Verify("message", Flipped(signature, bit))) << "bit " << bit;
  }
}

TEST_P(SignerTest, MalformedSignaturesFailVerificationWithoutCrashing) {
  Bytes signature = SignOrDie(key_, "message");
  PublicKey public_key = key_.Public();
  std::mt19937 rng(1);

  Bytes longer = Concat({signature, Bytes{0}});
  Bytes truncated(signature.begin(), signature.end() - 1);
  Bytes random(4096);
  for (uint8_t& b : random) b = static_cast<uint8_t>(rng());
  for (const Bytes& bad : {Bytes(), Bytes{0x30}, truncated, longer, Bytes(64, 0), random}) {
    EXPECT_FALSE(public_key.Verify("message", bad)) << ToHex(bad);
  }
}

TEST_P(SignerTest, WrongKeyFailsVerification) {
  Bytes signature = SignOrDie(key_, "message");
  EXPECT_FALSE(Generate(GetParam()).Public().Verify("message", signature));
}

TEST_P(SignerTest, OtherAlgorithmKeyFailsVerification) {
  KeyType other = GetParam() == KeyType::kEd25519 ? KeyType::kSm2 : KeyType::kEd25519;
  Bytes signature = SignOrDie(key_, "message");
  EXPECT_FALSE(Generate(other).Public().Verify("message", signature));
}

TEST_P(SignerTest, ConcurrentSigningGivesValidSignatures) {
  std::vector<Bytes> signatures(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < signatures.size(); ++i) {
    std::string message = "message " + std::to_string(i);
    threads.emplace_back([&, i, message] { signatures[i] = SignOrDie(key_, message); });
  }
  for (std::thread& t : threads) t.join();

  PublicKey public_key = key_.Public();
  for (size_t i = 0; i < signatures.size(); ++i) {
    EXPECT_TRUE(public_key.Verify("message " + std::to_string(i), signatures[i])) << i;
  }
}

TEST_P(SignerTest, PublicPemRoundTripKeepsKey) {
  PublicKey original = key_.Public();
  Result<PublicKey> parsed = PublicKey::FromPem(original.ToPem());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();

  EXPECT_EQ(parsed->type(), GetParam());
  EXPECT_EQ(parsed->RawBytes(), original.RawBytes());
  EXPECT_TRUE(parsed->Verify("m", SignOrDie(key_, "m")));
  EXPECT_NE(original.ToPem().find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
}

TEST_P(SignerTest, PemFileRoundTripKeepsBothKeys) {
  std::string private_path = dir_.File("signing.pem");
  std::string public_path = dir_.File("public.pem");
  ASSERT_TRUE(key_.SavePemFile(private_path).ok());
  WriteFile(public_path, key_.Public().ToPem());

  Result<PrivateKey> loaded = PrivateKey::LoadPemFile(private_path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  Result<PublicKey> loaded_public = PublicKey::LoadPemFile(public_path);
  ASSERT_TRUE(loaded_public.ok()) << loaded_public.status().ToString();

  EXPECT_EQ(loaded->type(), GetParam());
  EXPECT_EQ(loaded->Public().RawBytes(), key_.Public().RawBytes());
  EXPECT_TRUE(loaded_public->Verify("m", SignOrDie(*loaded, "m")));
  EXPECT_NE(ReadFile(private_path).find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
}

TEST_P(SignerTest, SavedPrivateKeyFileHasMode0600) {
  std::string path = dir_.File("signing.pem");
  ASSERT_TRUE(key_.SavePemFile(path).ok());

  struct stat st{};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_P(SignerTest, SavingOverAnExistingFileFailsAndKeepsIt) {
  std::string path = dir_.File("signing.pem");
  WriteFile(path, "precious");

  Status status = key_.SavePemFile(path);
  EXPECT_EQ(status.code(), Status::Code::kAlreadyExists);
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  EXPECT_EQ(ReadFile(path), "precious");
}

TEST_P(SignerTest, SavingIntoAMissingDirectoryFailsWithIoErrorNamingThePath) {
  std::string path = dir_.File("missing/signing.pem");
  Status status = key_.SavePemFile(path);
  EXPECT_EQ(status.code(), Status::Code::kIOError);
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
}

TEST_P(SignerTest, PrivatePemIsNotAcceptedAsPublicKey) {
  std::string path = dir_.File("signing.pem");
  ASSERT_TRUE(key_.SavePemFile(path).ok());
  EXPECT_EQ(PublicKey::FromPem(ReadFile(path)).status().code(), Status::Code::kInvalidArgument);
}

// ---- Bad input ----

TEST(SignerInputTest, GarbagePemGivesInvalidArgument) {
  const std::string_view kGarbage[] = {
      std::string_view(), "", "garbage",
      "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"};
  for (std::string_view garbage : kGarbage) {
    EXPECT_EQ(PublicKey::FromPem(garbage).status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(PrivateKey::FromPem(garbage).status().code(), Status::Code::kInvalidArgument);
  }
}

TEST(SignerInputTest, GarbageFileGivesInvalidArgumentNamingThePath) {
  TempDir dir;
  std::string path = dir.File("garbage.pem");
  WriteFile(path, "not a key\n");

  Status status = PrivateKey::LoadPemFile(path).status();
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  EXPECT_EQ(PublicKey::LoadPemFile(path).status().code(), Status::Code::kInvalidArgument);
}

TEST(SignerInputTest, MissingFileGivesNotFoundNamingThePath) {
  TempDir dir;
  std::string path = dir.File("absent.pem");
  Status status = PublicKey::LoadPemFile(path).status();
  EXPECT_EQ(status.code(), Status::Code::kNotFound);
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  EXPECT_EQ(PrivateKey::LoadPemFile(path).status().code(), Status::Code::kNotFound);
}

std::string P256PrivatePem() {
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(bio.get(), pkey.get());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

TEST(SignerInputTest, OtherKeyTypeGivesInvalidArgument) {
  std::string pem = P256PrivatePem();
  Status private_status = PrivateKey::FromPem(pem).status();
  EXPECT_EQ(private_status.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(private_status.message().find("unsupported key type"), std::string::npos);
  EXPECT_EQ(PublicKey::FromPem(pem).status().code(), Status::Code::kInvalidArgument);
}

TEST(SignerInputTest, EncryptedPrivateKeyGivesInvalidArgumentWithoutPrompting) {
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  char passphrase[] = "secret";
  ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey.get(), EVP_aes_256_cbc(), passphrase,
                                          6, nullptr, nullptr),
            1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);

  std::string pem(data, static_cast<size_t>(len));
  EXPECT_EQ(PrivateKey::FromPem(pem).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace fullrecord::crypto
