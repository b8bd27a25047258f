// Status and Result: the single error mechanism of the core libraries (vault, ledger, store,
// services). Expected failures are values, never exceptions; exceptions are reserved for bugs
// and are caught only at the process boundary (main, request handler).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace fullrecord {

class Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,  // the caller's input is wrong; nothing was changed
    kNotFound,
    kAlreadyExists,
    kPermissionDenied,
    kFailedPrecondition,  // the state does not allow it (wrong stage, store not initialised)
    kCorruption,          // stored data disagrees with its digest, proof or signature
    kIOError,             // the operating system refused or failed a read or write
    kNoSpace,             // the disk is full; nothing partial is visible
    kInternal,
  };

  // Each factory takes the message in English (logs, CLI, tests) and, for a failure a person
  // can cause through the web UI or the API, the same in Chinese for the person who sees it.
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg, std::string zh = {}) {
    return {Code::kInvalidArgument, std::move(msg), std::move(zh)};
  }
  static Status NotFound(std::string msg, std::string zh = {}) {
    return {Code::kNotFound, std::move(msg), std::move(zh)};
  }
  static Status AlreadyExists(std::string msg, std::string zh = {}) {
    return {Code::kAlreadyExists, std::move(msg), std::move(zh)};
  }
  static Status PermissionDenied(std::string msg, std::string zh = {}) {
    return {Code::kPermissionDenied, std::move(msg), std::move(zh)};
  }
  static Status FailedPrecondition(std::string msg, std::string zh = {}) {
    return {Code::kFailedPrecondition, std::move(msg), std::move(zh)};
  }
  static Status Corruption(std::string msg, std::string zh = {}) {
    return {Code::kCorruption, std::move(msg), std::move(zh)};
  }
  static Status IOError(std::string msg, std::string zh = {}) {
    return {Code::kIOError, std::move(msg), std::move(zh)};
  }
  static Status NoSpace(std::string msg, std::string zh = {}) {
    return {Code::kNoSpace, std::move(msg), std::move(zh)};
  }
  static Status Internal(std::string msg, std::string zh = {}) {
    return {Code::kInternal, std::move(msg), std::move(zh)};
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The message in Chinese; empty when the failure was given in English only.
  const std::string& message_zh() const { return message_zh_; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }

  // "corruption: blob 3fa9… sha256 mismatch" — the code's name, then the message.
  std::string ToString() const;
  static const char* CodeName(Code code);

  // Returns a copy whose message is prefixed with `context: `; the Chinese message, if any, is
  // kept as it was, since the context is written for logs.
  Status WithContext(const std::string& context) const;

 private:
  Status(Code code, std::string msg, std::string zh = {})
      : code_(code), message_(std::move(msg)), message_zh_(std::move(zh)) {}

  Code code_ = Code::kOk;
  std::string message_;
  std::string message_zh_;
};

// Either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace fullrecord

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define FR_RETURN_IF_ERROR(expr)                 \
  do {                                           \
    ::fullrecord::Status fr_status_ = (expr);    \
    if (!fr_status_.ok()) return fr_status_;     \
  } while (0)

#define FR_CONCAT_INNER(a, b) a##b
#define FR_CONCAT(a, b) FR_CONCAT_INNER(a, b)

// `FR_ASSIGN_OR_RETURN(auto x, Compute());` declares x from a Result or returns its Status.
#define FR_ASSIGN_OR_RETURN(decl, expr) \
  FR_ASSIGN_OR_RETURN_IMPL(FR_CONCAT(fr_result_, __LINE__), decl, expr)
#define FR_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  decl = std::move(tmp).value()
