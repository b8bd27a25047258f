// ReaderNote: 读我.txt and README.txt, how to check a disc with standard tools, for decades.
#include "archive/disc_set.h"

namespace fullrecord::archive {
namespace {

const char* kSm3Loop =
    "   while read -r h f; do g=$(openssl dgst -sm3 -r \"$f\" | cut -d' ' -f1); "
    "[ \"$g\" = \"$h\" ] && echo \"$f: OK\" || echo \"$f: FAILED\"; done < manifest-sm3.txt\n";

std::string HeaderZh(const SetMaterial& m, int seq) {
  const auto& c = m.content->kase;
  return "音像记录归档光盘 — 读我\n\n案件：" + c.number + "　" + c.title + "\n光盘：第 " +
         std::to_string(seq) + " 张，共 " + std::to_string(m.plans.size()) + " 张（光盘组 " +
         m.spec.code + "）\n制片人：" + m.content->maker_name + "（" + m.content->maker_id +
         "）　制作日期：" + ShanghaiDay(m.spec.made_us) + "\n保管期限：" +
         services::RetentionNameZh(c.retention) + "\n\n";
}

std::string HeaderEn(const SetMaterial& m, int seq) {
  const auto& c = m.content->kase;
  return "Archive disc of audio-visual records - README\n\nCase: " + c.number + "  " + c.title +
         "\nDisc " + std::to_string(seq) + " of " + std::to_string(m.plans.size()) + " (set " +
         m.spec.code + ")\nMaker: " + m.content->maker_name + " (" + m.content->maker_id +
         ")  Made: " + ShanghaiDay(m.spec.made_us) + "\nRetention: " +
         services::RetentionCode(c.retention) + "\n\n";
}

const char* kBodyZh =
    "本光盘是一个 BagIt 包（RFC 8493），不依赖任何服务器即可自行验证。\n\n"
    "内容：\n"
    "  data/文字记录/    文字记录原件（T+记录号-标题）\n"
    "  data/音像记录/    音像记录原件（A+记录号-段号-设备-开始时间，北京时间）\n"
    "  data/case.json    案件元数据：记录、阶段、当事人、每个原件的 SHA-256 与 SM3\n"
    "  data/disc.json    本光盘组中每个文件在哪一张光盘上\n"
    "  data/四性检测报告.txt、data/check-report.json    刻录前的四性检测报告\n"
    "  data/索引.pdf、data/索引.html    可打印的索引（含制片人和制作日期）\n"
    "  data/ledger/checkpoint.txt    已签名的账本检查点（C2SP signed note，Ed25519 与 SM2 签名）\n"
    "  data/ledger/proofs/<sha256>.json    每个原件入库事件的包含证明（RFC 9162）\n"
    "  data/keys/    验证公钥；应与本单位公布或纸质存档的公钥核对\n\n"
    "用标准工具校验（在光盘根目录的终端中执行）：\n"
    "1. SHA-256：sha256sum -c manifest-sha256.txt 与 sha256sum -c tagmanifest-sha256.txt\n"
    "   （Windows：certutil -hashfile <文件> SHA256，与清单中的值比对）\n"
    "2. SM3（OpenSSL 3）：\n";

const char* kTailZh =
    "   tagmanifest-sm3.txt 同理。\n"
    "3. 拆分文件：大于一张光盘的文件分为 X.part1ofN … X.partNofN 存于多张光盘；\n"
    "   合并：cat X.part1ofN … X.partNofN > X，再以 sha256sum X 与 data/case.json 中的值比对。\n"
    "4. 签名与证明：fullrecord verify-disc <光盘目录或镜像> --key <本单位公钥 ledger.vkeys>\n"
    "   无 fullrecord 时：证明文件中 entry 是入库事件原文（含原件的 sha256、sm3、size）；\n"
    "   叶哈希 = SHA-256(0x00 ‖ entry)，按 RFC 9162 第 2.1.3.2 节用 hashes 逐级算出根，\n"
    "   应等于 checkpoint 第三行（base64）；检查点的签名按 C2SP signed-note 用 data/keys 中的公钥验证。\n";

const char* kBodyEn =
    "This disc is a BagIt bag (RFC 8493) that proves itself without any server.\n\n"
    "Contents:\n"
    "  data/文字记录/ (text records)    originals, T<record>-<title>\n"
    "  data/音像记录/ (audio-visual)    originals, A<record>-<segment>-<device>-<start, Beijing time>\n"
    "  data/case.json    case metadata: records, stages, parties, SHA-256 and SM3 of each original\n"
    "  data/disc.json    which disc of the set holds each file\n"
    "  data/四性检测报告.txt, data/check-report.json    the four-property check run before writing\n"
    "  data/索引.pdf, data/索引.html    printable index with maker and date\n"
    "  data/ledger/checkpoint.txt    signed ledger checkpoint (C2SP signed note, Ed25519 and SM2)\n"
    "  data/ledger/proofs/<sha256>.json    inclusion proof (RFC 9162) of each original's ingest\n"
    "  data/keys/    public keys; compare them with the keys the bureau published or filed on paper\n\n"
    "Checking with standard tools (in a terminal, at the root of the disc):\n"
    "1. SHA-256: sha256sum -c manifest-sha256.txt and sha256sum -c tagmanifest-sha256.txt\n"
    "   (Windows: certutil -hashfile <file> SHA256, compared with the manifest)\n"
    "2. SM3 (OpenSSL 3):\n";

const char* kTailEn =
    "   and the same for tagmanifest-sm3.txt.\n"
    "3. Split files: a file larger than a disc is stored as X.part1ofN ... X.partNofN on several\n"
    "   discs; join with cat X.part1ofN ... X.partNofN > X and compare sha256sum X with data/case.json.\n"
    "4. Signatures and proofs: fullrecord verify-disc <disc directory or image> --key <ledger.vkeys>\n"
    "   Without fullrecord: each proof's \"entry\" is the ingest event as logged (with the original's\n"
    "   sha256, sm3 and size); leaf hash = SHA-256(0x00 || entry); fold \"hashes\" as RFC 9162\n"
    "   section 2.1.3.2 says to get the root, which must equal the checkpoint's third line (base64);\n"
    "   check the checkpoint's signatures as C2SP signed-note says, with the keys in data/keys.\n";

}  // namespace

std::string ReaderNote(bool zh, const SetMaterial& m, int seq) {
  if (zh) return HeaderZh(m, seq) + kBodyZh + kSm3Loop + kTailZh;
  return HeaderEn(m, seq) + kBodyEn + kSm3Loop + kTailEn;
}

}  // namespace fullrecord::archive
