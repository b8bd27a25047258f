#include "crypto/digest.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace fullrecord::crypto {
namespace {

std::string Repeat(std::string_view s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += s;
  return out;
}

std::string RandomBytes(size_t len, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(len, '\0');
  for (char& c : out) c = static_cast<char>(byte(rng));
  return out;
}

// Feeds `data` to `hasher` in pieces of random length (including empty pieces).
void UpdateInRandomPieces(Hasher* hasher, std::string_view data, std::mt19937* rng) {
  while (!data.empty()) {
    std::uniform_int_distribution<size_t> piece(0, std::min<size_t>(data.size(), 300));
    size_t len = piece(*rng);
    hasher->Update(data.substr(0, len));
    data.remove_prefix(len);
  }
}

// GB/T 32905-2016 appendix A, example 1.
TEST(Sm3Test, AbcMatchesGbt32905Example1) {
  EXPECT_EQ(DigestHex(Sm3("abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

// GB/T 32905-2016 appendix A, example 2: "abcd" repeated 16 times (512 bits).
TEST(Sm3Test, SixteenAbcdMatchesGbt32905Example2) {
  EXPECT_EQ(DigestHex(Sm3(Repeat("abcd", 16))),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

// FIPS 180-2 appendix B.1.
TEST(Sha256Test, AbcMatchesFips180Example) {
  EXPECT_EQ(DigestHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, EmptyInputMatchesKnownDigest) {
  EXPECT_EQ(DigestHex(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// FIPS 180-2 appendix B.2: the two-block message.
TEST(Sha256Test, TwoBlockMessageMatchesFips180Example) {
  EXPECT_EQ(DigestHex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(HasherTest, HasherWithoutInputGivesEmptyDigest) {
  Hasher hasher(HashAlgorithm::kSha256);
  EXPECT_EQ(hasher.Finish(), Sha256(""));
}

// R9.5: blobs are named by their streamed digest, which must equal the one-shot digest.
TEST(HasherTest, RandomSplitsGiveOneShotDigestForBothAlgorithms) {
  std::mt19937 rng(20240607);
  for (uint32_t trial = 0; trial < 20; ++trial) {
    std::string data = RandomBytes(trial * 997, trial);

    Hasher sha(HashAlgorithm::kSha256);
    UpdateInRandomPieces(&sha, data, &rng);
    EXPECT_EQ(sha.Finish(), Sha256(data)) << "trial " << trial;

    Hasher sm3(HashAlgorithm::kSm3);
    UpdateInRandomPieces(&sm3, data, &rng);
    EXPECT_EQ(sm3.Finish(), Sm3(data)) << "trial " << trial;
  }
}

TEST(HasherTest, FinishResetsForTheNextMessage) {
  Hasher hasher(HashAlgorithm::kSm3);
  hasher.Update("some earlier message");
  hasher.Finish();

  hasher.Update("ab");
  hasher.Update("c");
  EXPECT_EQ(DigestHex(hasher.Finish()),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_EQ(hasher.Finish(), Sm3(""));
}

TEST(HasherTest, MegabyteChunksGiveOneShotDigest) {
  std::string chunk = RandomBytes(1 << 20, 7);
  Hasher hasher(HashAlgorithm::kSha256);
  for (int i = 0; i < 4; ++i) hasher.Update(chunk.data(), chunk.size());
  EXPECT_EQ(hasher.Finish(), Sha256(Repeat(chunk, 4)));
}

TEST(DigestTest, Sha256AndSm3OfSameInputDiffer) {
  EXPECT_NE(Sha256("abc"), Sm3("abc"));
}

}  // namespace
}  // namespace fullrecord::crypto
