// RFC 9162 §2.1 Merkle tree maths. Proof generation walks the RFC's recursive definitions
// iteratively; verification follows the RFC's fn/sn bit-walking algorithms step by step.
#include "merkle/merkle.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>

namespace fullrecord::merkle {

namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

std::string Hex(const Hash& hash) {
  return crypto::DigestHex(hash);
}

std::string Num(uint64_t n) {
  return std::to_string(n);
}

// The RFC's split point k: the largest power of two smaller than n (n >= 2).
uint64_t SplitPoint(uint64_t n) {
  return std::bit_floor(n - 1);
}

// A perfect, aligned subtree: 2^level leaves starting at leaf index << level.
struct Piece {
  int level;
  uint64_t index;
};

// Splits [begin, end) into maximal perfect aligned pieces, left to right. Needs the range
// alignment that CheckRange enforces.
std::vector<Piece> Decompose(uint64_t begin, uint64_t end) {
  std::vector<Piece> pieces;
  while (begin < end) {
    const int level = static_cast<int>(std::bit_width(end - begin)) - 1;
    pieces.push_back({level, begin >> level});
    begin += uint64_t{1} << level;
  }
  return pieces;
}

Status CheckRange(uint64_t begin, uint64_t end) {
  if (begin >= end) {
    return Status::InvalidArgument("empty subtree range [" + Num(begin) + ", " + Num(end) + ")");
  }
  if (begin % std::bit_floor(end - begin) != 0) {
    return Status::InvalidArgument("subtree range [" + Num(begin) + ", " + Num(end) +
                                   ") is not aligned as in an RFC 9162 tree");
  }
  return Status::Ok();
}

Result<Hash> ReadNode(const NodeSource& nodes, const Piece& piece) {
  Result<Hash> hash = nodes(piece.level, piece.index);
  if (!hash.ok()) {
    return hash.status().WithContext("merkle node level " + std::to_string(piece.level) +
                                     " index " + Num(piece.index));
  }
  return hash;
}

// One level up: pairs are hashed; an odd last node is carried up unchanged, which gives the
// RFC's shape for the right edge of the tree.
std::vector<Hash> ParentLevel(const std::vector<Hash>& level) {
  std::vector<Hash> parents;
  parents.reserve((level.size() + 1) / 2);
  for (size_t i = 0; i + 1 < level.size(); i += 2) {
    parents.push_back(NodeHash(level[i], level[i + 1]));
  }
  if (level.size() % 2 == 1) parents.push_back(level.back());
  return parents;
}

// The fn/sn pair of RFC 9162 §2.1.3.2 and §2.1.4.2.
struct Walk {
  uint64_t fn;
  uint64_t sn;
};

void ShiftBoth(Walk& walk) {
  walk.fn >>= 1;
  walk.sn >>= 1;
}

// Steps 4.b / 6.b: "If LSB(fn) is set, or if fn is equal to sn": the proof element is a left
// sibling.
bool SiblingOnLeft(const Walk& walk) {
  return (walk.fn & 1) != 0 || walk.fn == walk.sn;
}

// Steps 4.b.ii / 6.b.iii, then 4.c / 6.c.
void Climb(Walk& walk, bool sibling_on_left) {
  if (sibling_on_left && (walk.fn & 1) == 0) {
    while ((walk.fn & 1) == 0 && walk.fn != 0) ShiftBoth(walk);
  }

  ShiftBoth(walk);
}

Status IndexOutOfRange(uint64_t leaf_index, uint64_t tree_size) {
  return Status::InvalidArgument("inclusion proof: leaf index " + Num(leaf_index) +
                                 " is not below tree size " + Num(tree_size));
}

Status InclusionTooLong(uint64_t leaf_index, uint64_t tree_size, size_t length, size_t used) {
  return Status::Corruption("inclusion proof too long: " + Num(length) + " elements, but leaf " +
                            Num(leaf_index) + " in a tree of size " + Num(tree_size) +
                            " has a path of " + Num(used));
}

Status CheckInclusionEnd(uint64_t leaf_index, uint64_t tree_size, const Walk& walk, size_t length,
                         const Hash& computed, const Hash& root) {
  if (walk.sn != 0) {
    return Status::Corruption("inclusion proof too short: " + Num(length) +
                              " elements do not reach the root for leaf " + Num(leaf_index) +
                              " in a tree of size " + Num(tree_size));
  }
  if (computed != root) {
    return Status::Corruption(
        "inclusion proof for leaf " + Num(leaf_index) + " in a tree of size " + Num(tree_size) +
        " does not verify: expected root " + Hex(root) + ", computed " + Hex(computed));
  }
  return Status::Ok();
}

Status CheckEmptyTreeRoot(const char* which, const Hash& root) {
  if (root == EmptyRoot()) return Status::Ok();
  return Status::Corruption(std::string(which) + " root of the empty tree: expected " +
                            Hex(EmptyRoot()) + ", got " + Hex(root));
}

Status CheckNoProof(uint64_t old_size, uint64_t new_size, const std::vector<Hash>& proof) {
  if (proof.empty()) return Status::Ok();
  return Status::Corruption("consistency proof from size " + Num(old_size) + " to " +
                            Num(new_size) + " must be empty, got " + Num(proof.size()) +
                            " elements");
}

// Equal sizes: nothing to prove beyond equal roots.
Status VerifySameSize(uint64_t size, const Hash& old_root, const Hash& new_root,
                      const std::vector<Hash>& proof) {
  FR_RETURN_IF_ERROR(CheckNoProof(size, size, proof));

  if (size == 0) FR_RETURN_IF_ERROR(CheckEmptyTreeRoot("old", old_root));

  if (old_root != new_root) {
    return Status::Corruption("trees of equal size " + Num(size) + " have different roots: old " +
                              Hex(old_root) + ", new " + Hex(new_root));
  }
  return Status::Ok();
}

// The empty tree is a prefix of every tree; its root is MTH({}).
Status VerifyFromEmpty(uint64_t new_size, const Hash& old_root, const std::vector<Hash>& proof) {
  FR_RETURN_IF_ERROR(CheckNoProof(0, new_size, proof));

  return CheckEmptyTreeRoot("old", old_root);
}

Status ConsistencyTooLong(uint64_t old_size, uint64_t new_size, size_t length) {
  return Status::Corruption("consistency proof from size " + Num(old_size) + " to " +
                            Num(new_size) + " too long: " + Num(length) + " elements");
}

// RFC 9162 §2.1.4.2 step 7.
Status CheckConsistencyEnd(uint64_t old_size, uint64_t new_size, const Walk& walk, size_t length,
                           const Hash& fr, const Hash& sr, const Hash& old_root,
                           const Hash& new_root) {
  const std::string what = "consistency proof from size " + Num(old_size) + " to " + Num(new_size);
  if (walk.sn != 0) {
    return Status::Corruption(what + " too short: " + Num(length) +
                              " elements do not reach the new root");
  }

  if (fr != old_root) {
    return Status::Corruption(what + " does not verify: expected old root " + Hex(old_root) +
                              ", computed " + Hex(fr));
  }
  if (sr != new_root) {
    return Status::Corruption(what + " does not verify: expected new root " + Hex(new_root) +
                              ", computed " + Hex(sr));
  }
  return Status::Ok();
}

// RFC 9162 §2.1.4.2 for 0 < old_size < new_size.
Status VerifyProperConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                               const Hash& new_root, const std::vector<Hash>& proof) {
  // Step 1.
  if (proof.empty()) {
    return Status::Corruption("consistency proof from size " + Num(old_size) + " to " +
                              Num(new_size) + " is empty");
  }

  // Step 2.
  std::vector<Hash> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());

  // Steps 3 and 4.
  Walk walk{old_size - 1, new_size - 1};
  while ((walk.fn & 1) != 0) ShiftBoth(walk);

  // Step 5.
  Hash fr = path[0];
  Hash sr = path[0];

  // Step 6.
  for (size_t i = 1; i < path.size(); ++i) {
    if (walk.sn == 0) return ConsistencyTooLong(old_size, new_size, proof.size());
    const bool on_left = SiblingOnLeft(walk);
    if (on_left) fr = NodeHash(path[i], fr);
    sr = on_left ? NodeHash(path[i], sr) : NodeHash(sr, path[i]);
    Climb(walk, on_left);
  }

  // Step 7.
  return CheckConsistencyEnd(old_size, new_size, walk, proof.size(), fr, sr, old_root, new_root);
}

}  // namespace

Hash LeafHash(std::string_view leaf_data) {
  std::string buffer;
  buffer.reserve(1 + leaf_data.size());
  buffer.push_back(static_cast<char>(kLeafPrefix));
  buffer.append(leaf_data);
  return crypto::Sha256(buffer.data(), buffer.size());
}

Hash NodeHash(const Hash& left, const Hash& right) {
  std::array<uint8_t, 1 + 2 * sizeof(Hash)> buffer;
  buffer[0] = kNodePrefix;
  std::memcpy(buffer.data() + 1, left.data(), left.size());
  std::memcpy(buffer.data() + 1 + left.size(), right.data(), right.size());
  return crypto::Sha256(buffer.data(), buffer.size());
}

Hash EmptyRoot() {
  return crypto::Sha256("", 0);
}

Hash RootFromLeafHashes(const std::vector<Hash>& leaf_hashes) {
  if (leaf_hashes.empty()) return EmptyRoot();

  std::vector<Hash> level = leaf_hashes;
  while (level.size() > 1) level = ParentLevel(level);
  return level[0];
}

Result<Hash> SubtreeHash(const NodeSource& nodes, uint64_t begin, uint64_t end) {
  FR_RETURN_IF_ERROR(CheckRange(begin, end));

  const std::vector<Piece> pieces = Decompose(begin, end);
  FR_ASSIGN_OR_RETURN(Hash hash, ReadNode(nodes, pieces.back()));
  for (auto piece = pieces.rbegin() + 1; piece != pieces.rend(); ++piece) {
    FR_ASSIGN_OR_RETURN(Hash left, ReadNode(nodes, *piece));
    hash = NodeHash(left, hash);
  }
  return hash;
}

Result<Hash> Root(const NodeSource& nodes, uint64_t tree_size) {
  if (tree_size == 0) return EmptyRoot();
  return SubtreeHash(nodes, 0, tree_size);
}

// PATH(m, D[n]) of §2.1.3.1, from the root down; the recursion emits the deepest sibling
// first, so the collected siblings are reversed at the end.
Result<std::vector<Hash>> InclusionProof(const NodeSource& nodes, uint64_t leaf_index,
                                         uint64_t tree_size) {
  if (leaf_index >= tree_size) return IndexOutOfRange(leaf_index, tree_size);

  std::vector<Hash> path;
  uint64_t begin = 0;
  uint64_t end = tree_size;
  while (end - begin > 1) {
    const uint64_t mid = begin + SplitPoint(end - begin);
    const bool go_left = leaf_index < mid;
    FR_ASSIGN_OR_RETURN(Hash sibling,
                        go_left ? SubtreeHash(nodes, mid, end) : SubtreeHash(nodes, begin, mid));
    path.push_back(sibling);
    (go_left ? end : begin) = mid;
  }

  std::reverse(path.begin(), path.end());
  return path;
}

// PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of §2.1.4.1, from the root down; `known` is the
// RFC's b. Reversed at the end like InclusionProof.
Result<std::vector<Hash>> ConsistencyProof(const NodeSource& nodes, uint64_t old_size,
                                           uint64_t new_size) {
  if (old_size == 0 || old_size > new_size) {
    return Status::InvalidArgument("consistency proof: sizes " + Num(old_size) + " to " +
                                   Num(new_size) + " need 0 < old size <= new size");
  }

  std::vector<Hash> proof;
  uint64_t begin = 0;
  uint64_t end = new_size;
  bool known = true;
  while (old_size < end) {
    const uint64_t mid = begin + SplitPoint(end - begin);
    const bool go_left = old_size <= mid;
    FR_ASSIGN_OR_RETURN(Hash sibling,
                        go_left ? SubtreeHash(nodes, mid, end) : SubtreeHash(nodes, begin, mid));
    proof.push_back(sibling);
    (go_left ? end : begin) = mid;
    known = known && go_left;
  }

  if (!known) {
    FR_ASSIGN_OR_RETURN(Hash old_subtree, SubtreeHash(nodes, begin, end));
    proof.push_back(old_subtree);
  }

  std::reverse(proof.begin(), proof.end());
  return proof;
}

// RFC 9162 §2.1.3.2, step by step.
Status VerifyInclusion(uint64_t leaf_index, uint64_t tree_size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root) {
  // Step 1.
  if (leaf_index >= tree_size) return IndexOutOfRange(leaf_index, tree_size);

  // Step 2.
  Walk walk{leaf_index, tree_size - 1};

  // Step 3.
  Hash r = leaf_hash;

  // Step 4.
  for (size_t i = 0; i < proof.size(); ++i) {
    if (walk.sn == 0) return InclusionTooLong(leaf_index, tree_size, proof.size(), i);
    const bool on_left = SiblingOnLeft(walk);
    r = on_left ? NodeHash(proof[i], r) : NodeHash(r, proof[i]);
    Climb(walk, on_left);
  }

  // Step 5.
  return CheckInclusionEnd(leaf_index, tree_size, walk, proof.size(), r, root);
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, const std::vector<Hash>& proof) {
  if (old_size > new_size) {
    return Status::InvalidArgument("consistency proof: old size " + Num(old_size) +
                                   " exceeds new size " + Num(new_size));
  }

  if (old_size == new_size) return VerifySameSize(old_size, old_root, new_root, proof);

  if (old_size == 0) return VerifyFromEmpty(new_size, old_root, proof);

  return VerifyProperConsistency(old_size, new_size, old_root, new_root, proof);
}

}  // namespace fullrecord::merkle
