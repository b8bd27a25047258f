// Reading requests in route handlers: body fields with their types checked, path ids, query
// numbers, and the reply to a service Status. A field of the wrong type or a missing required
// field is InvalidArgument naming the field; the first problem is kept, so a handler reads every
// field it needs and checks ok() once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "api/api.h"

namespace fullrecord::api {

// The Chinese name of a request field ("start" → "开始时间"), for messages about it; the key
// itself when it has none.
std::string FieldNameZh(std::string_view key);

class Fields {
 public:
  explicit Fields(Json body) : body_(std::move(body)) {}

  // The JSON object body of `c`. Answers 400 and returns nullopt when it is not one.
  static std::optional<Fields> Read(Call& c);

  // A string; required ones must be present (they may still be blank: services judge that).
  std::string Text(const char* key);
  std::string OptionalText(const char* key, const std::string& fallback = "");
  bool Bool(const char* key);
  bool OptionalBool(const char* key, bool fallback);
  // A positive integer.
  int64_t Id(const char* key);
  std::optional<int64_t> OptionalId(const char* key);
  // An RFC 3339 instant with its offset ("2026-03-02T09:00:00+08:00").
  UnixMicros Time(const char* key);
  std::optional<UnixMicros> OptionalTime(const char* key);
  // A JSON object; an empty one when absent.
  Json Object(const char* key);
  // An array of strings; empty when absent.
  std::vector<std::string> Strings(const char* key);

  // A code parsed by `parse` (services::ParseStage …); `fallback` when absent, required when
  // there is none. The parser's message says which codes are valid.
  template <typename T>
  T Enum(const char* key, Result<T> (*parse)(std::string_view),
         std::type_identity_t<std::optional<T>> fallback = {}) {
    if (!Present(key) && fallback) return *fallback;
    std::string code = Text(key);
    if (!ok()) return fallback.value_or(T{});
    auto value = parse(code);
    if (value.ok()) return *value;
    const std::string& zh = value.status().message_zh();
    Problem(std::string(key) + ": " + value.status().message(),
            zh.empty() ? "“" + FieldNameZh(key) + "”的取值“" + code + "”无效" : zh);
    return fallback.value_or(T{});
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  bool Present(const char* key) const { return body_.contains(key) && !body_[key].is_null(); }

 private:
  // The value of `key` when present and `is_type`; records the problem otherwise.
  const Json* Get(const char* key, bool required, bool (Json::*is_type)() const noexcept,
                  const char* type_name, const char* type_zh);
  void Problem(const std::string& message, const std::string& message_zh);

  Json body_;
  Status status_;
};

// The path parameter `name` as a positive id. Answers 400 and returns nullopt otherwise.
std::optional<int64_t> PathId(Call& c, const std::string& name = "id");

// The query parameter `name` as an integer in [lo, hi]; `fallback` when absent or not a number.
int64_t QueryInt(const Call& c, const std::string& name, int64_t fallback, int64_t lo, int64_t hi);

// `s`, with any NotFound replaced by NotFound(`what`): a record hidden from the caller answers
// like a missing one even when the service found the hiding one further along (a recording's
// case, an interruption's recording).
Status Uniform(const Status& s, const std::string& what, const std::string& what_zh = {});

// Replies `ok_body` when `s` is Ok, else the error answer for `s`.
void Answer(Call& c, const Status& s, const Json& ok_body = {{"ok", true}});

}  // namespace fullrecord::api
