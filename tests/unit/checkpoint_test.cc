#include "ledger/checkpoint.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "common/hex.h"
#include "crypto/digest.h"

namespace fullrecord::ledger {
namespace {

using crypto::KeyType;
using crypto::PrivateKey;

// ---- Helpers ----

constexpr char kEmDash[] = "\xE2\x80\x94";

merkle::Hash CountingRoot() {
  merkle::Hash root;
  for (size_t i = 0; i < root.size(); ++i) root[i] = static_cast<uint8_t>(i);
  return root;
}

PrivateKey Generate(KeyType type) {
  Result<PrivateKey> key = PrivateKey::Generate(type);
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return std::move(key).value();
}

NoteSigner MakeSigner(const std::string& name, KeyType type) {
  return NoteSigner{name, Generate(type)};
}

std::vector<NoteVerifier> VerifiersOf(const std::vector<NoteSigner>& signers) {
  std::vector<NoteVerifier> verifiers;
  for (const NoteSigner& signer : signers) verifiers.push_back(signer.Verifier());
  return verifiers;
}

std::string Sign(std::string_view body, const std::vector<NoteSigner>& signers) {
  Result<std::string> note = SignNote(body, signers);
  EXPECT_TRUE(note.ok()) << note.status().ToString();
  return note.ok() ? note.value() : "";
}

// The lines of `text` (which ends in '\n'), without newlines.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// Applies `edit` to the decoded key id ‖ signature of signature line `index` of `note`.
template <typename Edit>
std::string EditSignature(const std::string& note, size_t index, Edit edit) {
  std::vector<std::string> lines = Lines(note);
  std::string& line = lines[lines.size() - 2 + index];
  size_t space = line.rfind(' ');
  Bytes blob = Base64Decode(line.substr(space + 1)).value();
  edit(&blob);
  line = line.substr(0, space + 1) + Base64Encode(blob);
  return Join(lines);
}

Status::Code CodeOf(std::string_view body) { return Checkpoint::ParseBody(body).status().code(); }

std::string MessageOf(std::string_view body) {
  return Checkpoint::ParseBody(body).status().message();
}

// ---- Checkpoint bodies ----

TEST(CheckpointBodyTest, BodyIsOriginSizeBase64RootAndExtensionLines) {
  Checkpoint checkpoint{"gov.example/fullrecord", 42, CountingRoot(), {"ext one", "ext two"}};
  EXPECT_EQ(checkpoint.Body(),
            "gov.example/fullrecord\n42\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
            "ext one\next two\n");
}

TEST(CheckpointBodyTest, ParseBodyRoundTripsBodyWithAndWithoutExtensions) {
  for (const std::vector<std::string>& extensions :
       {std::vector<std::string>{}, std::vector<std::string>{"a", "— b + c"}}) {
    Checkpoint original{"gov.example/log", 7, CountingRoot(), extensions};
    Result<Checkpoint> parsed = Checkpoint::ParseBody(original.Body());
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();

    EXPECT_EQ(parsed->origin, original.origin);
    EXPECT_EQ(parsed->tree_size, original.tree_size);
    EXPECT_EQ(parsed->root, original.root);
    EXPECT_EQ(parsed->extensions, original.extensions);
  }
}

TEST(CheckpointBodyTest, ZeroAndMaximumTreeSizesRoundTrip) {
  for (uint64_t size : {uint64_t{0}, std::numeric_limits<uint64_t>::max()}) {
    Checkpoint original{"o", size, CountingRoot(), {}};
    Result<Checkpoint> parsed = Checkpoint::ParseBody(original.Body());
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed->tree_size, size);
  }
}

TEST(CheckpointBodyTest, C2spSpecificationExampleParses) {
  Result<Checkpoint> parsed = Checkpoint::ParseBody(
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(parsed->tree_size, 20852163u);
  EXPECT_EQ(crypto::DigestHex(parsed->root),
            "0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62");
}

const std::string kRoot = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

TEST(CheckpointBodyTest, BodyWithoutFinalNewlineIsRejected) {
  EXPECT_EQ(CodeOf("o\n1\n" + kRoot), Status::Code::kInvalidArgument);
  EXPECT_EQ(CodeOf(""), Status::Code::kInvalidArgument);
}

TEST(CheckpointBodyTest, BodyWithFewerThanThreeLinesIsRejected) {
  EXPECT_EQ(CodeOf("o\n1\n"), Status::Code::kInvalidArgument);
  EXPECT_NE(MessageOf("o\n1\n").find("fewer than 3 lines"), std::string::npos);
}

TEST(CheckpointBodyTest, EmptyOriginIsRejectedNamingLineOne) {
  EXPECT_EQ(CodeOf("\n1\n" + kRoot + "\n"), Status::Code::kInvalidArgument);
  EXPECT_NE(MessageOf("\n1\n" + kRoot + "\n").find("line 1 (origin)"), std::string::npos);
}

TEST(CheckpointBodyTest, MalformedTreeSizesAreRejectedNamingLineTwo) {
  const char* const kBadSizes[] = {"", "-1", "+1", "01", "00", " 1", "1 ", "0x10", "1e3", "١",
                                   "18446744073709551616", "99999999999999999999",
                                   "123456789012345678901"};
  for (const char* size : kBadSizes) {
    std::string body = std::string("o\n") + size + "\n" + kRoot + "\n";
    EXPECT_EQ(CodeOf(body), Status::Code::kInvalidArgument) << "size \"" << size << "\"";
    EXPECT_NE(MessageOf(body).find("line 2 (tree size)"), std::string::npos) << MessageOf(body);
  }
}

TEST(CheckpointBodyTest, MalformedRootsAreRejectedNamingLineThree) {
  std::string short_root = Base64Encode(Bytes(31, 1));
  std::string long_root = Base64Encode(Bytes(33, 1));
  std::string unpadded = kRoot.substr(0, kRoot.size() - 1);
  std::string noncanonical = kRoot.substr(0, kRoot.size() - 2) + "f=";  // nonzero pad bits
  std::string hex_root(64, 'a');
  for (const std::string& root : {std::string(), short_root, long_root, unpadded, noncanonical,
                                  hex_root, "!" + kRoot.substr(1)}) {
    std::string body = "o\n1\n" + root + "\n";
    EXPECT_EQ(CodeOf(body), Status::Code::kInvalidArgument) << "root \"" << root << "\"";
    EXPECT_NE(MessageOf(body).find("line 3 (root hash)"), std::string::npos) << MessageOf(body);
  }
}

TEST(CheckpointBodyTest, EmptyExtensionLineIsRejectedNamingItsLine) {
  std::string body = "o\n1\n" + kRoot + "\next\n\n";
  EXPECT_EQ(CodeOf(body), Status::Code::kInvalidArgument);
  EXPECT_NE(MessageOf(body).find("line 5 (extension)"), std::string::npos) << MessageOf(body);
}

TEST(CheckpointBodyTest, ControlCharactersAndInvalidUtf8AreRejected) {
  EXPECT_EQ(CodeOf("o\to\n1\n" + kRoot + "\n"), Status::Code::kInvalidArgument);
  EXPECT_EQ(CodeOf("o\r\n1\n" + kRoot + "\n"), Status::Code::kInvalidArgument);
  EXPECT_EQ(CodeOf("o\xff\n1\n" + kRoot + "\n"), Status::Code::kInvalidArgument);
  EXPECT_EQ(CodeOf("o\xc0\xaf\n1\n" + kRoot + "\n"), Status::Code::kInvalidArgument);  // overlong
}

TEST(CheckpointBodyTest, Utf8OriginIsAccepted) {
  Result<Checkpoint> parsed = Checkpoint::ParseBody("档案局/全程记录\n1\n" + kRoot + "\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->origin, "档案局/全程记录");
}

// ---- Key ids and verifier strings ----

// Go's golang.org/x/mod/sumdb/note reference key (package documentation and note_test.go):
// "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz".
constexpr char kGoVerifierKey[] =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr char kGoTypedPublicKey[] = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr char kGoText[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr char kGoSignature[] =
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

std::string GoNote() {
  return std::string(kGoText) + "\n" + kEmDash + " PeterNeumann " + kGoSignature + "\n";
}

// The seed follows the 0x01 type byte in the Go private key; PKCS#8 wraps it (RFC 8410).
NoteSigner GoSigner() {
  Bytes typed_seed = Base64Decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").value();
  Bytes der = FromHex("302e020100300506032b657004220420").value();
  der.insert(der.end(), typed_seed.begin() + 1, typed_seed.end());
  std::string pem =
      "-----BEGIN PRIVATE KEY-----\n" + Base64Encode(der) + "\n-----END PRIVATE KEY-----\n";
  return NoteSigner{"PeterNeumann", PrivateKey::FromPem(pem).value()};
}

// Key id = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian (c2sp.org/signed-note).
uint32_t KeyIdByHand(std::string name_and_newline, const Bytes& type, const Bytes& raw_key) {
  std::string input = std::move(name_and_newline);
  input.append(type.begin(), type.end());
  input.append(raw_key.begin(), raw_key.end());
  crypto::Digest32 hash = crypto::Sha256(input);
  return uint32_t{hash[0]} << 24 | uint32_t{hash[1]} << 16 | uint32_t{hash[2]} << 8 | hash[3];
}

TEST(NoteKeyTest, Ed25519KeyIdByHandMatchesGoReferenceKeyId) {
  Bytes typed_key = Base64Decode(kGoTypedPublicKey).value();
  ASSERT_EQ(typed_key.size(), 33u);
  Bytes raw_key(typed_key.begin() + 1, typed_key.end());

  EXPECT_EQ(KeyIdByHand("PeterNeumann\n", {0x01}, raw_key), 0xc74f20a3u);
  EXPECT_EQ(GoSigner().Verifier().KeyId(), 0xc74f20a3u);
}

TEST(NoteKeyTest, Ed25519KeyIdOfGeneratedKeyMatchesTheFormula) {
  NoteVerifier verifier = MakeSigner("gov.example/ledger", KeyType::kEd25519).Verifier();
  EXPECT_EQ(verifier.KeyId(), KeyIdByHand("gov.example/ledger\n", {0x01}, verifier.key.RawBytes()));
}

TEST(NoteKeyTest, Sm2KeyIdUsesTypeFfSm2AndTheUncompressedPoint) {
  NoteVerifier verifier = MakeSigner("gov.example/ledger-sm2", KeyType::kSm2).Verifier();
  Bytes raw = verifier.key.RawBytes();
  ASSERT_EQ(raw.size(), 65u);
  EXPECT_EQ(verifier.KeyId(), KeyIdByHand("gov.example/ledger-sm2\n", {0xff, 's', 'm', '2'}, raw));
}

TEST(NoteKeyTest, GoReferenceKeyGivesGoVerifierStringAndKeyId) {
  NoteVerifier verifier = GoSigner().Verifier();
  EXPECT_EQ(verifier.KeyId(), 0xc74f20a3u);
  EXPECT_EQ(verifier.ToVerifierString(), kGoVerifierKey);
}

TEST(NoteKeyTest, Sm2VerifierStringCarriesTypeAndPoint) {
  NoteVerifier verifier = MakeSigner("gov.example/sm2", KeyType::kSm2).Verifier();
  std::string text = verifier.ToVerifierString();

  size_t first = text.find('+');
  size_t second = text.find('+', first + 1);
  ASSERT_NE(second, std::string::npos);
  EXPECT_EQ(text.substr(0, first), "gov.example/sm2");
  EXPECT_EQ(FromHex(text.substr(first + 1, 8)).value().size(), 4u);
  Bytes typed_key = Base64Decode(text.substr(second + 1)).value();
  Bytes expected = {0xff, 's', 'm', '2'};
  Bytes raw = verifier.key.RawBytes();
  expected.insert(expected.end(), raw.begin(), raw.end());
  EXPECT_EQ(typed_key, expected);
}

// ---- Signed notes ----

// R17.2: fullrecord checkpoints must be exactly what Go's sumdb/note produces and accepts.
TEST(SignedNoteTest, GoReferenceNoteIsReproducedByteForByte) {
  std::vector<NoteSigner> signers;
  signers.push_back(GoSigner());
  EXPECT_EQ(Sign(kGoText, signers), GoNote());
}

TEST(SignedNoteTest, GoReferenceNoteOpens) {
  std::vector<NoteVerifier> pinned;
  pinned.push_back(GoSigner().Verifier());
  Result<std::string> text = OpenNote(GoNote(), pinned);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, kGoText);
}

class CheckpointNoteTest : public testing::Test {
 protected:
  CheckpointNoteTest() {
    signers_.push_back(MakeSigner("gov.example/ledger", KeyType::kEd25519));
    signers_.push_back(MakeSigner("gov.example/ledger-sm2", KeyType::kSm2));
    pinned_ = VerifiersOf(signers_);
    body_ = Checkpoint{"gov.example/ledger", 1234, CountingRoot(), {}}.Body();
    note_ = Sign(body_, signers_);
  }

  Status OpenStatus(const std::string& note) const { return OpenNote(note, pinned_).status(); }

  std::vector<NoteSigner> signers_;
  std::vector<NoteVerifier> pinned_;
  std::string body_;
  std::string note_;
};

TEST_F(CheckpointNoteTest, NoteIsBodyBlankLineAndOneSignatureLinePerSignerInOrder) {
  std::vector<std::string> lines = Lines(note_);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(Join({lines[0], lines[1], lines[2]}), body_);
  EXPECT_EQ(lines[3], "");
  EXPECT_EQ(lines[4].rfind(std::string(kEmDash) + " gov.example/ledger ", 0), 0u) << lines[4];
  EXPECT_EQ(lines[5].rfind(std::string(kEmDash) + " gov.example/ledger-sm2 ", 0), 0u) << lines[5];
}

TEST_F(CheckpointNoteTest, SignatureLinesStartWithTheSignersKeyIds) {
  for (size_t i = 0; i < 2; ++i) {
    std::string line = Lines(note_)[4 + i];
    Bytes blob = Base64Decode(line.substr(line.rfind(' ') + 1)).value();
    uint32_t id = uint32_t{blob[0]} << 24 | uint32_t{blob[1]} << 16 | uint32_t{blob[2]} << 8 |
                  uint32_t{blob[3]};
    EXPECT_EQ(id, pinned_[i].KeyId()) << "line " << i;
  }
}

TEST_F(CheckpointNoteTest, NoteSignedByBothKeysOpensToItsBody) {
  Result<std::string> body = OpenNote(note_, pinned_);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, body_);
  EXPECT_TRUE(Checkpoint::ParseBody(*body).ok());
}

// R17.2: a checkpoint whose tree size or root was changed after signing is rejected.
TEST_F(CheckpointNoteTest, TamperedBodyIsRejectedAsCorruption) {
  std::string tampered = note_;
  tampered.replace(tampered.find("1234"), 4, "1235");
  Status status = OpenStatus(tampered);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("gov.example/ledger"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("does not verify"), std::string::npos) << status.message();
}

// R17.2: a damaged signature from a pinned key rejects the note, naming the key.
TEST_F(CheckpointNoteTest, TamperedSignatureOfEitherKeyIsRejectedNamingIt) {
  for (size_t i = 0; i < 2; ++i) {
    std::string tampered = EditSignature(note_, i, [](Bytes* blob) { blob->back() ^= 0x01; });
    Status status = OpenStatus(tampered);
    EXPECT_EQ(status.code(), Status::Code::kCorruption) << i;
    EXPECT_NE(status.message().find(pinned_[i].name + " (id"), std::string::npos)
        << status.message();
  }
}

// R17.2: both the Ed25519 and the SM2 signature are required.
TEST_F(CheckpointNoteTest, MissingSm2SignatureIsRejectedNamingTheKey) {
  std::vector<std::string> lines = Lines(note_);
  lines.pop_back();
  Status status = OpenStatus(Join(lines));
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("no signature by key gov.example/ledger-sm2"), std::string::npos)
      << status.message();
}

TEST_F(CheckpointNoteTest, MissingEd25519SignatureIsRejected) {
  std::vector<std::string> lines = Lines(note_);
  lines.erase(lines.begin() + 4);
  EXPECT_EQ(OpenStatus(Join(lines)).code(), Status::Code::kCorruption);
}

TEST_F(CheckpointNoteTest, NoteSignedByOtherKeysUnderTheSameNamesIsRejected) {
  std::vector<NoteSigner> impostors;
  impostors.push_back(MakeSigner("gov.example/ledger", KeyType::kEd25519));
  impostors.push_back(MakeSigner("gov.example/ledger-sm2", KeyType::kSm2));
  EXPECT_EQ(OpenStatus(Sign(body_, impostors)).code(), Status::Code::kCorruption);
}

TEST_F(CheckpointNoteTest, SignatureFromAnotherKeyUnderAPinnedKeyIdIsRejected) {
  std::vector<NoteSigner> impostor;
  impostor.push_back(MakeSigner("gov.example/ledger", KeyType::kEd25519));
  std::string forged_line = Lines(Sign(body_, impostor)).back();
  Bytes forged = Base64Decode(forged_line.substr(forged_line.rfind(' ') + 1)).value();

  std::string note = EditSignature(note_, 0, [&](Bytes* blob) {
    std::copy(forged.begin() + 4, forged.end(), blob->begin() + 4);
  });
  EXPECT_EQ(OpenStatus(note).code(), Status::Code::kCorruption);
}

TEST_F(CheckpointNoteTest, UnknownSignerLinesAreIgnored) {
  std::vector<NoteSigner> witness;
  witness.push_back(MakeSigner("witness.example", KeyType::kEd25519));
  std::string witness_line = Lines(Sign(body_, witness)).back();
  std::string unknown_garbage = std::string(kEmDash) + " gov.example/ledger AAAAAAAAAAAA";

  std::vector<std::string> lines = Lines(note_);
  lines.insert(lines.begin() + 4, witness_line);
  lines.push_back(unknown_garbage);  // same name, unknown key id: not this key
  Result<std::string> body = OpenNote(Join(lines), pinned_);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, body_);
}

TEST_F(CheckpointNoteTest, OneHundredSignatureLinesAreAccepted) {
  std::vector<std::string> lines = Lines(note_);
  for (int i = 0; i < 98; ++i) lines.push_back(std::string(kEmDash) + " other AAAAAAAAAAAA");
  EXPECT_TRUE(OpenNote(Join(lines), pinned_).ok());
}

TEST_F(CheckpointNoteTest, MoreThanOneHundredSignatureLinesAreRejected) {
  std::vector<std::string> lines = Lines(note_);
  for (int i = 0; i < 99; ++i) lines.push_back(std::string(kEmDash) + " other AAAAAAAAAAAA");
  Status status = OpenStatus(Join(lines));
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(status.message().find("more than 100"), std::string::npos) << status.message();
}

TEST_F(CheckpointNoteTest, FirstLineFromAPinnedKeyDecides) {
  std::vector<std::string> good = Lines(note_);
  std::vector<std::string> bad = Lines(EditSignature(note_, 0, [](Bytes* b) { b->back() ^= 1; }));

  std::vector<std::string> bad_first = good;
  bad_first.insert(bad_first.begin() + 4, bad[4]);
  EXPECT_EQ(OpenStatus(Join(bad_first)).code(), Status::Code::kCorruption);

  std::vector<std::string> good_first = good;
  good_first.push_back(bad[4]);
  EXPECT_TRUE(OpenNote(Join(good_first), pinned_).ok());
}

TEST_F(CheckpointNoteTest, PinningOnlyOneKeyAcceptsTheNote) {
  std::vector<NoteVerifier> only_sm2;
  only_sm2.push_back(signers_[1].Verifier());
  EXPECT_TRUE(OpenNote(note_, only_sm2).ok());
}

TEST_F(CheckpointNoteTest, NoPinnedKeysIsInvalidArgument) {
  EXPECT_EQ(OpenNote(note_, {}).status().code(), Status::Code::kInvalidArgument);
}

TEST_F(CheckpointNoteTest, MalformedNotesAreInvalidArgument) {
  std::string sig_lines = note_.substr(body_.size() + 1);
  std::string first_sig = Lines(sig_lines)[0];
  std::string payload = first_sig.substr(first_sig.rfind(' ') + 1);
  std::vector<std::pair<std::string, std::string>> cases = {
      {"no blank line", body_ + sig_lines},
      {"no final newline", note_.substr(0, note_.size() - 1)},
      {"no signature lines", body_ + "\n"},
      {"hyphen instead of em dash", body_ + "\n-- gov.example/ledger " + payload + "\n"},
      {"no space after dash", body_ + "\n" + kEmDash + "gov.example/ledger " + payload + "\n"},
      {"no signature", body_ + "\n" + kEmDash + " gov.example/ledger\n"},
      {"empty signature", body_ + "\n" + kEmDash + " gov.example/ledger \n"},
      {"empty name", body_ + "\n" + kEmDash + "  " + payload + "\n"},
      {"plus in name", body_ + "\n" + kEmDash + " gov+example " + payload + "\n"},
      {"ideographic space in name", body_ + "\n" + kEmDash + " gov\u3000x " + payload + "\n"},
      {"bad base64", body_ + "\n" + kEmDash + " gov.example/ledger !!!!\n"},
      {"only a key id", body_ + "\n" + kEmDash + " gov.example/ledger AAAAAA==\n"},
      {"two spaces", body_ + "\n" + kEmDash + " gov.example/ledger  " + payload + "\n"},
      {"carriage return", note_.substr(0, note_.size() - 1) + "\r\n"},
      {"invalid UTF-8", "\xff" + note_},
  };
  for (const auto& [what, note] : cases) {
    EXPECT_EQ(OpenStatus(note).code(), Status::Code::kInvalidArgument) << what;
  }
}

TEST(SignNoteTest, TextWithInnerBlankLinesRoundTrips) {
  std::vector<NoteSigner> signers;
  signers.push_back(MakeSigner("k", KeyType::kSm2));
  std::string text = "first\n\nthird\n";
  Result<std::string> opened = OpenNote(Sign(text, signers), VerifiersOf(signers));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, text);
}

TEST(SignNoteTest, BadBodiesSignersAndNamesAreInvalidArgument) {
  std::vector<NoteSigner> signers;
  signers.push_back(MakeSigner("k", KeyType::kEd25519));
  EXPECT_EQ(SignNote("no newline", signers).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(SignNote("", signers).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(SignNote("tab\there\n", signers).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(SignNote("text\n", {}).status().code(), Status::Code::kInvalidArgument);

  for (const char* name : {"", "a b", "a+b", "a\nb"}) {
    std::vector<NoteSigner> named;
    named.push_back(MakeSigner(name, KeyType::kEd25519));
    EXPECT_EQ(SignNote("text\n", named).status().code(), Status::Code::kInvalidArgument) << name;
  }
}

}  // namespace
}  // namespace fullrecord::ledger
