#!/usr/bin/env bash
# The regulation core from the command line: who may act, the order of stages, art. 42, devices
# and recordings, gaps, access, 三员分立, copies, the compliance report — and every refusal is a
# ledger event while the refused change leaves nothing behind.
source "$(dirname "$0")/lib/common.bash"
S="$T/store"
export FULLRECORD_STORE="$S"
unset FULLRECORD_AS
export FULLRECORD_FAKE_NOW=2026-12-03T06:00:00Z  # 14:00 in Shanghai

fr() { "$FR" "$@"; }
refusals() {
  sqlite3 "$S/metadata.db" \
    "select count(*) from ledger_entry where json_extract(data,'\$.outcome')='refused'"
}
# expect_refusal_logged BEFORE: the ledger holds more refusals than BEFORE.
expect_refusal_logged() {
  local now
  now=$(refusals)
  [[ $now -gt $1 ]] || fail "the refusal is not in the ledger ($1 refusals before, $now after)"
  pass "the refusal is in the ledger"
}
# JSON without jq: sqlite3's JSON functions. json_get TEXT PATH prints the value at PATH.
json_get() { sqlite3 :memory: "select json_extract('${1//\'/\'\'}', '$2')"; }
# json_count TEXT CONDITION: how many elements of the array TEXT meet CONDITION (on `value`).
json_count() { sqlite3 :memory: "select count(*) from json_each('${1//\'/\'\'}') where $2"; }
# wired COMMAND: the binary has the subcommand (services still being written may lack it).
wired() { "$FR" --help | grep -q "^  $1 "; }
skip() { echo "ok - # SKIP $*"; }

fr init >/dev/null
first_refusals=$(refusals)

# The bureau, set up by the console operator.
fr section add law 法制科 >/dev/null
add_person() { fr person add "$@" >/dev/null; }
add_person zhang --name 张三 --section law --cert-no 31000001 --cert-valid-until 2030-12-31
add_person li --name 李四 --section law --cert-no 31000002 --cert-valid-until 2030-12-31
add_person wang --name 王五 --section law
add_person chen --name 陈档案 --section law
add_person zhao --name 赵科长 --section law
add_person boss --name 钱局长 --section law
add_person audit --name 孙审计
add_person sec --name 周安全
for grant in "zhang officer" "li officer" "wang officer" "chen archivist" "zhao section_head" \
  "boss principal_leader" "audit auditor" "sec secadmin"; do
  fr role grant $grant >/dev/null
done
fr person show zhang | grep -q "officer" || fail "person show lacks the role"
pass "the console set up a section, eight people and their roles"

# The console may set up the bureau, nothing more.
before=$(refusals)
expect_exit 2 "the console cannot open a case" -- \
  fr case open 罚2026-1 --kind penalty --title 无证经营 --section law
expect_stderr "permission denied"
expect_refusal_logged "$before"
[[ $(json_get "$(fr --as zhao case list --json)" '$.total') -eq 0 ]] || fail "a case was created"
pass "no case was created"

id=$(fr --as zhang case open 罚2026-1 --kind penalty --title 无证经营 --section law \
  --officer li --party 某某商贸有限公司)
[[ $id =~ ^[0-9]+$ ]] || fail "case open printed \"$id\", not an id"
pass "an officer opens a case (id $id)"
fr --as zhang case list | grep -q "程序启动" || fail "case list lacks the stage in Chinese"
pass "case list shows the stage in Chinese"

# Stages go one at a time.
shown=$(fr --as zhang case show "$id" --json)
expect_exit 2 "advancing two stages is refused" -- \
  fr --as zhang case advance "$id" decision --reason 跳过调查
expect_stderr "the next stage is investigation"
[[ "$(fr --as zhang case show "$id" --json)" == "$shown" ]] || fail "the case changed"
pass "the refused advance changed nothing"

# Art. 42: two certified officers before investigation.
id2=$(fr --as zhang case open 罚2026-2 --kind penalty --title 单人执法 --section law --officer wang)
expect_exit 2 "one certified officer cannot enter investigation" -- \
  fr --as zhang case advance "$id2" investigation --reason 立案
expect_stderr "art. 42"
[[ $(json_get "$(fr --as zhang case show "$id2" --json)" '$.stage') == start ]] ||
  fail "case 2 moved"
pass "case 2 stayed at the start"
fr --as zhang case advance "$id" investigation --reason 立案审批通过 >/dev/null
pass "two certified officers enter investigation"

# A device, a recording with a file, and its gaps.
fr device add BC-001 --type body_camera --section law >/dev/null
fr device assign BC-001 zhang --from "2026-12-03 08:00" >/dev/null
[[ $(fr device holder BC-001 --at 2026-12-03T10:00:00+08:00) == zhang ]] || fail "wrong holder"
pass "the device is held by zhang"
head -c 300000 /dev/urandom >"$T/clip.mp4"
sha=$(sha256sum "$T/clip.mp4" | cut -d' ' -f1)
av=$(fr --as zhang record av --device BC-001 --start "2026-12-03 10:00" --end "2026-12-03 10:30" \
  --case "$id" --stage investigation --place 某某商贸门店 --file "$T/clip.mp4")
fr --as zhang case show "$id" | grep -q "$sha" || fail "case show lacks the segment's sha256"
pass "case show lists the recording with its sha256"
gap1=$(fr --as zhang record gap "$av" --start "2026-12-03 10:10" --end "2026-12-03 10:12")
fr --as zhang record explain "$gap1" low_battery --voice >/dev/null
fr --as zhang record gap "$av" --start "2026-12-03 10:20" --end "2026-12-03 10:21" >/dev/null
fr --as zhang case show "$id" | grep -q "low_battery" || fail "case show lacks the explanation"
pass "a gap is explained, another is left unexplained"
expect_exit 2 "an unknown gap reason is refused" -- fr --as zhang record explain "$gap1" tired
expect_stderr "valid (R9.3)"

# The auditor never sees a case: the same answer as a missing case.
before=$(refusals)
expect_exit 2 "the auditor cannot see the case" -- fr --as audit case show "$id"
hidden=$(sed "s/$id/N/g" "$T/stderr")
expect_refusal_logged "$before"
expect_exit 2 "a missing case" -- fr --as audit case show 999
[[ "$(sed 's/999/N/g' "$T/stderr")" == "$hidden" ]] || fail "the answers differ: $hidden"
pass "a hidden case answers as a missing one"

# 三员分立.
before=$(refusals)
expect_exit 2 "secadmin and auditor on one person is refused" -- fr role grant sec auditor
expect_stderr "三员分立"
expect_refusal_logged "$before"
[[ $(json_get "$(fr person show sec --json)" '$.roles') == '["secadmin"]' ]] ||
  fail "sec's roles changed"
pass "sec keeps one role"

# Copies: only the principal leader decides (R15.1).
if wired copy-request; then
  cr=$(fr --as zhang copy-request new "$id" --party 某某商贸有限公司 --purpose 行政复议 --all)
  before=$(refusals)
  expect_exit 2 "an officer cannot decide a copy request" -- \
    fr --as zhang copy-request decide "$cr" approve --note 同意
  expect_refusal_logged "$before"
  fr --as boss copy-request decide "$cr" approve --note 同意提供 >/dev/null
  pass "the principal leader approves the copy request"
  fr --as zhang copy-request produce "$cr" | grep -q "$sha" || fail "the copy lacks the recording"
  pass "the produced copy lists the recording's sha256"
else
  skip "copy-request is not wired"
fi

# Retention proposals: the archivist proposes, only the principal leader decides (R13.2, R14).
expect_exit 2 "a proposal names one change" -- fr --as chen retention propose "$id" --reason 信访
expect_stderr "--long-term"
rp=$(fr --as chen retention propose "$id" --long-term R14.4 --reason 当事人多次信访)
[[ $(json_get "$(fr --as chen case show "$id" --json)" '$.long_term') == 0 ]] ||
  fail "a proposal alone changed the case"
before=$(refusals)
expect_exit 2 "the section head cannot decide a retention proposal" -- \
  fr --as zhao retention decide "$rp" approve --reason 同意
expect_refusal_logged "$before"
fr --as boss retention decide "$rp" approve --reason 同意长期保存 >/dev/null
[[ $(json_get "$(fr --as chen case show "$id" --json)" '$.long_term') == 1 ]] ||
  fail "the approved proposal did not keep the case long-term"
history=$(fr --as chen retention history "$id" --json)
[[ $(json_get "$history" '$.changes[0].approved_by') == boss ]] || fail "no approver: $history"
pass "the principal leader's approval keeps the case long-term, with the approver recorded"

# The compliance report.
if wired report; then
  report=$(fr --as boss report compliance --json)
  r93="json_extract(value, '\$.rule_id') = 'R9.3' and json_extract(value, '\$.case') = $id"
  [[ $(json_count "$report" "$r93") -ge 1 ]] || fail "no R9.3 finding for the gap: $report"
  pass "report compliance --json finds the unexplained gap (R9.3)"
  fr --as boss report compliance --format xlsx --out "$T/f.xlsx" 2>/dev/null
  [[ $(head -c 2 "$T/f.xlsx") == PK ]] || fail "f.xlsx is not a zip"
  pass "report compliance --format xlsx writes a workbook"
  expect_exit 2 "xlsx without --out" -- fr --as boss report compliance --format xlsx
else
  skip "report is not wired"
fi

[[ $(refusals) -ge $((first_refusals + 4)) ]] || fail "refusals were not all logged"
pass "every refused action is in the ledger ($(refusals) refusals)"
fr verify >/dev/null
pass "the store verifies"
finish
