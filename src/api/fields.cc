#include "api/fields.h"

#include <algorithm>
#include <cstdlib>

namespace fullrecord::api {

namespace {

struct FieldName {
  const char* key;
  const char* zh;
};

// The request fields of the routes, named as the web UI labels them.
constexpr FieldName kFieldNames[] = {
    {"active", "是否启用"},
    {"all", "全部记录"},
    {"approve", "审批结论"},
    {"approved_by", "批准人"},
    {"at", "时间"},
    {"case_id", "所属案件"},
    {"cert_no", "执法证号"},
    {"cert_valid_until", "执法证有效期"},
    {"checklist", "现场记录要点"},
    {"classification", "密级"},
    {"code", "代码"},
    {"consent", "当事人是否同意"},
    {"destination", "备份目录"},
    {"device", "执法记录设备"},
    {"doc_type", "文书种类"},
    {"end", "结束时间"},
    {"fields", "文书要素"},
    {"flags", "案件标记"},
    {"from", "起始时间"},
    {"head", "科室负责人"},
    {"id", "编号"},
    {"id_no", "证件号码"},
    {"items", "复制范围"},
    {"kind", "类型"},
    {"landmark", "地标"},
    {"location", "存放位置"},
    {"media", "光盘类型"},
    {"media_capacity", "光盘容量"},
    {"name", "名称"},
    {"new_password", "新密码"},
    {"not_recorded_reason", "未录制原因"},
    {"note", "备注"},
    {"number", "案件编号"},
    {"officer", "执法人员"},
    {"officers", "执法人员"},
    {"old_password", "原密码"},
    {"onsite_end", "现场执法结束时间"},
    {"onsite_start", "现场执法开始时间"},
    {"parties", "当事人"},
    {"party", "申请人"},
    {"password", "密码"},
    {"person", "人员账号"},
    {"place", "地点"},
    {"purpose", "用途"},
    {"reason", "理由"},
    {"received_by", "领取人"},
    {"retention", "保管期限"},
    {"role", "角色"},
    {"section", "科室"},
    {"serial", "设备编号"},
    {"sha256", "文件摘要"},
    {"stage", "阶段"},
    {"start", "开始时间"},
    {"text", "书面说明"},
    {"title", "标题"},
    {"to", "目标阶段"},
    {"trigger", "情形"},
    {"type", "类型"},
    {"voice_explained", "是否已语音说明"},
};

}  // namespace

std::string FieldNameZh(std::string_view key) {
  for (const auto& f : kFieldNames) {
    if (key == f.key) return f.zh;
  }
  return std::string(key);
}

std::optional<Fields> Fields::Read(Call& c) {
  auto body = c.JsonBody();
  if (!body.ok()) {
    c.Fail(body.status());
    return std::nullopt;
  }
  return Fields(std::move(body).value());
}

void Fields::Problem(const std::string& message, const std::string& message_zh) {
  if (status_.ok()) status_ = Status::InvalidArgument(message, message_zh);
}

namespace {

std::string Required(const char* key) {
  return std::string("\"") + key + "\" is required";
}

std::string RequiredZh(const char* key) {
  return "“" + FieldNameZh(key) + "”为必填项";
}

}  // namespace

const Json* Fields::Get(const char* key, bool required, bool (Json::*is_type)() const noexcept,
                        const char* type_name, const char* type_zh) {
  if (!Present(key)) {
    if (required) Problem(Required(key), RequiredZh(key));
    return nullptr;
  }
  const Json& value = body_[key];
  if (!(value.*is_type)()) {
    Problem(std::string("\"") + key + "\" must be " + type_name,
            "“" + FieldNameZh(key) + "”应为" + type_zh);
    return nullptr;
  }
  return &value;
}

std::string Fields::Text(const char* key) {
  const Json* v = Get(key, true, &Json::is_string, "a string", "文字");
  return v ? v->get<std::string>() : "";
}

std::string Fields::OptionalText(const char* key, const std::string& fallback) {
  const Json* v = Get(key, false, &Json::is_string, "a string", "文字");
  return v ? v->get<std::string>() : fallback;
}

bool Fields::Bool(const char* key) {
  const Json* v = Get(key, true, &Json::is_boolean, "true or false", "“是”或“否”");
  return v && v->get<bool>();
}

bool Fields::OptionalBool(const char* key, bool fallback) {
  const Json* v = Get(key, false, &Json::is_boolean, "true or false", "“是”或“否”");
  return v ? v->get<bool>() : fallback;
}

std::optional<int64_t> Fields::OptionalId(const char* key) {
  const Json* v = Get(key, false, &Json::is_number_integer, "a positive integer", "正整数");
  if (!v) return std::nullopt;
  int64_t id = v->get<int64_t>();
  if (id <= 0) {
    Problem(std::string("\"") + key + "\" must be a positive integer",
            "“" + FieldNameZh(key) + "”应为正整数");
    return std::nullopt;
  }
  return id;
}

int64_t Fields::Id(const char* key) {
  if (!Present(key)) Problem(Required(key), RequiredZh(key));
  return OptionalId(key).value_or(0);
}

std::optional<UnixMicros> Fields::OptionalTime(const char* key) {
  const Json* v = Get(key, false, &Json::is_string, "an RFC 3339 time",
                        "带时区的时间");
  if (!v) return std::nullopt;
  auto t = ParseRfc3339(v->get<std::string>());
  if (!t) {
    Problem(std::string("\"") + key +
            "\" must be an RFC 3339 time such as "
            "2026-03-02T09:00:00+08:00, not \"" +
            v->get<std::string>() + "\"",
            "“" + FieldNameZh(key) + "”应为带时区的时间，如 2026-03-02T09:00:00+08:00，“" +
                v->get<std::string>() + "”无效");
  }
  return t;
}

UnixMicros Fields::Time(const char* key) {
  if (!Present(key)) Problem(Required(key), RequiredZh(key));
  return OptionalTime(key).value_or(0);
}

Json Fields::Object(const char* key) {
  const Json* v = Get(key, false, &Json::is_object, "an object", "对象");
  return v ? *v : Json::object();
}

std::vector<std::string> Fields::Strings(const char* key) {
  std::vector<std::string> out;
  const Json* v = Get(key, false, &Json::is_array, "an array of strings", "文字列表");
  if (!v) return out;
  for (const auto& item : *v) {
    if (!item.is_string()) {
      Problem(std::string("\"") + key + "\" must be an array of strings",
              "“" + FieldNameZh(key) + "”应为文字列表");
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

Status Uniform(const Status& s, const std::string& what, const std::string& what_zh) {
  return s.IsNotFound() ? Status::NotFound(what, what_zh) : s;
}

void Answer(Call& c, const Status& s, const Json& ok_body) {
  if (s.ok()) return c.Reply(ok_body);
  c.Fail(s);
}

}  // namespace fullrecord::api
