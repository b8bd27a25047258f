#include "ledger/checkpoint.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "common/hex.h"
#include "crypto/digest.h"

namespace fullrecord::ledger {

namespace {

// "— " : U+2014 EM DASH then a space, opening every signature line.
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";
constexpr size_t kMaxSignatures = 100;
constexpr size_t kKeyIdLen = 4;
constexpr size_t kMaxSizeDigits = 20;  // 18446744073709551615

constexpr uint8_t kEd25519Type[] = {0x01};
// Signed-note type 0xff ("no assigned byte") followed by an identifier, as the header defines.
constexpr uint8_t kSm2Type[] = {0xff, 's', 'm', '2'};

Bytes TypeBytes(crypto::KeyType type) {
  if (type == crypto::KeyType::kEd25519) {
    return Bytes(std::begin(kEd25519Type), std::end(kEd25519Type));
  }
  return Bytes(std::begin(kSm2Type), std::end(kSm2Type));
}

// Returns the code point starting at s[*pos] and advances *pos, or -1 for invalid UTF-8
// (truncated, overlong, surrogate or above U+10FFFF).
int32_t NextCodePoint(std::string_view s, size_t* pos) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  uint8_t lead = byte(*pos);
  if (lead < 0x80) {
    ++*pos;
    return lead;
  }

  int extra = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  if (extra == 0 || lead > 0xf4 || *pos + extra >= s.size()) return -1;
  int32_t cp = lead & (0x3f >> extra);
  for (int i = 1; i <= extra; ++i) {
    uint8_t next = byte(*pos + i);
    if ((next & 0xc0) != 0x80) return -1;
    cp = cp << 6 | (next & 0x3f);
  }

  static constexpr int32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
  *pos += extra + 1;
  return cp;
}

// Unicode White_Space, the set Go's unicode.IsSpace tests and signed-note forbids in names.
bool IsUnicodeSpace(int32_t cp) {
  if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xa0) return true;
  if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a)) return true;
  return cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

// Signed notes are valid UTF-8 without ASCII control characters other than newline.
Status ValidateText(std::string_view text, const char* what) {
  for (size_t pos = 0; pos < text.size();) {
    size_t at = pos;
    int32_t cp = NextCodePoint(text, &pos);
    const char* problem = cp < 0 ? " is not valid UTF-8" : " has a control character";
    if (cp < 0 || (cp < 0x20 && cp != '\n')) {
      return Status::InvalidArgument(what + std::string(problem) + " at byte " +
                                     std::to_string(at));
    }
  }
  return Status::Ok();
}

// Key names are non-empty UTF-8 without spaces or '+'.
bool IsValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t pos = 0; pos < name.size();) {
    int32_t cp = NextCodePoint(name, &pos);
    if (cp < 0x20 || cp == '+' || IsUnicodeSpace(cp)) return false;  // cp < 0: invalid UTF-8
  }
  return true;
}

Status CheckKeyName(std::string_view name) {
  if (IsValidKeyName(name)) return Status::Ok();
  return Status::InvalidArgument("key name \"" + std::string(name) +
                                 "\" is empty or has a space, '+' or control character");
}

uint32_t ReadBigEndian32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

void AppendBigEndian32(uint32_t v, Bytes* out) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<uint8_t>(v >> shift));
}

std::string KeyIdHex(uint32_t id) {
  Bytes bytes;
  AppendBigEndian32(id, &bytes);
  return ToHex(bytes);
}

std::string Describe(const std::string& name, uint32_t id) {
  return "key " + name + " (id " + KeyIdHex(id) + ")";
}

// Splits text ending in '\n' into its lines, without the newlines.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

Status BadLine(size_t number, const char* field, const std::string& problem) {
  return Status::InvalidArgument("checkpoint line " + std::to_string(number) + " (" + field +
                                 "): " + problem);
}

Status CheckBodyLines(std::string_view body) {
  if (body.empty() || body.back() != '\n') {
    return Status::InvalidArgument("checkpoint body does not end in a newline");
  }
  FR_RETURN_IF_ERROR(ValidateText(body, "checkpoint body"));

  if (SplitLines(body).size() < 3) {
    return Status::InvalidArgument("checkpoint body has fewer than 3 lines");
  }
  return Status::Ok();
}

Result<uint64_t> ParseTreeSize(std::string_view line) {
  bool digits = !line.empty() && line.size() <= kMaxSizeDigits &&
                line.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits) {
    return BadLine(2, "tree size", "not a decimal number: \"" + std::string(line) + "\"");
  }
  if (line.size() > 1 && line[0] == '0') return BadLine(2, "tree size", "leading zero");

  uint64_t size = 0;
  auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), size);
  if (error != std::errc() || end != line.data() + line.size()) {
    return BadLine(2, "tree size", "does not fit in 64 bits");
  }
  return size;
}

Result<merkle::Hash> ParseRoot(std::string_view line) {
  std::optional<Bytes> bytes = Base64Decode(line);
  if (!bytes) return BadLine(3, "root hash", "not canonical padded base64");

  merkle::Hash root{};
  if (bytes->size() != root.size()) {
    return BadLine(3, "root hash", std::to_string(bytes->size()) + " bytes, expected 32");
  }
  std::copy(bytes->begin(), bytes->end(), root.begin());
  return root;
}

Result<std::vector<std::string>> ParseExtensions(const std::vector<std::string_view>& lines) {
  std::vector<std::string> extensions;
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return BadLine(i + 1, "extension", "empty line");
    extensions.emplace_back(lines[i]);
  }
  return extensions;
}

// ---- Signed notes ----

struct NoteSignature {
  std::string_view name;
  uint32_t key_id = 0;
  Bytes signature;
};

struct SplitNote {
  std::string_view text;  // what the signatures cover, ending in '\n'
  std::vector<std::string_view> signature_lines;
};

// The text ends at the last blank line; signature lines follow it.
Result<SplitNote> Split(std::string_view note) {
  FR_RETURN_IF_ERROR(ValidateText(note, "note"));
  if (note.empty() || note.back() != '\n') {
    return Status::InvalidArgument("note does not end in a newline");
  }

  size_t blank = note.rfind("\n\n");
  if (blank == std::string_view::npos) {
    return Status::InvalidArgument("note has no blank line before its signatures");
  }

  SplitNote split{note.substr(0, blank + 1), SplitLines(note.substr(blank + 2))};
  if (split.signature_lines.empty()) return Status::InvalidArgument("note has no signature lines");
  if (split.signature_lines.size() > kMaxSignatures) {
    return Status::InvalidArgument("note has more than 100 signature lines");
  }
  return split;
}

Status BadSignatureLine(size_t index, const char* problem) {
  return Status::InvalidArgument("note signature line " + std::to_string(index + 1) + ": " +
                                 problem);
}

// "— <name> <base64(key id ‖ signature)>"
Result<NoteSignature> ParseSignatureLine(std::string_view line, size_t index) {
  if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
    return BadSignatureLine(index, "does not start with an em dash and a space");
  }
  line.remove_prefix(kSigPrefix.size());

  size_t space = line.find(' ');
  if (space == std::string_view::npos) return BadSignatureLine(index, "has no signature");
  std::string_view name = line.substr(0, space);
  if (!IsValidKeyName(name)) return BadSignatureLine(index, "has an invalid key name");

  std::optional<Bytes> blob = Base64Decode(line.substr(space + 1));
  if (!blob || blob->size() <= kKeyIdLen) {
    return BadSignatureLine(index, "signature is not base64 of a key id and signature");
  }
  uint32_t key_id = ReadBigEndian32(blob->data());
  return NoteSignature{name, key_id, Bytes(blob->begin() + kKeyIdLen, blob->end())};
}

Result<std::vector<NoteSignature>> ParseSignatures(const std::vector<std::string_view>& lines) {
  std::vector<NoteSignature> signatures;
  for (size_t i = 0; i < lines.size(); ++i) {
    FR_ASSIGN_OR_RETURN(NoteSignature signature, ParseSignatureLine(lines[i], i));
    signatures.push_back(std::move(signature));
  }
  return signatures;
}

struct PinnedKey {
  const NoteVerifier* verifier;
  uint32_t key_id;
  bool verified = false;
};

Result<std::vector<PinnedKey>> PinKeys(const std::vector<NoteVerifier>& pinned) {
  if (pinned.empty()) return Status::InvalidArgument("no pinned verifier keys to check a note");

  std::vector<PinnedKey> keys;
  for (const NoteVerifier& verifier : pinned) {
    FR_RETURN_IF_ERROR(CheckKeyName(verifier.name));
    keys.push_back(PinnedKey{&verifier, verifier.KeyId()});
  }
  return keys;
}

// The first line from a pinned key decides for that key: a bad signature rejects the note
// (signed-note: "clients SHOULD reject the whole note"); repeats are ignored, as in Go's note.
Status CheckSignature(const NoteSignature& signature, std::string_view text, PinnedKey* key) {
  if (key->verified || signature.name != key->verifier->name) return Status::Ok();
  if (signature.key_id != key->key_id) return Status::Ok();

  if (!key->verifier->key.Verify(text, signature.signature)) {
    return Status::Corruption("note signature by " + Describe(key->verifier->name, key->key_id) +
                              " does not verify");
  }
  key->verified = true;
  return Status::Ok();
}

Status RequireAllVerified(const std::vector<PinnedKey>& keys) {
  for (const PinnedKey& key : keys) {
    if (!key.verified) {
      return Status::Corruption("note has no signature by " +
                                Describe(key.verifier->name, key.key_id));
    }
  }
  return Status::Ok();
}

Result<std::string> SignatureLine(std::string_view body, const NoteSigner& signer) {
  FR_RETURN_IF_ERROR(CheckKeyName(signer.name));
  FR_ASSIGN_OR_RETURN(Bytes signature, signer.key.Sign(body));

  Bytes blob;
  AppendBigEndian32(signer.Verifier().KeyId(), &blob);
  blob.insert(blob.end(), signature.begin(), signature.end());
  return std::string(kSigPrefix) + signer.name + " " + Base64Encode(blob) + "\n";
}

}  // namespace

// ---- Checkpoint ----

std::string Checkpoint::Body() const {
  std::string body = origin + "\n" + std::to_string(tree_size) + "\n" +
                     Base64Encode(root.data(), root.size()) + "\n";
  for (const std::string& line : extensions) body += line + "\n";
  return body;
}

Result<Checkpoint> Checkpoint::ParseBody(std::string_view body) {
  FR_RETURN_IF_ERROR(CheckBodyLines(body));
  std::vector<std::string_view> lines = SplitLines(body);

  Checkpoint checkpoint;
  if (lines[0].empty()) return BadLine(1, "origin", "empty");
  checkpoint.origin = std::string(lines[0]);

  FR_ASSIGN_OR_RETURN(checkpoint.tree_size, ParseTreeSize(lines[1]));
  FR_ASSIGN_OR_RETURN(checkpoint.root, ParseRoot(lines[2]));
  FR_ASSIGN_OR_RETURN(checkpoint.extensions, ParseExtensions(lines));
  return checkpoint;
}

// ---- Note keys ----

uint32_t NoteVerifier::KeyId() const {
  Bytes type = TypeBytes(key.type());
  Bytes raw = key.RawBytes();

  crypto::Hasher hasher(crypto::HashAlgorithm::kSha256);
  hasher.Update(name);
  hasher.Update("\n");
  hasher.Update(type.data(), type.size());
  hasher.Update(raw.data(), raw.size());
  return ReadBigEndian32(hasher.Finish().data());
}

std::string NoteVerifier::ToVerifierString() const {
  Bytes encoded = TypeBytes(key.type());
  Bytes raw = key.RawBytes();
  encoded.insert(encoded.end(), raw.begin(), raw.end());
  return name + "+" + KeyIdHex(KeyId()) + "+" + Base64Encode(encoded);
}

NoteVerifier NoteSigner::Verifier() const { return NoteVerifier{name, key.Public()}; }

// ---- Notes ----

Result<std::string> SignNote(std::string_view body, const std::vector<NoteSigner>& signers) {
  if (body.empty() || body.back() != '\n') {
    return Status::InvalidArgument("note text does not end in a newline");
  }
  FR_RETURN_IF_ERROR(ValidateText(body, "note text"));
  if (signers.empty()) return Status::InvalidArgument("a note needs at least one signer");

  std::string note = std::string(body) + "\n";
  for (const NoteSigner& signer : signers) {
    FR_ASSIGN_OR_RETURN(std::string line, SignatureLine(body, signer));
    note += line;
  }
  return note;
}

Result<std::string> OpenNote(std::string_view note, const std::vector<NoteVerifier>& pinned) {
  FR_ASSIGN_OR_RETURN(SplitNote split, Split(note));
  FR_ASSIGN_OR_RETURN(std::vector<NoteSignature> signatures,
                      ParseSignatures(split.signature_lines));
  FR_ASSIGN_OR_RETURN(std::vector<PinnedKey> keys, PinKeys(pinned));

  for (const NoteSignature& signature : signatures) {
    for (PinnedKey& key : keys) FR_RETURN_IF_ERROR(CheckSignature(signature, split.text, &key));
  }

  FR_RETURN_IF_ERROR(RequireAllVerified(keys));
  return std::string(split.text);
}

}  // namespace fullrecord::ledger
