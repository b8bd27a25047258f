// Checkpoints in the C2SP tlog-checkpoint format, wrapped in a C2SP signed-note.
//
//   <origin>\n<tree size, decimal>\n<base64 root>\n[extension lines]\n
//   \n
//   — <key name> <base64(key id ‖ signature)>\n   (one line per signature)
//
// fullrecord signs each checkpoint twice, with Ed25519 and with SM2; a verifier requires a valid
// signature from every key it pins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crypto/signer.h"
#include "merkle/merkle.h"

namespace fullrecord::ledger {

struct Checkpoint {
  std::string origin;
  uint64_t tree_size = 0;
  merkle::Hash root{};
  std::vector<std::string> extensions;  // optional lines after the root, without newline

  // The note body: origin, size, base64 root and extensions, each ending in '\n'. Fields are not
  // validated here; ParseBody validates.
  std::string Body() const;
  // Parses a body (what Body() produces); InvalidArgument naming the bad line otherwise.
  static Result<Checkpoint> ParseBody(std::string_view body);
};

// A named key for signed notes. The key id is the first four bytes of
// SHA-256(name ‖ 0x0A ‖ type byte ‖ public key bytes) as C2SP signed-note defines it; Ed25519
// uses type 0x01, SM2 uses the signed-note "unregistered type" 0xff followed by the ASCII bytes
// "sm2" so that the ids of the two kinds never collide.
struct NoteVerifier {
  std::string name;
  crypto::PublicKey key;

  uint32_t KeyId() const;
  // The verifier-key string "<name>+<hex key id>+<base64 type‖key>" used to pin a key in text.
  std::string ToVerifierString() const;
};

struct NoteSigner {
  std::string name;
  crypto::PrivateKey key;

  NoteVerifier Verifier() const;
};

// Signs `body` (which must end in '\n') with every signer, in order, and returns the full note.
Result<std::string> SignNote(std::string_view body, const std::vector<NoteSigner>& signers);

// Key names contain no white space (Unicode included) and no '+'.
// Splits a note, checks that every verifier in `pinned` has a line whose key id matches and whose
// signature verifies over the body, and returns the body. Lines from unknown keys are ignored.
// Corruption names the key whose signature is missing or wrong; InvalidArgument for a note that
// is not well formed (no blank line, bad signature line, body not ending in newline, invalid
// UTF-8 or control characters), and for an empty `pinned`.
Result<std::string> OpenNote(std::string_view note, const std::vector<NoteVerifier>& pinned);

}  // namespace fullrecord::ledger
