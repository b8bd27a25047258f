// Passwords: the policy a new password must meet, Argon2id hashing and verification, and
// generated passwords for the first security administrator.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace fullrecord::auth {

// Argon2id cost. The defaults are OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane): the
// server shares a small machine (2 cores) with uploads and hashing of evidence, so a login costs
// about 50 ms there rather than the several hundred of m = 64 MiB, t = 3. Tests pass cheaper
// values. The cost is written into each hash, so raising it later keeps old hashes valid.
struct HashParams {
  uint32_t time_cost = 2;           // passes over memory
  uint32_t memory_kib = 19 * 1024;  // at least 8 × lanes
  uint32_t lanes = 1;               // parallelism
};

// Checks `password` against the policy: at least 10 characters (Unicode code points, at most
// 128), at least three of lower-case letters, upper-case letters, digits and other characters,
// and not containing `person` (ignoring ASCII case). Ok, or InvalidArgument whose message lists
// every shortcoming, each in Chinese and English.
Status CheckPasswordPolicy(std::string_view password, std::string_view person);

// The PHC-encoded Argon2id hash of `password` with a fresh random 16-byte salt:
// "$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>". InvalidArgument for parameters libargon2 refuses.
Result<std::string> HashPassword(std::string_view password, const HashParams& params);

// Ok when `password` matches `encoded`; PermissionDenied when it does not; Corruption when
// `encoded` is not a well-formed Argon2id hash. Takes the time of one hash at the cost written
// in `encoded`.
Status VerifyPassword(const std::string& encoded, std::string_view password);

// A well-formed Argon2id hash at cost `params` that no password matches (its hash part is zeros,
// not the output of any input): verifying against it costs what verifying a real hash costs,
// so an unknown user name takes as long to refuse as a wrong password.
std::string DummyHash(const HashParams& params);

// A random password of `length` characters (at least 10) that meets the policy for `person`,
// drawn from letters, digits and a few symbols without look-alikes (0/O, 1/l/I).
std::string GeneratePassword(std::string_view person, size_t length = 16);

}  // namespace fullrecord::auth
