// Merkle tree maths of RFC 9162 §2.1 (identical to RFC 6962 §2.1): SHA-256, leaf hash
// H(0x00 ‖ data), node hash H(0x01 ‖ left ‖ right). Knows nothing of storage: hashes of stored
// subtrees come in through a NodeSource.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crypto/digest.h"

namespace fullrecord::merkle {

using Hash = crypto::Digest32;

Hash LeafHash(std::string_view leaf_data);
Hash NodeHash(const Hash& left, const Hash& right);
// MTH of the empty tree: SHA-256 of nothing.
Hash EmptyRoot();

// Root of a tree over the given leaf hashes (MTH, computed in memory).
Hash RootFromLeafHashes(const std::vector<Hash>& leaf_hashes);

// Access to the hash of a perfect, aligned subtree: level L, index i covers leaves
// [i·2^L, (i+1)·2^L). Level 0 is a leaf hash. Implementations return Corruption or IOError when
// the node cannot be read.
using NodeSource = std::function<Result<Hash>(int level, uint64_t index)>;

// MTH(D[begin:end]) for any range that RFC 9162's tree shape produces (begin aligned to the
// largest power of two not exceeding end - begin, as in every proof). Reads O(log n) nodes.
// InvalidArgument for begin >= end or a misaligned begin. NodeSource errors keep their code and
// gain the node's level and index at the front of the message.
Result<Hash> SubtreeHash(const NodeSource& nodes, uint64_t begin, uint64_t end);

// Root of the tree of size `tree_size`.
Result<Hash> Root(const NodeSource& nodes, uint64_t tree_size);

// Inclusion proof PATH(m, D[0:n]) (RFC 9162 §2.1.3.1). InvalidArgument unless m < n.
Result<std::vector<Hash>> InclusionProof(const NodeSource& nodes, uint64_t leaf_index,
                                         uint64_t tree_size);

// Consistency proof PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1). InvalidArgument unless
// 0 < m <= n. For m == n the proof is empty.
Result<std::vector<Hash>> ConsistencyProof(const NodeSource& nodes, uint64_t old_size,
                                           uint64_t new_size);

// RFC 9162 §2.1.3.2: Ok only when `proof` proves `leaf_hash` at `leaf_index` in the tree of
// `tree_size` with `root`. InvalidArgument for leaf_index >= tree_size; Corruption, naming what
// failed, for a proof too long or too short or a wrong element.
Status VerifyInclusion(uint64_t leaf_index, uint64_t tree_size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root);

// RFC 9162 §2.1.4.2: Ok only when `proof` shows the tree of `old_size` with `old_root` is a
// prefix of the tree of `new_size` with `new_root`. InvalidArgument for old_size > new_size.
// Equal sizes need an empty proof and equal roots. Old size 0 (outside the RFC) needs an empty
// proof and old_root == EmptyRoot(), stricter than implementations that accept any old root.
Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, const std::vector<Hash>& proof);

}  // namespace fullrecord::merkle
