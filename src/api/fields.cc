#include "api/fields.h"

#include <algorithm>
#include <cstdlib>

namespace fullrecord::api {

std::optional<Fields> Fields::Read(Call& c) {
  auto body = c.JsonBody();
  if (!body.ok()) {
    c.Fail(body.status());
    return std::nullopt;
  }
  return Fields(std::move(body).value());
}

void Fields::Problem(const std::string& message) {
  if (status_.ok()) status_ = Status::InvalidArgument(message);
}

const Json* Fields::Get(const char* key, bool required, bool (Json::*is_type)() const noexcept,
                        const char* type_name) {
  if (!Present(key)) {
    if (required) Problem(std::string("\"") + key + "\" is required");
    return nullptr;
  }
  const Json& value = body_[key];
  if (!(value.*is_type)()) {
    Problem(std::string("\"") + key + "\" must be " + type_name);
    return nullptr;
  }
  return &value;
}

std::string Fields::Text(const char* key) {
  const Json* v = Get(key, true, &Json::is_string, "a string");
  return v ? v->get<std::string>() : "";
}

std::string Fields::OptionalText(const char* key, const std::string& fallback) {
  const Json* v = Get(key, false, &Json::is_string, "a string");
  return v ? v->get<std::string>() : fallback;
}

bool Fields::Bool(const char* key) {
  const Json* v = Get(key, true, &Json::is_boolean, "true or false");
  return v && v->get<bool>();
}

bool Fields::OptionalBool(const char* key, bool fallback) {
  const Json* v = Get(key, false, &Json::is_boolean, "true or false");
  return v ? v->get<bool>() : fallback;
}

std::optional<int64_t> Fields::OptionalId(const char* key) {
  const Json* v = Get(key, false, &Json::is_number_integer, "a positive integer");
  if (!v) return std::nullopt;
  int64_t id = v->get<int64_t>();
  if (id <= 0) {
    Problem(std::string("\"") + key + "\" must be a positive integer");
    return std::nullopt;
  }
  return id;
}

int64_t Fields::Id(const char* key) {
  if (!Present(key)) Problem(std::string("\"") + key + "\" is required");
  return OptionalId(key).value_or(0);
}

std::optional<UnixMicros> Fields::OptionalTime(const char* key) {
  const Json* v = Get(key, false, &Json::is_string, "an RFC 3339 time");
  if (!v) return std::nullopt;
  auto t = ParseRfc3339(v->get<std::string>());
  if (!t) {
    Problem(std::string("\"") + key +
            "\" must be an RFC 3339 time such as "
            "2026-03-02T09:00:00+08:00, not \"" +
            v->get<std::string>() + "\"");
  }
  return t;
}

UnixMicros Fields::Time(const char* key) {
  if (!Present(key)) Problem(std::string("\"") + key + "\" is required");
  return OptionalTime(key).value_or(0);
}

Json Fields::Object(const char* key) {
  const Json* v = Get(key, false, &Json::is_object, "an object");
  return v ? *v : Json::object();
}

std::vector<std::string> Fields::Strings(const char* key) {
  std::vector<std::string> out;
  const Json* v = Get(key, false, &Json::is_array, "an array of strings");
  if (!v) return out;
  for (const auto& item : *v) {
    if (!item.is_string()) {
      Problem(std::string("\"") + key + "\" must be an array of strings");
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<int64_t> PathId(Call& c, const std::string& name) {
  auto id = c.IdParam(name);
  if (id.ok()) return *id;
  c.Fail(id.status());
  return std::nullopt;
}

int64_t QueryInt(const Call& c, const std::string& name, int64_t fallback, int64_t lo, int64_t hi) {
  std::string text = c.ex.Query(name);
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') return fallback;
  return std::clamp<int64_t>(v, lo, hi);
}

Status Uniform(const Status& s, const std::string& what) {
  return s.IsNotFound() ? Status::NotFound(what) : s;
}

void Answer(Call& c, const Status& s, const Json& ok_body) {
  if (s.ok()) return c.Reply(ok_body);
  c.Fail(s);
}

}  // namespace fullrecord::api
