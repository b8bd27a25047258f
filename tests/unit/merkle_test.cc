// Tests of the RFC 9162 Merkle tree maths: known answers from the RFC 6962 / Certificate
// Transparency test vectors, agreement with the RFC's recursive definitions, round trips for
// every small tree, a corruption matrix for both verifiers, error propagation and node-read cost.
#include "merkle/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/hex.h"

namespace fullrecord::merkle {
namespace {

// ---------------------------------------------------------------------------------------------
// Helpers.

Hash HashFromHex(std::string_view hex) {
  const std::optional<Bytes> bytes = FromHex(hex);
  Hash hash{};
  EXPECT_TRUE(bytes.has_value() && bytes->size() == hash.size()) << hex;
  if (bytes && bytes->size() == hash.size()) std::memcpy(hash.data(), bytes->data(), hash.size());
  return hash;
}

std::string Hex(const Hash& hash) {
  return crypto::DigestHex(hash);
}

std::vector<Hash> HashesFromHex(const std::vector<std::string>& hexes) {
  std::vector<Hash> hashes;
  hashes.reserve(hexes.size());
  for (const std::string& hex : hexes) hashes.push_back(HashFromHex(hex));
  return hashes;
}

std::string ProofHex(const std::vector<Hash>& proof) {
  std::string out;
  for (const Hash& hash : proof) out += Hex(hash) + " ";
  return out;
}

// The eight RFC 6962 test leaves used across Certificate Transparency implementations
// (e.g. github.com/transparency-dev/merkle proof/verify_test.go).
constexpr const char* kTestLeafHex[] = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
};

// MTH of the first n test leaves, n = 0..8 (same source).
constexpr const char* kTestRootHex[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

std::vector<Hash> TestLeafHashes(size_t n) {
  std::vector<Hash> hashes;
  for (size_t i = 0; i < n; ++i) {
    const std::optional<Bytes> data = FromHex(kTestLeafHex[i]);
    hashes.push_back(
        LeafHash(std::string_view(reinterpret_cast<const char*>(data->data()), data->size())));
  }
  return hashes;
}

std::vector<Hash> SyntheticLeafHashes(uint64_t n) {
  std::vector<Hash> hashes;
  hashes.reserve(n);
  for (uint64_t i = 0; i < n; ++i) hashes.push_back(LeafHash("leaf " + std::to_string(i)));
  return hashes;
}

// Perfect subtree hashes held in memory. Asking for a node that is not a perfect subtree of the
// tree is answered NotFound, so a generator that asks for the wrong nodes fails loudly.
class MemoryTree {
 public:
  explicit MemoryTree(std::vector<Hash> leaf_hashes) {
    levels_.push_back(std::move(leaf_hashes));
    while (levels_.back().size() > 1) levels_.push_back(PerfectParents(levels_.back()));
  }

  NodeSource Source() {
    return [this](int level, uint64_t index) -> Result<Hash> {
      ++calls_;
      if (level < 0 || static_cast<size_t>(level) >= levels_.size() ||
          index >= levels_[level].size()) {
        return Status::NotFound("no perfect node at level " + std::to_string(level) + " index " +
                                std::to_string(index));
      }
      return levels_[level][index];
    };
  }

  const std::vector<Hash>& Leaves() const { return levels_[0]; }
  int Calls() const { return calls_; }
  void ResetCalls() { calls_ = 0; }

 private:
  static std::vector<Hash> PerfectParents(const std::vector<Hash>& level) {
    std::vector<Hash> parents;
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      parents.push_back(NodeHash(level[i], level[i + 1]));
    }
    return parents;
  }

  std::vector<std::vector<Hash>> levels_;
  int calls_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Reference implementations written straight from the recursive definitions of RFC 9162
// §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1 (PROOF / SUBPROOF), over D[begin:end].

uint64_t RefSplit(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Hash RefMth(const std::vector<Hash>& d, uint64_t begin, uint64_t end) {
  if (end == begin) return EmptyRoot();
  if (end - begin == 1) return d[begin];
  const uint64_t k = RefSplit(end - begin);
  return NodeHash(RefMth(d, begin, begin + k), RefMth(d, begin + k, end));
}

std::vector<Hash> RefPath(uint64_t m, const std::vector<Hash>& d, uint64_t begin, uint64_t end) {
  if (end - begin == 1) return {};
  const uint64_t k = RefSplit(end - begin);
  std::vector<Hash> path;
  if (m < k) {
    path = RefPath(m, d, begin, begin + k);
    path.push_back(RefMth(d, begin + k, end));
  } else {
    path = RefPath(m - k, d, begin + k, end);
    path.push_back(RefMth(d, begin, begin + k));
  }
  return path;
}

std::vector<Hash> RefSubproof(uint64_t m, const std::vector<Hash>& d, uint64_t begin, uint64_t end,
                              bool b) {
  const uint64_t n = end - begin;
  if (m == n) return b ? std::vector<Hash>{} : std::vector<Hash>{RefMth(d, begin, end)};
  const uint64_t k = RefSplit(n);
  std::vector<Hash> proof;
  if (m <= k) {
    proof = RefSubproof(m, d, begin, begin + k, b);
    proof.push_back(RefMth(d, begin + k, end));
  } else {
    proof = RefSubproof(m - k, d, begin + k, end, false);
    proof.push_back(RefMth(d, begin, begin + k));
  }
  return proof;
}

// ---------------------------------------------------------------------------------------------
// Corruption matrix.

struct InclusionInput {
  uint64_t index;
  uint64_t size;
  Hash leaf;
  std::vector<Hash> proof;
  Hash root;
};

struct ConsistencyInput {
  uint64_t old_size;
  uint64_t new_size;
  Hash old_root;
  Hash new_root;
  std::vector<Hash> proof;
};

using NamedProof = std::pair<std::string, std::vector<Hash>>;

constexpr int kFlippedBits[] = {0, 3, 100, 255};

Hash FlipBit(Hash hash, int bit) {
  hash[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  return hash;
}

// Each element with one bit flipped, for each of a few bit positions.
std::vector<NamedProof> BitFlippedProofs(const std::vector<Hash>& proof) {
  std::vector<NamedProof> out;
  for (size_t i = 0; i < proof.size(); ++i) {
    for (int bit : kFlippedBits) {
      std::vector<Hash> bad = proof;
      bad[i] = FlipBit(bad[i], bit);
      out.emplace_back("proof[" + std::to_string(i) + "] bit " + std::to_string(bit), bad);
    }
  }
  return out;
}

// Each element removed in turn.
std::vector<NamedProof> ShortenedProofs(const std::vector<Hash>& proof) {
  std::vector<NamedProof> out;
  for (size_t i = 0; i < proof.size(); ++i) {
    std::vector<Hash> bad = proof;
    bad.erase(bad.begin() + static_cast<std::ptrdiff_t>(i));
    out.emplace_back("removed proof[" + std::to_string(i) + "]", bad);
  }
  return out;
}

// Each extra hash added at the start and at the end.
std::vector<NamedProof> LengthenedProofs(const std::vector<Hash>& proof,
                                         const std::vector<Hash>& extras) {
  std::vector<NamedProof> out;
  for (size_t i = 0; i < extras.size(); ++i) {
    std::vector<Hash> front = proof;
    front.insert(front.begin(), extras[i]);
    out.emplace_back("extra " + std::to_string(i) + " at start", front);
    std::vector<Hash> back = proof;
    back.push_back(extras[i]);
    out.emplace_back("extra " + std::to_string(i) + " at end", back);
  }
  return out;
}

std::vector<NamedProof> MutatedProofs(const std::vector<Hash>& proof,
                                      const std::vector<Hash>& extras) {
  std::vector<NamedProof> out = BitFlippedProofs(proof);
  for (auto& named : ShortenedProofs(proof)) out.push_back(std::move(named));
  for (auto& named : LengthenedProofs(proof, extras)) out.push_back(std::move(named));
  return out;
}

constexpr Hash kZeroHash{};

Hash WrongHash() {
  return LeafHash("WrongLeaf");
}

template <typename Input>
using Mutations = std::vector<std::pair<std::string, Input>>;

// Adds `ok` changed by `change`, under the name `what`.
template <typename Input, typename Change>
void AddMutation(Mutations<Input>& out, const Input& ok, std::string what, Change change) {
  Input bad = ok;
  change(bad);
  out.emplace_back(std::move(what), std::move(bad));
}

// "new size + 1" is deliberately absent: some neighbouring sizes share the RFC's fn/sn walk
// (2 -> 3 and 2 -> 4 both take one element c and give new root H(old root, c)), so the same proof
// is a correct proof for either size; the signed checkpoint pins the size that goes with a root.
Mutations<InclusionInput> InclusionMutations(const InclusionInput& ok) {
  Mutations<InclusionInput> out;
  auto add = [&](std::string what, auto change) { AddMutation(out, ok, what, change); };

  add("index + 1", [](InclusionInput& in) { in.index += 1; });
  add("index - 1", [](InclusionInput& in) { in.index -= 1; });
  add("size * 2", [](InclusionInput& in) { in.size *= 2; });
  add("size / 2", [](InclusionInput& in) { in.size /= 2; });

  add("wrong leaf", [](InclusionInput& in) { in.leaf = WrongHash(); });
  if (ok.leaf != ok.root) add("root as leaf", [](InclusionInput& in) { in.leaf = in.root; });
  add("wrong root", [](InclusionInput& in) { in.root = WrongHash(); });
  add("all-zero root", [](InclusionInput& in) { in.root = kZeroHash; });
  add("empty-tree root", [](InclusionInput& in) { in.root = EmptyRoot(); });

  for (auto& [what, proof] : MutatedProofs(ok.proof, {kZeroHash, ok.root, ok.leaf})) {
    add(what, [&proof = proof](InclusionInput& in) { in.proof = proof; });
  }
  return out;
}

Mutations<ConsistencyInput> ConsistencyMutations(const ConsistencyInput& ok) {
  Mutations<ConsistencyInput> out;
  auto add = [&](std::string what, auto change) { AddMutation(out, ok, what, change); };

  add("old size + 1", [](ConsistencyInput& in) { in.old_size += 1; });
  add("old size - 1", [](ConsistencyInput& in) { in.old_size -= 1; });
  add("old size * 2", [](ConsistencyInput& in) { in.old_size *= 2; });
  add("new size * 2", [](ConsistencyInput& in) { in.new_size *= 2; });
  add("new size / 2", [](ConsistencyInput& in) { in.new_size /= 2; });
  add("old size > new size", [](ConsistencyInput& in) { std::swap(in.old_size, in.new_size); });

  add("wrong old root", [](ConsistencyInput& in) { in.old_root = WrongHash(); });
  add("all-zero old root", [](ConsistencyInput& in) { in.old_root = kZeroHash; });
  add("empty-tree old root", [](ConsistencyInput& in) { in.old_root = EmptyRoot(); });
  add("wrong new root", [](ConsistencyInput& in) { in.new_root = WrongHash(); });
  add("all-zero new root", [](ConsistencyInput& in) { in.new_root = kZeroHash; });
  add("empty-tree new root", [](ConsistencyInput& in) { in.new_root = EmptyRoot(); });
  add("swapped roots", [](ConsistencyInput& in) { std::swap(in.old_root, in.new_root); });

  add("empty proof", [](ConsistencyInput& in) { in.proof.clear(); });
  for (auto& [what, proof] :
       MutatedProofs(ok.proof, {kZeroHash, ok.old_root, ok.new_root, ok.proof[0]})) {
    add(what, [&proof = proof](ConsistencyInput& in) { in.proof = proof; });
  }
  return out;
}

// Names of the mutations that were wrongly accepted.
std::string AcceptedInclusionMutations(const InclusionInput& ok) {
  std::string accepted;
  for (const auto& [what, in] : InclusionMutations(ok)) {
    if (VerifyInclusion(in.index, in.size, in.leaf, in.proof, in.root).ok()) {
      accepted += what + "; ";
    }
  }
  return accepted;
}

std::string AcceptedConsistencyMutations(const ConsistencyInput& ok) {
  std::string accepted;
  for (const auto& [what, in] : ConsistencyMutations(ok)) {
    if (VerifyConsistency(in.old_size, in.new_size, in.old_root, in.new_root, in.proof).ok()) {
      accepted += what + "; ";
    }
  }
  return accepted;
}

// Tree sizes for the corruption matrix: powers of two and not.
constexpr uint64_t kMatrixSizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17, 31, 32, 33};

// ---------------------------------------------------------------------------------------------
// Hashing primitives.

TEST(MerkleHashTest, LeafHashPrefixesZeroByte) {
  const uint8_t input[] = {0x00, 'a', 'b', 'c'};

  EXPECT_EQ(LeafHash("abc"), crypto::Sha256(input, sizeof(input)));
}

TEST(MerkleHashTest, NodeHashPrefixesOneByteThenLeftThenRight) {
  const Hash left = LeafHash("l");
  const Hash right = LeafHash("r");
  uint8_t input[65];
  input[0] = 0x01;
  std::memcpy(input + 1, left.data(), 32);
  std::memcpy(input + 33, right.data(), 32);

  EXPECT_EQ(NodeHash(left, right), crypto::Sha256(input, sizeof(input)));
  EXPECT_NE(NodeHash(left, right), NodeHash(right, left));
}

TEST(MerkleHashTest, EmptyRootIsSha256OfNothing) {
  EXPECT_EQ(Hex(EmptyRoot()), kTestRootHex[0]);
}

// ---------------------------------------------------------------------------------------------
// Known answers.

// R1.1: the root commits to every record exactly as every RFC 6962 implementation computes it.
TEST(MerkleKnownAnswerTest, RootFromLeafHashesMatchesRfc6962Vectors) {
  for (size_t n = 0; n <= 8; ++n) {
    EXPECT_EQ(Hex(RootFromLeafHashes(TestLeafHashes(n))), kTestRootHex[n]) << "n=" << n;
  }
}

// R1.1: the same roots come out when computed from stored perfect nodes.
TEST(MerkleKnownAnswerTest, RootFromNodeSourceMatchesRfc6962Vectors) {
  for (size_t n = 0; n <= 8; ++n) {
    MemoryTree tree(TestLeafHashes(n));
    const Result<Hash> root = Root(tree.Source(), n);

    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(Hex(*root), kTestRootHex[n]) << "n=" << n;
  }
}

struct KnownInclusion {
  uint64_t index;
  uint64_t size;
  std::vector<std::string> proof;
};

// From github.com/transparency-dev/merkle proof/verify_test.go (inclusionProofs; that table
// numbers leaves from 1, these indices are from 0).
std::vector<KnownInclusion> KnownInclusions() {
  return {
      {0,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5,
       8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1,
       5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
      {0, 1, {}},
  };
}

struct KnownConsistency {
  uint64_t old_size;
  uint64_t new_size;
  std::vector<std::string> proof;
};

// From github.com/transparency-dev/merkle proof/verify_test.go (consistencyProofs).
std::vector<KnownConsistency> KnownConsistencies() {
  return {
      {1, 1, {}},
      {1,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6,
       8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2,
       5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
      {6,
       7,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
  };
}

// R1.1: inclusion proofs are interoperable with Certificate Transparency verifiers.
TEST(MerkleKnownAnswerTest, InclusionProofsMatchCtVectorsAndVerify) {
  MemoryTree tree(TestLeafHashes(8));
  for (const KnownInclusion& known : KnownInclusions()) {
    const Result<std::vector<Hash>> proof = InclusionProof(tree.Source(), known.index, known.size);
    const Hash root = HashFromHex(kTestRootHex[known.size]);

    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(ProofHex(*proof), ProofHex(HashesFromHex(known.proof)))
        << known.index << " in " << known.size;
    const Status verified = VerifyInclusion(known.index, known.size, tree.Leaves()[known.index],
                                            HashesFromHex(known.proof), root);
    EXPECT_TRUE(verified.ok()) << verified.ToString();
  }
}

// R17.2: consistency proofs are interoperable with Certificate Transparency verifiers.
TEST(MerkleKnownAnswerTest, ConsistencyProofsMatchCtVectorsAndVerify) {
  MemoryTree tree(TestLeafHashes(8));
  for (const KnownConsistency& known : KnownConsistencies()) {
    const Result<std::vector<Hash>> proof =
        ConsistencyProof(tree.Source(), known.old_size, known.new_size);

    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(ProofHex(*proof), ProofHex(HashesFromHex(known.proof)))
        << known.old_size << " -> " << known.new_size;
    const Status verified =
        VerifyConsistency(known.old_size, known.new_size, HashFromHex(kTestRootHex[known.old_size]),
                          HashFromHex(kTestRootHex[known.new_size]), HashesFromHex(known.proof));
    EXPECT_TRUE(verified.ok()) << verified.ToString();
  }
}

// ---------------------------------------------------------------------------------------------
// Agreement with the RFC's recursive definitions, every tree size 1..64.

TEST(MerkleReferenceTest, RootsAgreeWithRecursiveMthForEverySizeUpTo64) {
  const std::vector<Hash> leaves = SyntheticLeafHashes(64);
  MemoryTree tree(leaves);
  for (uint64_t n = 0; n <= 64; ++n) {
    const std::vector<Hash> prefix(leaves.begin(), leaves.begin() + static_cast<long>(n));
    const Result<Hash> root = Root(tree.Source(), n);

    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(*root, RefMth(leaves, 0, n)) << "n=" << n;
    EXPECT_EQ(RootFromLeafHashes(prefix), RefMth(leaves, 0, n)) << "n=" << n;
  }
}

TEST(MerkleReferenceTest, SubtreeHashAgreesWithRecursiveMthForEveryAlignedRange) {
  const std::vector<Hash> leaves = SyntheticLeafHashes(64);
  MemoryTree tree(leaves);
  for (uint64_t begin = 0; begin < 64; ++begin) {
    for (uint64_t end = begin + 1; end <= 64; ++end) {
      if (begin % std::bit_floor(end - begin) != 0) continue;
      const Result<Hash> hash = SubtreeHash(tree.Source(), begin, end);

      ASSERT_TRUE(hash.ok()) << begin << ".." << end << ": " << hash.status().ToString();
      EXPECT_EQ(*hash, RefMth(leaves, begin, end)) << begin << ".." << end;
    }
  }
}

TEST(MerkleReferenceTest, InclusionProofsAgreeWithRecursivePathForEveryLeafUpTo64) {
  const std::vector<Hash> leaves = SyntheticLeafHashes(64);
  for (uint64_t n = 1; n <= 64; ++n) {
    MemoryTree tree(std::vector<Hash>(leaves.begin(), leaves.begin() + static_cast<long>(n)));
    for (uint64_t m = 0; m < n; ++m) {
      const Result<std::vector<Hash>> proof = InclusionProof(tree.Source(), m, n);

      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_EQ(*proof, RefPath(m, leaves, 0, n)) << m << " in " << n;
    }
  }
}

TEST(MerkleReferenceTest, ConsistencyProofsAgreeWithRecursiveProofForEveryOldSizeUpTo64) {
  const std::vector<Hash> leaves = SyntheticLeafHashes(64);
  for (uint64_t n = 1; n <= 64; ++n) {
    MemoryTree tree(std::vector<Hash>(leaves.begin(), leaves.begin() + static_cast<long>(n)));
    for (uint64_t m = 1; m <= n; ++m) {
      const Result<std::vector<Hash>> proof = ConsistencyProof(tree.Source(), m, n);

      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_EQ(*proof, RefSubproof(m, leaves, 0, n, true)) << m << " -> " << n;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Round trips: every generated proof verifies.

// R1.1: every record in every tree up to 64 leaves can be proven present.
TEST(MerkleRoundTripTest, EveryInclusionProofVerifiesForEveryLeafUpTo64) {
  const std::vector<Hash> leaves = SyntheticLeafHashes(64);
  for (uint64_t n = 1; n <= 64; ++n) {
    MemoryTree tree(std::vector<Hash>(leaves.begin(), leaves.begin() + static_cast<long>(n)));
    const Hash root = RootFromLeafHashes(tree.Leaves());
    for (uint64_t m = 0; m < n; ++m) {
      const Result<std::vector<Hash>> proof = InclusionProof(tree.Source(), m, n);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();

      const Status verified = VerifyInclusion(m, n, leaves[m], *proof, root);
      EXPECT_TRUE(verified.ok()) << m << " in " << n << ": " << verified.ToString();
    }
  }
}

// R17.2: every append-only growth up to 64 leaves can be proven.
TEST(MerkleRoundTripTest, EveryConsistencyProofVerifiesForEveryOldSizeUpTo64) {
  const std::vector<Hash> leaves = SyntheticLeafHashes(64);
  MemoryTree full(leaves);
  for (uint64_t n = 1; n <= 64; ++n) {
    for (uint64_t m = 0; m <= n; ++m) {
      std::vector<Hash> proof;
      if (m > 0) {
        Result<std::vector<Hash>> generated = ConsistencyProof(full.Source(), m, n);
        ASSERT_TRUE(generated.ok()) << generated.status().ToString();
        proof = std::move(generated).value();
      }

      const Status verified =
          VerifyConsistency(m, n, RefMth(leaves, 0, m), RefMth(leaves, 0, n), proof);
      EXPECT_TRUE(verified.ok()) << m << " -> " << n << ": " << verified.ToString();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Corruption matrix.

// R1.1: no altered index, size, leaf, root or proof element passes as proof of a record.
TEST(MerkleCorruptionTest, EveryMutatedInclusionProofIsRejected) {
  for (uint64_t n : kMatrixSizes) {
    MemoryTree tree(SyntheticLeafHashes(n));
    const Hash root = RootFromLeafHashes(tree.Leaves());
    for (uint64_t m = 0; m < n; ++m) {
      const Result<std::vector<Hash>> proof = InclusionProof(tree.Source(), m, n);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      const InclusionInput ok{m, n, tree.Leaves()[m], *proof, root};
      ASSERT_TRUE(VerifyInclusion(m, n, ok.leaf, ok.proof, ok.root).ok());

      EXPECT_EQ(AcceptedInclusionMutations(ok), "") << m << " in " << n;
    }
  }
}

// R17.2: no altered size, root or proof element passes as proof of append-only growth.
TEST(MerkleCorruptionTest, EveryMutatedConsistencyProofIsRejected) {
  for (uint64_t n : kMatrixSizes) {
    MemoryTree tree(SyntheticLeafHashes(n));
    for (uint64_t m = 1; m < n; ++m) {
      const Result<std::vector<Hash>> proof = ConsistencyProof(tree.Source(), m, n);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      const ConsistencyInput ok{m, n, RefMth(tree.Leaves(), 0, m), RefMth(tree.Leaves(), 0, n),
                                *proof};
      ASSERT_TRUE(VerifyConsistency(m, n, ok.old_root, ok.new_root, ok.proof).ok());

      EXPECT_EQ(AcceptedConsistencyMutations(ok), "") << m << " -> " << n;
    }
  }
}

// Guards the matrix itself: every element gets every bit flip and removal, every extra goes at
// both ends, so a silently shrunk matrix cannot pass as a clean run.
TEST(MerkleCorruptionTest, MatrixCoversEveryElementBitAndPosition) {
  MemoryTree tree(SyntheticLeafHashes(8));
  const InclusionInput inclusion{3, 8, tree.Leaves()[3], *InclusionProof(tree.Source(), 3, 8),
                                 RefMth(tree.Leaves(), 0, 8)};
  const ConsistencyInput consistency{3, 8, RefMth(tree.Leaves(), 0, 3), RefMth(tree.Leaves(), 0, 8),
                                     *ConsistencyProof(tree.Source(), 3, 8)};
  const size_t flips = std::size(kFlippedBits);

  ASSERT_EQ(inclusion.proof.size(), 3u);
  // 9 size, leaf and root mutations; flips and a removal per element; 3 extras at both ends.
  EXPECT_EQ(InclusionMutations(inclusion).size(), 9 + 3 * (flips + 1) + size_t{2} * 3);
  ASSERT_EQ(consistency.proof.size(), 4u);
  // 14 size, root and empty-proof mutations; flips and a removal per element; 4 extras at both
  // ends.
  EXPECT_EQ(ConsistencyMutations(consistency).size(), 14 + 4 * (flips + 1) + size_t{2} * 4);
}

// R1.1: the CT known-answer inclusion proofs also reject every mutation.
TEST(MerkleCorruptionTest, MutatedCtInclusionVectorsAreRejected) {
  const std::vector<Hash> leaves = TestLeafHashes(8);
  for (const KnownInclusion& known : KnownInclusions()) {
    const InclusionInput ok{known.index, known.size, leaves[known.index],
                            HashesFromHex(known.proof), HashFromHex(kTestRootHex[known.size])};

    EXPECT_EQ(AcceptedInclusionMutations(ok), "") << known.index << " in " << known.size;
  }
}

// R17.2: the CT known-answer consistency proofs also reject every mutation.
TEST(MerkleCorruptionTest, MutatedCtConsistencyVectorsAreRejected) {
  for (const KnownConsistency& known : KnownConsistencies()) {
    if (known.proof.empty()) continue;
    const ConsistencyInput ok{
        known.old_size, known.new_size, HashFromHex(kTestRootHex[known.old_size]),
        HashFromHex(kTestRootHex[known.new_size]), HashesFromHex(known.proof)};

    EXPECT_EQ(AcceptedConsistencyMutations(ok), "") << known.old_size << " -> " << known.new_size;
  }
}

// R1.1: a proof padded far beyond any tree height is rejected, not walked off the end.
TEST(MerkleCorruptionTest, OverlongInclusionProofIsRejectedAsTooLong) {
  MemoryTree tree(SyntheticLeafHashes(5));
  std::vector<Hash> proof = *InclusionProof(tree.Source(), 2, 5);
  proof.resize(200, WrongHash());

  const Status status = VerifyInclusion(2, 5, tree.Leaves()[2], proof, RefMth(tree.Leaves(), 0, 5));

  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("too long"), std::string::npos) << status.ToString();
}

// R17.2: a consistency proof padded far beyond any tree height is rejected.
TEST(MerkleCorruptionTest, OverlongConsistencyProofIsRejectedAsTooLong) {
  MemoryTree tree(SyntheticLeafHashes(7));
  std::vector<Hash> proof = *ConsistencyProof(tree.Source(), 3, 7);
  proof.resize(200, WrongHash());

  const Status status =
      VerifyConsistency(3, 7, RefMth(tree.Leaves(), 0, 3), RefMth(tree.Leaves(), 0, 7), proof);

  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("too long"), std::string::npos) << status.ToString();
}

// ---------------------------------------------------------------------------------------------
// Verifier edge cases and messages.

TEST(MerkleVerifyTest, SingleLeafTreeVerifiesWithEmptyProofOnlyAgainstItsOwnLeaf) {
  const Hash leaf = LeafHash("only");

  EXPECT_TRUE(VerifyInclusion(0, 1, leaf, {}, leaf).ok());
  EXPECT_TRUE(VerifyInclusion(0, 1, leaf, {}, WrongHash()).IsCorruption());
  EXPECT_TRUE(VerifyInclusion(0, 1, WrongHash(), {}, leaf).IsCorruption());
}

TEST(MerkleVerifyTest, InclusionWithIndexAtOrBeyondSizeIsInvalidArgument) {
  const Hash leaf = LeafHash("x");

  EXPECT_EQ(VerifyInclusion(0, 0, leaf, {}, EmptyRoot()).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(1, 1, leaf, {}, leaf).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(VerifyInclusion(7, 3, leaf, {leaf}, leaf).code(), Status::Code::kInvalidArgument);
}

TEST(MerkleVerifyTest, ConsistencyWithOldSizeLargerThanNewIsInvalidArgument) {
  const Hash root = LeafHash("x");

  EXPECT_EQ(VerifyConsistency(2, 1, root, root, {root}).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(1, 0, root, EmptyRoot(), {}).code(), Status::Code::kInvalidArgument);
}

// R17.2: a tree of unchanged size must keep its root.
TEST(MerkleVerifyTest, EqualSizesNeedEmptyProofAndEqualRoots) {
  const Hash root = RootFromLeafHashes(SyntheticLeafHashes(5));

  EXPECT_TRUE(VerifyConsistency(5, 5, root, root, {}).ok());
  EXPECT_TRUE(VerifyConsistency(5, 5, root, WrongHash(), {}).IsCorruption());
  EXPECT_TRUE(VerifyConsistency(5, 5, root, root, {root}).IsCorruption());
}

// R17.2: the empty tree is a prefix of every tree, but only with the empty tree's root.
TEST(MerkleVerifyTest, ConsistencyFromEmptyTreeNeedsEmptyProofAndEmptyRoot) {
  const Hash root = RootFromLeafHashes(SyntheticLeafHashes(3));

  EXPECT_TRUE(VerifyConsistency(0, 3, EmptyRoot(), root, {}).ok());
  EXPECT_TRUE(VerifyConsistency(0, 0, EmptyRoot(), EmptyRoot(), {}).ok());
  EXPECT_TRUE(VerifyConsistency(0, 3, EmptyRoot(), root, {root}).IsCorruption());
  EXPECT_TRUE(VerifyConsistency(0, 3, kZeroHash, root, {}).IsCorruption());
  EXPECT_TRUE(VerifyConsistency(0, 0, kZeroHash, kZeroHash, {}).IsCorruption());
  EXPECT_TRUE(VerifyConsistency(0, 0, EmptyRoot(), root, {}).IsCorruption());
}

TEST(MerkleVerifyTest, WrongRootMessageNamesExpectedAndComputedRootsInHex) {
  MemoryTree tree(SyntheticLeafHashes(6));
  const std::vector<Hash> proof = *InclusionProof(tree.Source(), 4, 6);
  const Hash root = RefMth(tree.Leaves(), 0, 6);

  const Status status = VerifyInclusion(4, 6, tree.Leaves()[4], proof, WrongHash());

  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find(Hex(WrongHash())), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find(Hex(root)), std::string::npos) << status.ToString();
}

TEST(MerkleVerifyTest, WrongNewRootMessageNamesExpectedAndComputedRootsInHex) {
  MemoryTree tree(SyntheticLeafHashes(6));
  const std::vector<Hash> proof = *ConsistencyProof(tree.Source(), 3, 6);
  const Hash old_root = RefMth(tree.Leaves(), 0, 3);
  const Hash new_root = RefMth(tree.Leaves(), 0, 6);

  const Status status = VerifyConsistency(3, 6, old_root, WrongHash(), proof);

  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find(Hex(WrongHash())), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find(Hex(new_root)), std::string::npos) << status.ToString();
}

TEST(MerkleVerifyTest, ShortInclusionProofMessageSaysTooShort) {
  MemoryTree tree(SyntheticLeafHashes(8));
  std::vector<Hash> proof = *InclusionProof(tree.Source(), 3, 8);
  proof.pop_back();

  const Status status = VerifyInclusion(3, 8, tree.Leaves()[3], proof, RefMth(tree.Leaves(), 0, 8));

  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("too short"), std::string::npos) << status.ToString();
}

// ---------------------------------------------------------------------------------------------
// Generator argument checks.

TEST(MerkleGenerateTest, InclusionProofWithIndexAtOrBeyondSizeIsInvalidArgument) {
  MemoryTree tree(SyntheticLeafHashes(4));

  EXPECT_EQ(InclusionProof(tree.Source(), 4, 4).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(InclusionProof(tree.Source(), 0, 0).status().code(), Status::Code::kInvalidArgument);
}

TEST(MerkleGenerateTest, ConsistencyProofWithZeroOrShrinkingSizeIsInvalidArgument) {
  MemoryTree tree(SyntheticLeafHashes(4));

  EXPECT_EQ(ConsistencyProof(tree.Source(), 0, 4).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(tree.Source(), 4, 3).status().code(), Status::Code::kInvalidArgument);
  ASSERT_TRUE(ConsistencyProof(tree.Source(), 4, 4).ok());
  EXPECT_TRUE(ConsistencyProof(tree.Source(), 4, 4)->empty());
}

TEST(MerkleGenerateTest, SubtreeHashOfEmptyOrMisalignedRangeIsInvalidArgument) {
  MemoryTree tree(SyntheticLeafHashes(8));

  EXPECT_EQ(SubtreeHash(tree.Source(), 3, 3).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(SubtreeHash(tree.Source(), 5, 3).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(SubtreeHash(tree.Source(), 1, 3).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(SubtreeHash(tree.Source(), 2, 7).status().code(), Status::Code::kInvalidArgument);
}

TEST(MerkleGenerateTest, RootOfEmptyTreeIsEmptyRootWithoutReadingNodes) {
  MemoryTree tree(SyntheticLeafHashes(3));
  const Result<Hash> root = Root(tree.Source(), 0);

  ASSERT_TRUE(root.ok());
  EXPECT_EQ(*root, EmptyRoot());
  EXPECT_EQ(tree.Calls(), 0);
}

// ---------------------------------------------------------------------------------------------
// NodeSource errors propagate.

// A source that fails for one node, or for every node when level < 0.
NodeSource FailingAt(MemoryTree& tree, int fail_level, uint64_t fail_index, const Status& error) {
  NodeSource inner = tree.Source();
  return [=](int level, uint64_t index) -> Result<Hash> {
    if (fail_level < 0 || (level == fail_level && index == fail_index)) return error;
    return inner(level, index);
  };
}

// R1.1: an unreadable stored node never turns into a root or proof.
TEST(MerkleNodeSourceTest, ErrorsFromEveryReadPropagateWithTheirCode) {
  MemoryTree tree(SyntheticLeafHashes(7));
  const NodeSource broken = FailingAt(tree, -1, 0, Status::IOError("disk gone"));

  const Result<Hash> root = Root(broken, 7);
  const Result<Hash> subtree = SubtreeHash(broken, 4, 7);
  const Result<std::vector<Hash>> inclusion = InclusionProof(broken, 2, 7);
  const Result<std::vector<Hash>> consistency = ConsistencyProof(broken, 3, 7);

  EXPECT_EQ(root.status().code(), Status::Code::kIOError);
  EXPECT_EQ(subtree.status().code(), Status::Code::kIOError);
  EXPECT_EQ(inclusion.status().code(), Status::Code::kIOError);
  EXPECT_EQ(consistency.status().code(), Status::Code::kIOError);
  EXPECT_NE(root.status().message().find("disk gone"), std::string::npos);
}

// R1.1: a corrupt node deep in the right edge fails the whole computation.
TEST(MerkleNodeSourceTest, ErrorFromOneRightEdgeNodePropagates) {
  MemoryTree tree(SyntheticLeafHashes(7));
  const NodeSource broken = FailingAt(tree, 0, 6, Status::Corruption("node 0/6 bad"));

  EXPECT_TRUE(Root(broken, 7).status().IsCorruption());
  EXPECT_TRUE(InclusionProof(broken, 0, 7).status().IsCorruption());
  EXPECT_TRUE(ConsistencyProof(broken, 4, 7).status().IsCorruption());
  EXPECT_TRUE(Root(broken, 6).ok());
}

// ---------------------------------------------------------------------------------------------
// Cost: O(log n) node reads.

constexpr uint64_t kLargeSize = 1000000;

// Built once, shared by the large-tree tests.
MemoryTree& LargeTree() {
  static MemoryTree tree(SyntheticLeafHashes(kLargeSize));
  return tree;
}

// The bound the design promises: O(log n) node reads.
int MaxLargeTreeCalls() {
  return static_cast<int>(4 * std::log2(static_cast<double>(kLargeSize)) + 4);
}

TEST(MerkleLargeTreeTest, InclusionProofAtMillionLeavesReadsLogarithmicNodesAndVerifies) {
  const Hash root = *Root(LargeTree().Source(), kLargeSize);
  for (uint64_t m : {uint64_t{0}, uint64_t{123456}, uint64_t{999999}, uint64_t{524288}}) {
    LargeTree().ResetCalls();
    const Result<std::vector<Hash>> proof = InclusionProof(LargeTree().Source(), m, kLargeSize);

    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_LE(LargeTree().Calls(), MaxLargeTreeCalls()) << "leaf " << m;
    EXPECT_TRUE(VerifyInclusion(m, kLargeSize, LargeTree().Leaves()[m], *proof, root).ok());
  }
}

TEST(MerkleLargeTreeTest, ConsistencyProofAtMillionLeavesReadsLogarithmicNodesAndVerifies) {
  const Hash new_root = *Root(LargeTree().Source(), kLargeSize);
  for (uint64_t m : {uint64_t{1}, uint64_t{65536}, uint64_t{777777}, uint64_t{999999}}) {
    const Hash old_root = *Root(LargeTree().Source(), m);
    LargeTree().ResetCalls();
    const Result<std::vector<Hash>> proof = ConsistencyProof(LargeTree().Source(), m, kLargeSize);

    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_LE(LargeTree().Calls(), MaxLargeTreeCalls()) << "old size " << m;
    EXPECT_TRUE(VerifyConsistency(m, kLargeSize, old_root, new_root, *proof).ok());
  }
}

TEST(MerkleLargeTreeTest, RootAtMillionLeavesReadsOneNodePerSetBitAndMatchesInMemoryRoot) {
  LargeTree().ResetCalls();
  const Result<Hash> root = Root(LargeTree().Source(), kLargeSize);

  ASSERT_TRUE(root.ok());
  EXPECT_EQ(LargeTree().Calls(), std::popcount(kLargeSize));
  EXPECT_EQ(*root, RootFromLeafHashes(LargeTree().Leaves()));
}

}  // namespace
}  // namespace fullrecord::merkle
