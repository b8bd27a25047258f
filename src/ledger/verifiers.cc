// Parsing of pinned verifier keys: "<name>+<8 hex key id>+<base64(type ‖ public key)>".
#include <cstdio>
#include <sstream>

#include "ledger/ledger.h"

namespace fullrecord::ledger {
namespace {

// SubjectPublicKeyInfo DER prefixes (RFC 8410 for Ed25519; id-ecPublicKey with the SM2 curve
// OID 1.2.156.10197.1.301 for SM2), followed by the raw key.
constexpr uint8_t kEd25519Spki[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b,
                                    0x65, 0x70, 0x03, 0x21, 0x00};
constexpr uint8_t kSm2Spki[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c,
                                0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00};

Result<crypto::PublicKey> KeyFromTyped(const Bytes& typed) {
  Bytes der;
  if (typed.size() == 33 && typed[0] == 0x01) {
    der.assign(std::begin(kEd25519Spki), std::end(kEd25519Spki));
    der.insert(der.end(), typed.begin() + 1, typed.end());
  } else if (typed.size() == 69 && typed[0] == 0xff && typed[1] == 's' && typed[2] == 'm' &&
             typed[3] == '2') {
    der.assign(std::begin(kSm2Spki), std::end(kSm2Spki));
    der.insert(der.end(), typed.begin() + 4, typed.end());
  } else {
    return Status::InvalidArgument("verifier key is neither Ed25519 nor SM2");
  }
  std::string b64 = Base64Encode(der);
  std::string pem = "-----BEGIN PUBLIC KEY-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  pem += "-----END PUBLIC KEY-----\n";
  return crypto::PublicKey::FromPem(pem);
}

Result<NoteVerifier> ParseVerifier(const std::string& line) {
  auto p1 = line.find('+');
  auto p2 = p1 == std::string::npos ? p1 : line.find('+', p1 + 1);
  if (p2 == std::string::npos || p1 == 0) {
    return Status::InvalidArgument("verifier key \"" + line + "\" is not name+id+key");
  }
  auto typed = Base64Decode(line.substr(p2 + 1));
  if (!typed) return Status::InvalidArgument("verifier key of " + line.substr(0, p1) + ": bad base64");
  FR_ASSIGN_OR_RETURN(crypto::PublicKey key, KeyFromTyped(*typed));

  NoteVerifier v{line.substr(0, p1), std::move(key)};
  char id_hex[9];
  std::snprintf(id_hex, sizeof(id_hex), "%08x", v.KeyId());
  if (line.substr(p1 + 1, p2 - p1 - 1) != id_hex) {
    return Status::InvalidArgument("verifier key of " + v.name + ": key id does not match the key");
  }
  return v;
}

}  // namespace

Result<std::vector<NoteVerifier>> ParseVerifiers(const std::string& text) {
  std::vector<NoteVerifier> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    FR_ASSIGN_OR_RETURN(NoteVerifier v, ParseVerifier(line));
    out.push_back(std::move(v));
  }
  if (out.empty()) return Status::InvalidArgument("no verifier keys found");
  return out;
}

}  // namespace fullrecord::ledger
