#include "common/json.h"

#include <stdexcept>

namespace fullrecord {
namespace {

void RejectFloats(const Json& value) {
  if (value.is_number_float()) {
    throw std::invalid_argument("canonical JSON holds integers only");
  }
  if (value.is_structured()) {
    for (const auto& item : value) RejectFloats(item);
  }
}

}  // namespace

std::string CanonicalJson(const Json& value) {
  // nlohmann::json keeps objects in a std::map, so keys come out sorted bytewise.
  RejectFloats(value);
  return value.dump(-1, ' ', false, Json::error_handler_t::strict);
}

}  // namespace fullrecord
