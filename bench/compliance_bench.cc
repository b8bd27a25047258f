// Compliance report benchmark: a whole bureau's report, and a filtered page of the case list, at
// 100,000 cases and 1,000,000 records. The report is set against a baseline measured in the same
// run on the same file: `SELECT count(*)` over every table the report reads, and a full pass over
// those tables' rows. Then all is measured again with a larger page cache and memory-mapped
// reads.
//
// The bureau is generated with set-based SQL straight into a fresh store (not timed): sections
// and people; cases at every stage over two years; the text records the catalogue requires (a
// few left out) topped up with more; audio-visual records, one per on-site visit and more per
// case, with segments and some interruptions; one ledger event per row. About 1% of everything
// breaks a rule. The ledger rows are not hashed into a tree: the store is for this run only.
//
// Usage: compliance_bench DIR [cases] [records]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "app/store.h"
#include "services/case_deadlines.h"
#include "services/cases.h"
#include "services/compliance.h"

using namespace fullrecord;            // NOLINT(google-build-using-namespace)
using namespace fullrecord::services;  // NOLINT(google-build-using-namespace)
using Clock = std::chrono::steady_clock;

namespace {

constexpr int64_t kHour = 3'600'000'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int kSections = 10;
constexpr int kOfficersPerSection = 50;

constexpr const char* kReadTables[] = {"case_file",    "case_officer", "person",
                                       "person_role",  "av_record",    "av_segment",
                                       "interruption", "text_record",  "ledger_entry"};

double Millis(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

// Milliseconds of CPU this process has used: on a shared, loaded machine the wall clock also
// counts the time other processes held the cores.
double CpuMillis() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Wall and CPU milliseconds of a stretch of work.
struct Span {
  double wall = 0;
  double cpu = 0;
  Span& operator+=(const Span& o) {
    wall += o.wall;
    cpu += o.cpu;
    return *this;
  }
};

class Stopwatch {
 public:
  Stopwatch() : wall_(Clock::now()), cpu_(CpuMillis()) {}
  Span Elapsed() const { return {Millis(wall_), CpuMillis() - cpu_}; }

 private:
  Clock::time_point wall_;
  double cpu_;
};

void Check(const Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
  std::exit(3);
}

// A deterministic spread of `x` over 0..999, different for each `salt`.
std::string Spread(const std::string& x, int salt) {
  return "(((" + x + ") * 2654435761 + " + std::to_string(salt * 40503) + ") % 1000)";
}

// "WITH RECURSIVE k(i) AS (… 1 … n)": a counter for set-based inserts.
std::string Counter(int64_t n) {
  return "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < " +
         std::to_string(n) + ") ";
}

int64_t Count(store::Database& db, const std::string& sql) {
  auto rows = db.Query(sql);
  Check(rows.status(), sql.c_str());
  return (*rows)[0].Int(0);
}

// ---- generation -----------------------------------------------------------------------------

void GeneratePeople(store::Database& db) {
  Check(db.Exec(Counter(kSections) + "INSERT INTO section SELECT 's' || (i - 1), 'section', 0 "
                                     "FROM k"),
        "sections");
  std::string people =
      Counter(int64_t{kSections} * kOfficersPerSection) +
      "INSERT INTO person (id, name, section, cert_no, cert_valid_until, created_us) "
      "SELECT 'o' || ((i - 1) / 50) || '_' || ((i - 1) % 50), 'officer', 's' || ((i - 1) / 50), "
      "'C' || i, CASE WHEN (i - 1) % 25 = 0 THEN '2025-12-31' ELSE '2030-12-31' END, 0 FROM k";
  Check(db.Exec(people), "officers");
  Check(db.Exec("INSERT INTO person_role SELECT id, 'officer' FROM person"), "officer roles");
  Check(db.Exec(Counter(kSections) +
                "INSERT INTO person (id, name, section, created_us) SELECT p || (i - 1), p, "
                "'s' || (i - 1), 0 FROM k, (SELECT 'h' AS p UNION ALL SELECT 'a')"),
        "heads");
  Check(db.Exec("INSERT INTO person_role SELECT id, CASE substr(id, 1, 1) WHEN 'h' THEN "
                "'section_head' ELSE 'archivist' END FROM person WHERE id GLOB '[ha][0-9]*'"),
        "head roles");
  Check(db.Exec("INSERT INTO person (id, name, created_us) VALUES ('leader', 'leader', 0)"), "l");
  Check(db.Exec("INSERT INTO person_role VALUES ('leader', 'principal_leader')"), "leader role");
}

// Cases over the two years before `now`: older ones archived (a few not in time), recent ones at
// every stage; all but those at the start have an on-site visit.
void GenerateCases(store::Database& db, int64_t n, UnixMicros now) {
  std::string h = Spread("i", 1);
  std::string sql =
      Counter(n) +
      "INSERT INTO case_file (id, number, kind, title, section, stage, classification, retention, "
      "onsite_start_us, onsite_end_us, ended_us, archived_us, created_us, created_by) "
      "SELECT i, 'B-' || i, kind, 'case ' || i, 's' || (i % 10), st, 'ordinary', '30y', "
      "CASE WHEN st <> 'start' THEN cr + 2 * " +
      std::to_string(kDay) +
      " END, "
      "CASE WHEN st <> 'start' THEN cr + 2 * " +
      std::to_string(kDay) +
      " + 7200000000 END, "
      "ended, CASE WHEN ended IS NOT NULL AND " +
      Spread("i", 2) +
      " >= 15 "
      "AND ended + 15 * " +
      std::to_string(kDay) + " < " + std::to_string(now) +
      " THEN ended + "
      "15 * " +
      std::to_string(kDay) +
      " END, cr, 'bench' FROM ("
      "SELECT i, kind, st, cr, CASE WHEN st = 'archive' THEN min(cr + 60 * " +
      std::to_string(kDay) + ", " + std::to_string(now - kDay) +
      ") END AS ended FROM ("
      "SELECT i, cr, CASE i % 6 WHEN 0 THEN 'penalty' WHEN 1 THEN 'inspection_routine' "
      "WHEN 2 THEN 'inspection_random' WHEN 3 THEN 'inspection_comprehensive' "
      "WHEN 4 THEN 'inspection_special' ELSE 'complaint' END AS kind, "
      "CASE WHEN cr < " +
      std::to_string(now - 120 * kDay) + " AND " + h +
      " >= 30 THEN 'archive' "
      "WHEN " +
      h + " < 100 THEN 'start' WHEN " + h +
      " < 250 THEN 'investigation' "
      "WHEN " +
      h + " < 350 THEN 'decision' WHEN " + h +
      " < 450 THEN 'execution' "
      "ELSE 'archive' END AS st FROM (SELECT i, " +
      std::to_string(now) + " - (" + std::to_string(n) + " - i) * " +
      std::to_string(730 * kDay / n) + " - " + std::to_string(3 * kDay) + " AS cr FROM k)))";
  Check(db.Exec(sql), "cases");
  Check(db.Exec("INSERT INTO case_officer SELECT id, 'o' || (id % 10) || '_' || (id % 50) "
                "FROM case_file"),
        "first officers");
  Check(db.Exec("INSERT INTO case_officer SELECT id, 'o' || (id % 10) || '_' || "
                "((id + 1) % 50) FROM case_file"),
        "second officers");
}

// The documents the catalogue requires with no flags set, one of each (a few left out), then
// more documents until there are `total`.
void GenerateTexts(store::Database& db, const Catalogue& catalogue, int64_t n, int64_t total) {
  Check(db.Exec("CREATE TEMP TABLE bench_req (kind TEXT, stage TEXT, doc_type TEXT)"), "req");
  for (CaseKind kind : kCaseKinds) {
    for (Stage stage : kStages) {
      for (const auto& r : catalogue.requirements()) {
        if (r.kind != kind || StageIndex(r.stage) > StageIndex(stage) || !r.AppliesUnder({})) {
          continue;
        }
        Check(
            db.Exec("INSERT INTO bench_req VALUES (?, ?, ?)",
                    {std::string(CaseKindCode(kind)), std::string(StageCode(stage)), r.any_of[0]}),
            "req row");
      }
    }
  }
  std::string insert =
      "INSERT INTO text_record (case_id, stage, doc_type, title, classification, "
      "created_us, created_by) ";
  Check(db.Exec(insert +
                "SELECT c.id, c.stage, r.doc_type, 'doc', 'ordinary', c.created_us, "
                "'bench' FROM case_file c JOIN bench_req r ON r.kind = c.kind AND "
                "r.stage = c.stage WHERE " +
                Spread("c.id + length(r.doc_type)", 3) + " >= 5"),
        "required texts");
  int64_t more = total - Count(db, "SELECT count(*) FROM text_record");
  if (more <= 0) return;
  Check(db.Exec(Counter(more) + insert + "SELECT 1 + (i * 7919) % " + std::to_string(n) +
                ", 'investigation', 'investigation_transcript', 'doc', 'ordinary', 0, 'bench' "
                "FROM k"),
        "more texts");
}

std::string FullChecklist() {
  Json c = Json::object();
  for (const char* item : {"scene_and_certificate_shown", "rights_informed",
                           "standard_notice_given", "parties_and_conduct", "evidence_recorded",
                           "measures_recorded", "documents_served", "place_sign_recorded"}) {
    c[item] = true;
  }
  return c.dump();
}

// One recording per case of its on-site visit (a few started late), then more recordings of
// random cases, a few tied to no case.
void GenerateRecordings(store::Database& db, int64_t n, int64_t total, UnixMicros now) {
  std::string cols =
      "INSERT INTO av_record (id, case_id, officer, start_us, end_us, "
      "classification, checklist, upload_exemption, created_us, created_by) ";
  std::string checklist = "CASE WHEN " + Spread("i", 4) +
                          " < 15 THEN '{\"rights_informed\":"
                          "true}' ELSE '" +
                          FullChecklist() + "' END";
  std::string exemption = "CASE WHEN i % 1000 = 7 THEN 'poor_transport' END";
  std::string onsite =
      Counter(std::min(n, total)) + cols +
      "SELECT i, c.id, 'o' || (c.id % 10) || '_' || (c.id % 50), s, s + 3600000000, 'ordinary', " +
      checklist + ", " + exemption +
      ", s, 'bench' FROM k JOIN (SELECT id, coalesce("
      "onsite_start_us, created_us) + CASE WHEN " +
      Spread("id", 5) +
      " < 5 THEN 300000000 "
      "ELSE 30000000 END AS s FROM case_file) c ON c.id = k.i";
  Check(db.Exec(onsite), "on-site recordings");
  if (total <= n) return;
  std::string more = Counter(total - n) + cols + "SELECT i + " + std::to_string(n) +
                     ", CASE WHEN " + Spread("i", 6) +
                     " >= 5 THEN c.id END, "
                     "'o' || (c.id % 10) || '_' || (c.id % 50), s, s + 1800000000, 'ordinary', " +
                     checklist + ", " + exemption +
                     ", s, 'bench' FROM k JOIN (SELECT id, min(created_us + 5 * " +
                     std::to_string(kDay) + ", " + std::to_string(now - 3 * kHour) +
                     ") AS s FROM case_file) c "
                     "ON c.id = 1 + (k.i * 7919) % " +
                     std::to_string(n);
  Check(db.Exec(more), "more recordings");
}

// Segments (one or two per recording, a few uploaded late, a few missing), their blobs, and some
// interruptions, a few unexplained.
void GenerateSegments(store::Database& db, UnixMicros now) {
  std::string segs =
      "SELECT a.id * 2 + s.n AS sid, a.id AS av, a.start_us, a.end_us, "
      "min(a.end_us + CASE WHEN " +
      Spread("a.id", 7) +
      " < 10 THEN 30 ELSE 2 END "
      "* 3600000000, " +
      std::to_string(now) +
      ") AS up FROM av_record a, "
      "(SELECT 0 AS n UNION ALL SELECT 1) s "
      "WHERE (s.n = 0 AND a.id % 200 <> 3) OR (s.n = 1 AND a.id % 2 = 0)";
  Check(db.Exec("INSERT INTO blob SELECT printf('%064d', sid), printf('%064d', sid), 1000000, "
                "'bench', 0 FROM (" +
                segs + ")"),
        "blobs");
  Check(db.Exec("INSERT INTO av_segment (id, av_id, blob_sha256, start_us, end_us, uploaded_us) "
                "SELECT sid, av, printf('%064d', sid), start_us, end_us, up FROM (" +
                segs + ")"),
        "segments");
  Check(db.Exec("INSERT INTO interruption (av_id, start_us, end_us, reason, found_us, found_by) "
                "SELECT id, start_us + 600000000, start_us + 720000000, CASE WHEN id % 1000 = 11 "
                "THEN NULL ELSE 'low_battery' END, end_us, 'bench' FROM av_record "
                "WHERE id % 100 = 11"),
        "interruptions");
}

// One event per row written, and a few refused attempts on originals and on cases.
void GenerateLedger(store::Database& db, int64_t events) {
  int64_t first = Count(db, "SELECT coalesce(max(seq), -1) + 1 FROM ledger_entry");
  std::string sql =
      Counter(events) + "INSERT INTO ledger_entry SELECT " + std::to_string(first) +
      " + i - 1, randomblob(32), "
      "json_object('actor', 'user:o' || (i % 10) || '_' || (i % 50), 'detail', "
      "json_object('case', i % 100000, 'number', 'B-' || (i % 100000), 'sha256', "
      "printf('%064d', i)), 'outcome', CASE WHEN i % 5000 = 1 THEN 'refused' ELSE 'ok' END, "
      "'seq', " +
      std::to_string(first) +
      " + i - 1, 'time', '2026-01-01T00:00:00.000Z', "
      "'type', CASE WHEN i % 10000 = 1 THEN 'original.change_attempt' WHEN i % 5000 = 1 THEN "
      "'case.viewed' ELSE 'record.added' END) FROM k";
  Check(db.Exec(sql), "ledger");
}

void Generate(app::Store& store, const Catalogue& catalogue, int64_t cases, int64_t records,
              UnixMicros now) {
  store::Database& db = store.db();
  store::WriteTransaction tx(db);
  Check(tx.status(), "begin");
  GeneratePeople(db);
  GenerateCases(db, cases, now);
  GenerateTexts(db, catalogue, cases, records * 6 / 10);
  int64_t texts = Count(db, "SELECT count(*) FROM text_record");
  GenerateRecordings(db, cases, std::max<int64_t>(records - texts, 1), now);
  GenerateSegments(db, now);
  GenerateLedger(db, cases + records);
  Check(tx.Commit(), "commit");
}

// ---- measurement ----------------------------------------------------------------------------

struct Baseline {
  Span count;  // SELECT count(*) over each table
  Span pass;   // a pass over each table's rows
};

Baseline MeasureBaseline(store::Database& db) {
  Baseline b;
  for (const char* t : kReadTables) {
    Stopwatch count;
    Count(db, std::string("SELECT count(*) FROM ") + t);
    b.count += count.Elapsed();
    Stopwatch pass;
    Count(db, std::string("SELECT count(*) FROM ") + t + " NOT INDEXED WHERE rowid IS NOT NULL");
    b.pass += pass.Elapsed();
  }
  return b;
}

// The median (by CPU) of three full reports for the principal leader; `findings` gets their
// number.
Span MeasureReport(ComplianceService& service, const Actor& leader, UnixMicros now,
                   size_t& findings) {
  std::vector<Span> runs;
  for (int i = 0; i < 3; ++i) {
    Stopwatch watch;
    auto r = service.Report(leader, {}, now);
    runs.push_back(watch.Elapsed());
    Check(r.status(), "report");
    findings = r->size();
  }
  std::sort(runs.begin(), runs.end(), [](const Span& a, const Span& b) { return a.cpu < b.cpu; });
  return runs[1];
}

// The time of each rule alone, for finding the slow one. Codes of one rule function each run
// that whole function.
void PrintRuleTimes(ComplianceService& service, const Actor& leader, UnixMicros now) {
  for (const auto& rule : ComplianceService::Rules()) {
    ComplianceFilter only;
    only.rules = {rule.code};
    Stopwatch watch;
    auto r = service.Report(leader, only, now);
    Span t = watch.Elapsed();
    Check(r.status(), "rule");
    std::printf("  %-6s %-26s cpu %7.1f ms  wall %7.1f ms  %zu findings\n", rule.id.c_str(),
                rule.code.c_str(), t.cpu, t.wall, r->size());
  }
}

Span MeasurePage(Context& ctx, const Actor& leader) {
  CaseService cases(ctx);
  constexpr int kCalls = 200;
  Stopwatch watch;
  for (int i = 0; i < kCalls; ++i) {
    CaseFilter f;
    f.section = "s" + std::to_string(i % kSections);
    f.stage = kStages[static_cast<size_t>(i) % kStages.size()];
    f.limit = 20;
    auto page = cases.List(leader, f);
    Check(page.status(), "case list");
  }
  Span t = watch.Elapsed();
  return {t.wall / kCalls, t.cpu / kCalls};
}

// A case-list page filtered by deadline state: the R12.1 and R13.1 rules for the reader, then
// the page of their overdue cases.
Span MeasureDeadlinePage(Context& ctx, const Actor& leader, UnixMicros now) {
  CaseService cases(ctx);
  constexpr int kCalls = 10;
  Stopwatch watch;
  for (int i = 0; i < kCalls; ++i) {
    auto urgent = UrgentDeadlines(ctx, leader, now);
    Check(urgent.status(), "deadlines");
    CaseFilter f;
    f.limit = 20;
    NarrowToDeadlineState(f, DeadlineState::kOverdue, *urgent);
    Check(cases.List(leader, f).status(), "case list by deadline");
  }
  Span t = watch.Elapsed();
  return {t.wall / kCalls, t.cpu / kCalls};
}

void MeasureAll(const char* title, Context& ctx, const Actor& leader, UnixMicros now) {
  ComplianceService service(ctx);
  size_t findings = 0;
  Span report = MeasureReport(service, leader, now, findings);
  Baseline base = MeasureBaseline(ctx.db);
  Span page = MeasurePage(ctx, leader);
  Span by_deadline = MeasureDeadlinePage(ctx, leader, now);

  std::printf("-- %s (ratios by CPU time; wall time beside it)\n", title);
  std::printf("full compliance report (leader):    cpu %7.0f ms  wall %7.0f ms  %zu findings\n",
              report.cpu, report.wall, findings);
  std::printf(
      "count(*) over the %zu tables read:   cpu %7.1f ms  wall %7.1f ms  ratio %.1f  "
      "(goal < 5)\n",
      std::size(kReadTables), base.count.cpu, base.count.wall, report.cpu / base.count.cpu);
  std::printf("full pass over those tables' rows:  cpu %7.1f ms  wall %7.1f ms  ratio %.1f\n",
              base.pass.cpu, base.pass.wall, report.cpu / base.pass.cpu);
  std::printf("case list page (section + stage):   cpu %7.2f ms  wall %7.2f ms  (goal < 10)\n",
              page.cpu, page.wall);
  std::printf(
      "case list page, overdue cases:      cpu %7.2f ms  wall %7.2f ms  (%.1f%% of the report)\n",
      by_deadline.cpu, by_deadline.wall, 100 * by_deadline.cpu / report.cpu);
  PrintRuleTimes(service, leader, now);
}

// Generates the bureau in a fresh store at `dir` and measures it twice: as the store opens it,
// and with a larger page cache and memory-mapped reads.
int Run(const std::string& dir, int64_t cases, int64_t records) {
  std::filesystem::remove_all(dir);
  auto store = app::Store::Init(dir, "bench");
  Check(store.status(), "init");
  auto calendar = HolidayCalendar::LoadFile(FR_DATA_DIR "/holidays.json");
  auto catalogue = Catalogue::LoadFile(FR_DATA_DIR "/catalogue.json");
  Check(calendar.status(), "calendar");
  Check(catalogue.status(), "catalogue");
  UnixMicros now = *ParseRfc3339("2026-03-10T02:00:00Z");

  auto start = Clock::now();
  Generate(**store, *catalogue, cases, records, now);
  store::Database& db = (*store)->db();
  std::printf(
      "generated: %lld cases, %lld text records, %lld av records, %lld segments, "
      "%lld ledger entries in %.0f s\n",
      static_cast<long long>(Count(db, "SELECT count(*) FROM case_file")),
      static_cast<long long>(Count(db, "SELECT count(*) FROM text_record")),
      static_cast<long long>(Count(db, "SELECT count(*) FROM av_record")),
      static_cast<long long>(Count(db, "SELECT count(*) FROM av_segment")),
      static_cast<long long>(Count(db, "SELECT count(*) FROM ledger_entry")), Millis(start) / 1000);

  Context ctx{db, (*store)->ledger(), (*store)->vault(), &*calendar, &*catalogue};
  auto leader = LoadActor(ctx, "leader");
  Check(leader.status(), "leader");
  MeasureAll("schema as it is", ctx, *leader, now);
  Check(db.Exec("PRAGMA cache_size = -65536"), "cache_size");
  Check(db.Exec("PRAGMA mmap_size = 1073741824"), "mmap_size");
  MeasureAll("64 MiB page cache, 1 GiB mmap", ctx, *leader, now);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: compliance_bench DIR [cases] [records]\n");
    return 2;
  }
  int64_t cases = argc > 2 ? std::atoll(argv[2]) : 100'000;
  int64_t records = argc > 3 ? std::atoll(argv[3]) : 1'000'000;
  if (cases < 10 || records < 10) {
    std::fprintf(stderr, "compliance_bench: at least 10 cases and 10 records\n");
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    return Run(argv[1], cases, records);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "compliance_bench: %s\n", e.what());
    return 3;
  }
}
