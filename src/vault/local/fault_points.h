// Named fault points for crash and failure tests of the local backend. Production code asks
// the hook at each risky system call; tests install a hook that makes a call fail with a chosen
// errno (EIO for a failing fsync, ENOSPC for a full disk) or kill the process at that point.
// FULLRECORD_FAULT="point:errno[:nth]" installs a hook from the environment for the CLI tests.
#pragma once

#include <functional>
#include <string_view>

namespace fullrecord::vault::local {

// Returns 0 to let the call proceed, or an errno value to fail it with.
using FaultHook = std::function<int(std::string_view point)>;

void SetFaultHook(FaultHook hook);
// Points: "blob.write", "blob.fsync", "blob.rename", "dir.fsync".
int CheckFault(std::string_view point);

}  // namespace fullrecord::vault::local
