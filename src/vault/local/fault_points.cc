#include "vault/local/fault_points.h"

#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

namespace fullrecord::vault::local {
namespace {

std::mutex& HookMutex() {
  static std::mutex mu;
  return mu;
}

FaultHook& Hook() {
  static FaultHook hook;
  return hook;
}

// "blob.fsync:5" fails the first blob.fsync with EIO (errno 5); "blob.write:28:3" fails the
// third blob.write with ENOSPC.
FaultHook HookFromEnvironment() {
  const char* spec = std::getenv("FULLRECORD_FAULT");
  if (spec == nullptr || *spec == '\0') return {};
  std::string s(spec);
  auto c1 = s.find(':');
  if (c1 == std::string::npos) return {};
  auto c2 = s.find(':', c1 + 1);
  std::string point = s.substr(0, c1);
  int err = std::atoi(s.substr(c1 + 1, c2 - c1 - 1).c_str());
  int nth = c2 == std::string::npos ? 1 : std::atoi(s.substr(c2 + 1).c_str());
  auto seen = std::make_shared<int>(0);
  return [point, err, nth, seen](std::string_view p) {
    if (p != point) return 0;
    return ++*seen == nth ? err : 0;
  };
}

}  // namespace

void SetFaultHook(FaultHook hook) {
  std::lock_guard<std::mutex> lock(HookMutex());
  Hook() = std::move(hook);
}

int CheckFault(std::string_view point) {
  static std::once_flag env_once;
  std::call_once(env_once, [] {
    if (auto hook = HookFromEnvironment()) SetFaultHook(std::move(hook));
  });
  std::lock_guard<std::mutex> lock(HookMutex());
  return Hook() ? Hook()(point) : 0;
}

}  // namespace fullrecord::vault::local
