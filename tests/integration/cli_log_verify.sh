#!/usr/bin/env bash
# A third party checks checkpoints and proofs with nothing but files and public keys (R1.1).
source "$(dirname "$0")/lib/common.bash"
S="$T/store"

"$FR" --store "$S" init >/dev/null
for i in 1 2 3 4 5; do echo "record $i" >"$T/r$i.txt"; done
"$FR" --store "$S" ingest "$T"/r*.txt >/dev/null
"$FR" --store "$S" log checkpoint >"$T/cp.txt"
"$FR" --store "$S" log prove 3 >"$T/proof.json"
"$FR" --store "$S" log prove --consistency 2 >"$T/cons.json"
cp "$S/keys/ledger.vkeys" "$S/keys/ledger-ed25519.pub.pem" "$S/keys/ledger-sm2.pub.pem" "$T/"
mv "$S" "$T/elsewhere"  # the third party has no store

expect_exit 0 "checkpoint verifies with the pinned keys" -- \
  "$FR" log verify --key "$T/ledger.vkeys" --checkpoint "$T/cp.txt"
expect_exit 0 "inclusion proof verifies with the two PEM keys" -- \
  "$FR" log verify --key "$T/ledger-ed25519.pub.pem" --key "$T/ledger-sm2.pub.pem" \
  --checkpoint "$T/cp.txt" --proof "$T/proof.json"
grep -q "entry 3 is in the signed tree" "$T/stdout" || fail "no confirmation printed"
expect_exit 0 "consistency proof verifies" -- \
  "$FR" log verify --key "$T/ledger.vkeys" --proof "$T/cons.json"

# Altered files are rejected.
sed 's/record 3/record 9/; s/"leaf_index":3/"leaf_index":2/' "$T/proof.json" >"$T/bad-index.json"
expect_exit 4 "a proof moved to another index is rejected" -- \
  "$FR" log verify --key "$T/ledger.vkeys" --proof "$T/bad-index.json"
sed 's/r3.txt/r9.txt/' "$T/proof.json" >"$T/bad-entry.json"
expect_exit 4 "a proof of an altered entry is rejected" -- \
  "$FR" log verify --key "$T/ledger.vkeys" --proof "$T/bad-entry.json"
sed '3s/^./X/' "$T/cp.txt" >"$T/bad-cp.txt"
expect_exit 4 "a checkpoint with an altered root is rejected" -- \
  "$FR" log verify --key "$T/ledger.vkeys" --checkpoint "$T/bad-cp.txt"
grep -v "/sm2 " "$T/cp.txt" >"$T/no-sm2.txt"
expect_exit 4 "a checkpoint missing its SM2 signature is rejected" -- \
  "$FR" log verify --key "$T/ledger.vkeys" --checkpoint "$T/no-sm2.txt"
expect_stderr "sm2"

"$FR" --store "$T/other" init >/dev/null
expect_exit 4 "keys of another store are rejected" -- \
  "$FR" log verify --key "$T/other/keys/ledger.vkeys" --checkpoint "$T/cp.txt"
expect_exit 2 "a proof file that is not JSON is rejected" -- \
  "$FR" log verify --key "$T/ledger.vkeys" --proof "$T/cp.txt"
finish
