// Ledger benchmarks: durable batched appends per second, and the time of an inclusion proof
// at one million entries. Each figure is reported beside a baseline measured in the same run
// on the same SQLite file: plain inserts of the same rows, and a plain point lookup.
//
// Usage: ledger_bench DIR [entries] [batch]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "app/store.h"

using namespace fullrecord;  // NOLINT(google-build-using-namespace)
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::vector<ledger::Event> Batch(int batch, uint64_t first) {
  std::vector<ledger::Event> events;
  for (int i = 0; i < batch; ++i) {
    events.push_back({"bench.event", "bench", "ok",
                      {{"n", first + static_cast<uint64_t>(i)},
                       {"sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}});
  }
  return events;
}

// Baseline: the same number of rows of the same size, inserted in the same batches with the same
// durability, into a plain table without hashing or signing.
double PlainInsertRate(store::Database& db, uint64_t entries, int batch) {
  (void)db.Exec("CREATE TABLE plain (seq INTEGER PRIMARY KEY, h BLOB, data TEXT)");
  std::string data(190, 'x');
  Bytes hash(32, 7);
  auto start = Clock::now();
  for (uint64_t done = 0; done < entries; done += static_cast<uint64_t>(batch)) {
    store::WriteTransaction tx(db);
    for (int i = 0; i < batch; ++i) {
      (void)db.Exec("INSERT INTO plain VALUES (?, ?, ?)",
                    {static_cast<int64_t>(done) + i, hash, data});
    }
    (void)tx.Commit();
  }
  return static_cast<double>(entries) / Seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ledger_bench DIR [entries] [batch]\n");
    return 2;
  }
  std::string dir = argv[1];
  uint64_t entries = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1'000'000;
  int batch = argc > 3 ? std::atoi(argv[3]) : 1000;
  std::filesystem::remove_all(dir);
  auto store = app::Store::Init(dir, "bench");
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 3;
  }
  ledger::Ledger& ledger = (*store)->ledger();

  // Durable appends, `batch` events and one signed checkpoint per transaction.
  auto start = Clock::now();
  for (uint64_t done = 1; done < entries; done += static_cast<uint64_t>(batch)) {
    auto r = ledger.Append(Batch(batch, done));
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 3;
    }
  }
  double append_secs = Seconds(start);
  uint64_t size = *ledger.Size();
  double append_rate = static_cast<double>(size - 1) / append_secs;
  double plain_rate = PlainInsertRate((*store)->db(), size - 1, batch);

  // Inclusion proofs of random entries against the latest checkpoint, and plain lookups.
  std::mt19937_64 rng(42);
  constexpr int kProofs = 2000;
  start = Clock::now();
  for (int i = 0; i < kProofs; ++i) {
    auto p = ledger.ProveInclusion(rng() % size);
    if (!p.ok()) return 3;
  }
  double proof_us = Seconds(start) * 1e6 / kProofs;
  start = Clock::now();
  for (int i = 0; i < kProofs; ++i) {
    auto e = ledger.GetEntry(rng() % size);
    if (!e.ok()) return 3;
  }
  double lookup_us = Seconds(start) * 1e6 / kProofs;

  std::printf("ledger entries:                 %llu (batch %d)\n",
              static_cast<unsigned long long>(size), batch);
  std::printf("ledger durable appends:         %.0f events/s  (goal >= 20000)\n", append_rate);
  std::printf("plain SQLite inserts, same run: %.0f rows/s  ratio %.2f\n", plain_rate,
              append_rate / plain_rate);
  std::printf("inclusion proof at this size:   %.1f us  (goal < 1000)\n", proof_us);
  std::printf("plain entry lookup, same run:   %.1f us  ratio %.1f\n", lookup_us,
              proof_us / lookup_us);
  return 0;
}
