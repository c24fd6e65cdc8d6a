// Durable write throughput of the store's own write path: --threads writers each create --num
// suppliers (20-byte ids, ~400-byte documents) with synced commits, as `db_bench
// --benchmarks=fillrandom --sync=1` does with raw keys. Every store write also carries the
// supplier's summary, its index entry, an audit entry and the audit head. Prints one line:
// `store_durable_writes threads=T ops=N seconds=S ops_per_sec=X value_bytes=V`.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "engine/common/sha256.h"
#include "service/store/store.h"

ABSL_FLAG(int, threads, 32, "concurrent writers");
ABSL_FLAG(int, num, 5000, "documents per writer");
ABSL_FLAG(std::string, db, "/tmp/supplyrisk_store_bench", "database directory (wiped first)");
ABSL_FLAG(bool, sync, true, "sync the WAL before acknowledging each write");

namespace {

// Spreads ids over the key space like fillrandom, and keeps them 20 bytes long.
std::string SupplierId(uint64_t thread, uint64_t i) {
  uint64_t x = (thread << 40) ^ i;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return absl::StrFormat("%020u", x % 100000000000000000ULL * 100 + thread % 100);
}

supplyrisk::v1::Supplier Document(const std::string& id, size_t target) {
  supplyrisk::v1::Supplier s;
  s.set_name("suppliers/" + id);
  s.set_etag("0123456789abcdef");
  s.set_industry("manufacturing");
  s.add_domains("example.co.jp");
  s.mutable_display_name()->set_en("");
  size_t base = supplyrisk::SerializeDeterministic(s).size();
  s.mutable_display_name()->set_en(std::string(target > base ? target - base : 0, 'x'));
  s.clear_name();
  s.clear_etag();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string dir = absl::GetFlag(FLAGS_db);
  std::filesystem::remove_all(dir);
  supplyrisk::store::StoreOptions options;
  options.sync = absl::GetFlag(FLAGS_sync);
  auto opened = supplyrisk::store::Store::Open(dir, options);
  if (!opened.ok()) {
    fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 1;
  }
  supplyrisk::store::Store& store = **opened;
  const int threads = absl::GetFlag(FLAGS_threads), num = absl::GetFlag(FLAGS_num);
  std::atomic<int> failures{0};
  size_t value_bytes = 0;
  {
    auto probe = Document(SupplierId(0, 0), 396);
    probe.set_name("suppliers/" + SupplierId(0, 0));
    probe.set_etag("0123456789abcdef");
    value_bytes = supplyrisk::SerializeDeterministic(probe).size();
  }
  absl::Time start = absl::Now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      supplyrisk::store::MutationContext ctx;
      ctx.actor = absl::StrFormat("bench-%d", t);
      for (int i = 0; i < num; ++i) {
        std::string id = SupplierId(t, i);
        auto r = store.CreateSupplier("bench-tenant", id, Document(id, 396), ctx);
        if (!r.ok()) {
          if (failures++ == 0) fprintf(stderr, "%s\n", r.status().ToString().c_str());
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  long ops = static_cast<long>(threads) * num;
  printf(
      "store_durable_writes threads=%d ops=%ld seconds=%.3f ops_per_sec=%.0f "
      "value_bytes=%zu\n",
      threads, ops, seconds, ops / seconds, value_bytes);
  opened->reset();
  std::filesystem::remove_all(dir);
  return failures == 0 ? 0 : 1;
}
