#include "common/hex.h"

#include <gtest/gtest.h>

namespace fullrecord {
namespace {

TEST(Hex, RoundTripsAllByteValues) {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[static_cast<size_t>(i)] = static_cast<uint8_t>(i);
  auto back = FromHex(ToHex(all));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, all);
}

TEST(Hex, RejectsOddLengthAndNonHex) {
  EXPECT_FALSE(FromHex("abc").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
  EXPECT_EQ(*FromHex("ABcd"), (Bytes{0xab, 0xcd}));
}

TEST(Base64, MatchesRfc4648Vectors) {
  // RFC 4648 §10 test vectors.
  const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    std::string p = plain[i];
    EXPECT_EQ(Base64Encode(reinterpret_cast<const uint8_t*>(p.data()), p.size()), coded[i]);
    auto d = Base64Decode(coded[i]);
    ASSERT_TRUE(d.has_value()) << coded[i];
    EXPECT_EQ(std::string(d->begin(), d->end()), p);
  }
}

TEST(Base64, RejectsMalformedText) {
  EXPECT_FALSE(Base64Decode("Zg=").has_value());
  EXPECT_FALSE(Base64Decode("Zm9v\n").has_value());
  EXPECT_FALSE(Base64Decode("Zh==").has_value());  // non-zero padding bits
  EXPECT_FALSE(Base64Decode("Z!==").has_value());
}

}  // namespace
}  // namespace fullrecord
