#include "auth/password.h"

#include <argon2.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "auth/secrets.h"

namespace fullrecord::auth {
namespace {

constexpr size_t kMinLength = 10;
constexpr size_t kMaxLength = 128;
constexpr int kMinKinds = 3;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

// Letters, digits and symbols a person can read back from a printout without doubt.
constexpr std::string_view kAlphabet =
    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!@#%+=?";

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Which of the four kinds of character a password uses.
struct Kinds {
  bool lower = false;
  bool upper = false;
  bool digit = false;
  bool other = false;  // symbols, spaces, and any non-ASCII character (汉字 included)

  int Count() const { return int{lower} + int{upper} + int{digit} + int{other}; }
};

Kinds KindsOf(std::string_view password) {
  Kinds k;
  for (char c : password) {
    if (c >= 'a' && c <= 'z') {
      k.lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      k.upper = true;
    } else if (c >= '0' && c <= '9') {
      k.digit = true;
    } else {
      k.other = true;
    }
  }
  return k;
}

// The missing kinds: the bilingual text for the message, and the Chinese one.
std::pair<std::string, std::string> MissingKinds(const Kinds& k) {
  std::string zh;
  std::string en;
  auto add = [&](bool have, const char* z, const char* e) {
    if (have) return;
    zh += zh.empty() ? z : std::string("、") + z;
    en += en.empty() ? e : std::string(", ") + e;
  };
  add(k.lower, "小写字母", "lower-case letters");
  add(k.upper, "大写字母", "upper-case letters");
  add(k.digit, "数字", "digits");
  add(k.other, "符号", "symbols");
  return {"字符种类不足三种，缺少" + zh + " / uses fewer than three kinds of character, missing " +
              en,
          "须包含大写字母、小写字母、数字、符号中的至少三类（缺少" + zh + "）"};
}

char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ContainsIgnoringCase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return AsciiLower(a) == AsciiLower(b); });
  return it != haystack.end();
}

std::string Argon2Base64(const Bytes& data) {
  std::string s = Base64Encode(data);
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

Status Argon2Failure(int rc, const char* what) {
  std::string msg = std::string(what) + ": " + argon2_error_message(rc);
  if (rc == ARGON2_MEMORY_ALLOCATION_ERROR) return Status::Internal(msg);
  return Status::InvalidArgument(msg);
}

}  // namespace

Status CheckPasswordPolicy(std::string_view password, std::string_view person) {
  std::vector<std::string> problems;
  std::vector<std::string> problems_zh;
  size_t length = CodePoints(password);
  if (length < kMinLength) {
    problems.push_back("少于10个字符 / shorter than 10 characters");
    problems_zh.push_back("长度至少 " + std::to_string(kMinLength) + " 位");
  }
  if (length > kMaxLength) {
    problems.push_back("多于128个字符 / longer than 128 characters");
    problems_zh.push_back("长度不能超过 " + std::to_string(kMaxLength) + " 位");
  }
  Kinds kinds = KindsOf(password);
  if (kinds.Count() < kMinKinds) {
    auto [text, zh] = MissingKinds(kinds);
    problems.push_back(text);
    problems_zh.push_back(zh);
  }
  if (!person.empty() && ContainsIgnoringCase(password, person)) {
    problems.push_back("含有用户名 / contains the user name");
    problems_zh.push_back("不能包含用户名");
  }
  if (problems.empty()) return Status::Ok();

  std::string msg = "密码不符合要求 / the password does not meet the policy: ";
  for (size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
  std::string zh = "密码不符合要求：";
  for (size_t i = 0; i < problems_zh.size(); ++i) zh += (i ? "；" : "") + problems_zh[i];
  return Status::InvalidArgument(msg, zh);
}

Result<std::string> HashPassword(std::string_view password, const HashParams& p) {
  Bytes salt = RandomBytes(kSaltBytes);
  size_t size =
      argon2_encodedlen(p.time_cost, p.memory_kib, p.lanes, kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(size + 1, '\0');
  int rc =
      argon2id_hash_encoded(p.time_cost, p.memory_kib, p.lanes, password.data(), password.size(),
                            salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Argon2Failure(rc, "cannot hash the password with Argon2id");
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

Status VerifyPassword(const std::string& encoded, std::string_view password) {
  int rc = argon2id_verify(encoded.c_str(), password.data(), password.size());
  if (rc == ARGON2_OK) return Status::Ok();
  if (rc == ARGON2_VERIFY_MISMATCH) return Status::PermissionDenied("password does not match", "密码错误");
  if (rc == ARGON2_MEMORY_ALLOCATION_ERROR) return Argon2Failure(rc, "cannot verify");
  return Status::Corruption(std::string("stored password hash is not a valid Argon2id hash: ") +
                            argon2_error_message(rc));
}

std::string DummyHash(const HashParams& p) {
  constexpr std::string_view kSalt = "fullrecord-dummy";  // 16 bytes, like a real salt
  return "$argon2id$v=19$m=" + std::to_string(p.memory_kib) + ",t=" + std::to_string(p.time_cost) +
         ",p=" + std::to_string(p.lanes) + "$" + Argon2Base64(Bytes(kSalt.begin(), kSalt.end())) +
         "$" + Argon2Base64(Bytes(kHashBytes, 0));
}

std::string GeneratePassword(std::string_view person, size_t length) {
  length = std::max(length, kMinLength);
  const size_t n = kAlphabet.size();
  const size_t limit = 256 - 256 % n;  // rejection sampling keeps every character equally likely
  for (;;) {
    std::string out;
    while (out.size() < length) {
      for (uint8_t b : RandomBytes(length)) {
        if (b < limit && out.size() < length) out += kAlphabet[b % n];
      }
    }
    if (CheckPasswordPolicy(out, person).ok()) return out;
  }
}

}  // namespace fullrecord::auth
