#include "common/json.h"

#include <gtest/gtest.h>

namespace fullrecord {
namespace {

TEST(CanonicalJson, SortsKeysAndDropsWhitespace) {
  Json j = Json::parse(R"({ "b": 1, "a": {"z": [1, 2], "y": "案件"} })");
  EXPECT_EQ(CanonicalJson(j), R"({"a":{"y":"案件","z":[1,2]},"b":1})");
}

TEST(CanonicalJson, EqualValuesGiveEqualBytes) {
  Json a = Json::parse(R"({"x": 1, "y": [true, null]})");
  Json b = Json::parse(R"({"y":[true,null],"x":1})");
  EXPECT_EQ(CanonicalJson(a), CanonicalJson(b));
}

TEST(CanonicalJson, RefusesFloatingPoint) {
  EXPECT_THROW(CanonicalJson(Json{{"x", 1.5}}), std::invalid_argument);
}

}  // namespace
}  // namespace fullrecord
