#include "archive/maker.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>

#include "archive/disc_set.h"
#include "crypto/digest.h"

namespace fullrecord::archive {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kPerFile = 24 * 1024;  // directory records, manifest lines, proof, index rows
constexpr uint64_t kSlack = 64 * 1024;
constexpr uint64_t kMapEntry = 512;  // each original's line in every disc's disc.json
constexpr int kPlanAttempts = 6;

Status RequireArchivist(services::Context& ctx, const services::Actor& actor,
                        const services::Case& c) {
  if (actor.Has(services::Role::kArchivist) && actor.section == c.section) return Status::Ok();
  return services::Refuse(ctx, actor, "disc_set.made", {{"case", c.id}, {"number", c.number}},
                          Status::PermissionDenied("only the archivist of section " + c.section +
                                                       " makes its archive discs (R11.1, R13.1)",
                                                   "只有本案所属科室的档案员可以制作归档光盘"
                                                   "（R11.1、R13.1）"));
}

std::string SetCode(UnixMicros t) {
  time_t secs = static_cast<time_t>(t / 1000000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "FR%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

// Set codes being made by this process: a code is chosen before the images (it is written into
// them) and stored only after, so two sets begun in the same second must not both take it.
std::mutex codes_mu;
std::set<std::string> codes_in_making;

// A set code held from its choice until the set is stored or abandoned.
class CodeHold {
 public:
  CodeHold() = default;
  CodeHold(const CodeHold&) = delete;
  CodeHold& operator=(const CodeHold&) = delete;
  ~CodeHold() {
    if (code_.empty()) return;
    std::lock_guard lock(codes_mu);
    codes_in_making.erase(code_);
  }

  // The UTC second of making; when the store holds that code already, or this process is making
  // a set under it, the first free of the same code followed by B, C, … Z.
  Status Choose(services::Context& ctx, UnixMicros t) {
    std::string base = SetCode(t);
    FR_ASSIGN_OR_RETURN(auto rows,
                        ctx.db.Query("SELECT code FROM disc_set WHERE code = ? OR code GLOB ?",
                                     {base, base + "[B-Z]"}));
    std::set<std::string> stored;
    for (const auto& r : rows) stored.insert(r.Text(0));
    std::lock_guard lock(codes_mu);
    for (char suffix = 'A'; suffix <= 'Z'; ++suffix) {
      std::string code = suffix == 'A' ? base : base + suffix;
      if (stored.count(code) || codes_in_making.count(code)) continue;
      codes_in_making.insert(code);
      code_ = code;
      return Status::Ok();
    }
    return Status::FailedPrecondition(
        "26 disc sets were begun within the second " + base + "; begin this one again",
        "同一秒内已开始制作 26 组光盘，请稍后重新制作");
  }
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// The output directory: what this run wrote there is removed unless the run succeeds.
class OutDir {
 public:
  ~OutDir() {
    if (kept_) return;
    std::error_code ec;
    for (const auto& f : files_) fs::remove(f, ec);
    if (created_) fs::remove(path_, ec);
  }
  Status Prepare(const std::string& path);
  std::string File(const std::string& name) {
    files_.push_back(path_ + "/" + name);
    return files_.back();
  }
  void Keep() { kept_ = true; }

 private:
  std::string path_;
  std::vector<std::string> files_;
  bool created_ = false;
  bool kept_ = false;
};

Status OutDir::Prepare(const std::string& path) {
  path_ = path;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (!fs::is_directory(path, ec)) {
      return Status::InvalidArgument(path + " is not a directory", "光盘输出位置已存在，且不是目录");
    }
    if (!fs::is_empty(path, ec)) {
      return Status::InvalidArgument(path + " is not empty", "光盘输出目录不为空");
    }
    return Status::Ok();
  }
  fs::create_directories(path, ec);
  if (ec) return Status::IOError("cannot create " + path + ": " + ec.message());
  created_ = true;
  return Status::Ok();
}

void LogCheckFailure(services::Context& ctx, const services::Actor& actor, const CaseContent& c,
                     const CheckReport& report) {
  Json failures = Json::array();
  for (const auto& f : report.Failures()) {
    if (failures.size() < 20) failures.push_back(f);
  }
  ledger::Event e{"disc_set.check_failed", actor.LedgerName(), "failed",
                  {{"case", c.kase.id}, {"number", c.kase.number}, {"failures", failures}}};
  (void)ctx.ledger.Append({e});  // the refusal stands even if it cannot be logged
}

Status CheckFailed(const CheckReport& report) {
  std::string msg = "four-property check (四性检测) failed; no disc was made:";
  for (const auto& f : report.Failures()) msg += "\n  " + f;
  // In Chinese: the properties that failed and how many items; the report itself lists them.
  std::string zh;
  for (Property p : {Property::kAuthenticity, Property::kIntegrity, Property::kUsability,
                     Property::kSecurity}) {
    size_t failed = std::count_if(report.items.begin(), report.items.end(),
                                  [p](const CheckItem& i) { return !i.passed && i.property == p; });
    if (failed == 0) continue;
    zh += std::string(zh.empty() ? "" : "，") + PropertyNameZh(p) + " " + std::to_string(failed) +
          " 项未通过";
  }
  return Status::FailedPrecondition(msg, "四性检测未通过，未制作光盘：" + zh + "，详见检测报告");
}

// Placeholder digests (same length as real ones) so a plan can be measured before parts are read.
void FillPartPlaceholders(SetMaterial& m) {
  m.parts.clear();
  for (const auto& plan : m.plans) {
    for (const auto& p : plan.pieces) {
      if (p.parts > 1) m.parts[{p.file, p.part}] = {std::string(64, '0'), std::string(64, '0')};
    }
  }
}

Result<uint64_t> MeasureDisc(services::Context& ctx, const SetMaterial& m, int seq) {
  FR_ASSIGN_OR_RETURN(auto files, ComposeDisc(m, seq));
  ImageOptions opts{VolumeId(m.spec, seq, static_cast<int>(m.plans.size())), m.spec.code,
                    m.spec.origin, m.spec.made_us};
  return MeasureImage(ctx.vault, files, opts);
}

// Plans the set so that every disc's measured image fits the media. The structure of a disc
// (its index PDF above all: the font subset grows with the characters used) is estimated from
// an empty disc, then raised by any overflow a measured disc shows.
Status PlanSet(services::Context& ctx, SetMaterial& m) {
  uint64_t capacity = m.spec.media.capacity;
  m.plans = {DiscPlan{}};
  FR_ASSIGN_OR_RETURN(uint64_t empty, MeasureDisc(ctx, m, 1));
  uint64_t fixed = empty + kSlack + kMapEntry * m.content->originals.size();
  std::vector<uint64_t> sizes;
  for (const auto& o : m.content->originals) sizes.push_back(o.size);

  for (int attempt = 0; attempt < kPlanAttempts; ++attempt) {
    FR_ASSIGN_OR_RETURN(m.plans, PlanDiscs(sizes, capacity, fixed, kPerFile));
    FillPartPlaceholders(m);
    uint64_t largest = 0;
    for (size_t d = 0; d < m.plans.size(); ++d) {
      FR_ASSIGN_OR_RETURN(uint64_t size, MeasureDisc(ctx, m, static_cast<int>(d + 1)));
      largest = std::max(largest, size);
    }
    if (largest <= capacity) return Status::Ok();
    fixed += largest - capacity + kSlack;
  }
  return Status::InvalidArgument("the discs' structure does not fit media of " +
                                     std::to_string(capacity) + " bytes",
                                 "光盘容量 " + std::to_string(capacity) +
                                     " 字节过小，容纳不下光盘的目录结构，请选择更大容量的光盘");
}

// Reads each split original once: recomputes both digests of the whole against the recorded ones
// and computes those of each part, for the manifests.
Status DigestParts(services::Context& ctx, SetMaterial& m, CheckReport& report) {
  std::map<size_t, std::vector<uint64_t>> cuts;  // original -> part lengths in order
  for (const auto& [key, _] : m.parts) cuts[key.first].clear();
  for (const auto& plan : m.plans) {
    for (const auto& p : plan.pieces) {
      if (p.parts > 1) cuts[p.file].push_back(p.length);
    }
  }
  for (const auto& [file, lengths] : cuts) {
    const Original& o = m.content->originals[file];
    FR_ASSIGN_OR_RETURN(auto reader, ctx.vault.Open(o.sha256));
    crypto::Hasher whole_sha(crypto::HashAlgorithm::kSha256), whole_sm3(crypto::HashAlgorithm::kSm3);
    std::vector<uint8_t> buf(1 << 20);
    for (size_t k = 0; k < lengths.size(); ++k) {
      crypto::Hasher sha(crypto::HashAlgorithm::kSha256), sm3(crypto::HashAlgorithm::kSm3);
      for (uint64_t left = lengths[k]; left > 0;) {
        FR_ASSIGN_OR_RETURN(size_t n, reader->Read(buf.data(), std::min<uint64_t>(left, buf.size())));
        if (n == 0) return Status::Corruption(o.path + ": blob " + o.sha256 + " ends early");
        for (crypto::Hasher* h : {&sha, &sm3, &whole_sha, &whole_sm3}) h->Update(buf.data(), n);
        left -= n;
      }
      m.parts[{file, static_cast<int>(k + 1)}] = {crypto::DigestHex(sha.Finish()),
                                                  crypto::DigestHex(sm3.Finish())};
    }
    std::string got_sha = crypto::DigestHex(whole_sha.Finish());
    std::string got_sm3 = crypto::DigestHex(whole_sm3.Finish());
    bool ok = got_sha == o.sha256 && got_sm3 == o.sm3;
    report.Add(Property::kAuthenticity, o.path, ok,
               ok ? "split over discs: SHA-256 and SM3 recomputed from the vault, equal to the recorded"
                  : "SHA-256 recomputed " + got_sha + " (recorded " + o.sha256 + "), SM3 recomputed " +
                        got_sm3 + " (recorded " + o.sm3 + ")");
  }
  return Status::Ok();
}

Result<DiscRow> WriteDisc(services::Context& ctx, const SetMaterial& m, int seq, OutDir& out,
                          uint64_t& written, const ImageProgressFn& progress) {
  int total = static_cast<int>(m.plans.size());
  FR_ASSIGN_OR_RETURN(auto files, ComposeDisc(m, seq));
  ImageOptions opts{VolumeId(m.spec, seq, total), m.spec.code, m.spec.origin, m.spec.made_us};
  std::string stem = m.spec.code + "-" + std::to_string(seq) + "of" + std::to_string(total);
  std::string path = out.File(stem + ".iso");
  out.File(stem + ".iso.tmp");
  uint64_t base = written;
  FR_ASSIGN_OR_RETURN(WrittenImage img, WriteImage(ctx.vault, files, opts, path, [&](uint64_t n) {
    if (progress) progress(base + n);
  }));
  written += img.size;
  return DiscRow{seq, total, img.sha256, "", img.size, "", path, ""};
}

Status WriteLabel(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  return f ? Status::Ok() : Status::IOError("cannot write " + path);
}

}  // namespace

std::string LabelText(const CaseContent& content, const DiscSetRow& set, const DiscRow& disc) {
  const auto& c = content.kase;
  return "音像记录归档光盘　第 " + std::to_string(disc.seq) + "/" + std::to_string(disc.total) +
         " 张\n案件：" + c.number + "　" + c.title + "\n制片人：" + content.maker_name +
         "　制作日期：" + ShanghaiDay(set.made_us) + "\n保管期限：" +
         services::RetentionNameZh(c.retention) + "\n光盘组：" + set.code + "　SHA-256：" +
         disc.image_sha256.substr(0, 16) + "\n";
}

Result<MadeSet> MakeDiscSet(services::Context& ctx, const services::Actor& actor,
                            const MakeRequest& req, CheckReport* report_out) {
  FR_ASSIGN_OR_RETURN(CaseContent content, GatherCase(ctx, actor, req.case_number));
  FR_RETURN_IF_ERROR(RequireArchivist(ctx, actor, content.kase));

  // 四性检测 first: nothing is written unless it passes.
  LedgerEvidence evidence;
  MadeSet made;
  made.report = RunFourChecks(ctx, content, *req.pinned, &evidence);
  SetMaterial m{&content, &evidence, &made.report, {}, {}, {}, req.keys};
  UnixMicros now = ctx.now();
  CodeHold code;
  FR_RETURN_IF_ERROR(code.Choose(ctx, now));
  m.spec = {code.code(), "", req.media, now, req.origin};
  m.spec.label = content.kase.number + " " + m.spec.code;
  OutDir out;
  FR_RETURN_IF_ERROR(out.Prepare(req.out_dir + "/" + m.spec.code));
  Status s = made.report.ok() ? PlanSet(ctx, m) : Status::Ok();
  if (s.ok() && made.report.ok()) s = DigestParts(ctx, m, made.report);
  if (report_out) *report_out = made.report;
  if (!made.report.ok()) {
    LogCheckFailure(ctx, actor, content, made.report);
    return CheckFailed(made.report);
  }
  FR_RETURN_IF_ERROR(s);

  DiscSetRow& set = made.set;
  set = {0, content.kase.id, content.kase.number, m.spec.code, actor.id, req.media.code,
         m.spec.label, req.out_dir + "/" + m.spec.code, "", "made", m.spec.made_us, "",
         std::nullopt, {}};
  uint64_t written = 0;
  for (int seq = 1; seq <= static_cast<int>(m.plans.size()); ++seq) {
    auto disc = WriteDisc(ctx, m, seq, out, written, req.progress);
    if (!disc.ok() && disc.status().IsCorruption()) {
      made.report.Add(Property::kAuthenticity, "originals", false, disc.status().message());
      if (report_out) *report_out = made.report;
      LogCheckFailure(ctx, actor, content, made.report);
      return CheckFailed(made.report);
    }
    if (!disc.ok()) return disc.status();
    disc->label_text = LabelText(content, set, *disc);
    FR_RETURN_IF_ERROR(WriteLabel(out.File(m.spec.code + "-" + std::to_string(seq) + "of" +
                                           std::to_string(disc->total) + ".label.txt"),
                                  disc->label_text));
    set.discs.push_back(std::move(disc).value());
  }
  FR_ASSIGN_OR_RETURN(set.id, RecordMadeSet(ctx, actor, set));
  out.Keep();
  return made;
}

std::map<std::string, std::string> StorePublicKeys(const std::string& store_dir) {
  std::map<std::string, std::string> keys;
  for (const char* name : {"ledger.vkeys", "ledger-ed25519.pub.pem", "ledger-sm2.pub.pem"}) {
    std::ifstream in(store_dir + "/keys/" + name, std::ios::binary);
    keys[name].assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return keys;
}

}  // namespace fullrecord::archive
