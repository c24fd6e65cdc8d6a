// rescore_bench: one pass over a generated supplier base (bench/gen_supplier_base), timed, with
// the process's peak RSS. bench/rescore_base.sh runs the passes in separate processes on fresh
// copies of one base and compares them.
//
//   --mode=full     a full rescoring job (service/jobs/rescorer), as the daemon runs it
//   --mode=storage  the same reads and writes without scoring: per supplier, its inputs loaded
//                   from one snapshot (assess::LoadInputs) and, in place of a score, the
//                   assessment a full run stored for it in --scored_db, written the way the
//                   rescorer writes one. Reading those bytes from --scored_db is not timed.
//   --mode=dirty    marks every --change_every-th supplier changed (a new signal; not timed),
//                   then a dirty-only rescoring job
//
// Prints one line: mode, suppliers, seconds, suppliers/s, peak RSS (VmHWM) in MiB.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/registry.h"
#include "google/protobuf/util/time_util.h"
#include "service/assess/assessor.h"
#include "service/assess/builtin_templates.h"
#include "service/assess/input_loader.h"
#include "service/assess/model_cache.h"
#include "service/assess/template_source.h"
#include "service/jobs/rescorer.h"
#include "service/store/store.h"

ABSL_FLAG(std::string, db, "", "the base to run on (written to)");
ABSL_FLAG(std::string, scored_db, "", "--mode=storage: a copy of the base after a full run");
ABSL_FLAG(std::string, tenant, "demo", "tenant of the base");
ABSL_FLAG(std::string, mode, "full", "full, storage or dirty");
ABSL_FLAG(std::string, as_of, "2027-01-01T06:00:00Z", "the rescoring's as_of (RFC 3339)");
ABSL_FLAG(int, threads, 2, "scoring (or storage) threads");
ABSL_FLAG(int, page_size, 500, "suppliers per page and checkpoint");
ABSL_FLAG(int, change_every, 100, "--mode=dirty: one supplier in this many gets a new signal");

namespace {

namespace v1 = ::supplyrisk::v1;
namespace store = ::supplyrisk::store;
namespace assess = ::supplyrisk::assess;
namespace jobs = ::supplyrisk::jobs;

constexpr absl::string_view kActor = "bench:rescore";

int Fail(const std::string& message) {
  fprintf(stderr, "rescore_bench: %s\n", message.c_str());
  return 2;
}

// Peak resident set size of this process, MiB (VmHWM in /proc/self/status).
double PeakRssMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    absl::string_view v = line;
    if (!absl::ConsumePrefix(&v, "VmHWM:")) continue;
    v = absl::StripAsciiWhitespace(v);
    absl::ConsumeSuffix(&v, " kB");
    int64_t kb = 0;
    if (absl::SimpleAtoi(v, &kb)) return static_cast<double>(kb) / 1024;
  }
  return -1;
}

absl::StatusOr<std::unique_ptr<store::Store>> OpenStore(const std::string& dir) {
  store::StoreOptions options;
  options.create_if_missing = false;
  // As the daemon runs: synced writes.
  return store::Store::Open(dir, options);
}

// Runs a rescoring job of `spec` to its end; its state.
absl::StatusOr<jobs::RescoreState> RunJob(store::Store* s, const assess::Assessor& assessor,
                                          const jobs::RescoreSpec& spec, absl::Time as_of,
                                          const std::string& id) {
  jobs::RescorerOptions o;
  o.threads = absl::GetFlag(FLAGS_threads);
  o.page_size = absl::GetFlag(FLAGS_page_size);
  o.clock = [as_of] { return as_of; };
  jobs::Rescorer rescorer(s, &assessor, o);
  const std::string tenant = absl::GetFlag(FLAGS_tenant);
  if (auto started = rescorer.Start(tenant, kActor, spec, id); !started.ok()) {
    return started.status();
  }
  if (absl::Status st = rescorer.Run(tenant, kActor, id); !st.ok()) return st;
  absl::StatusOr<v1::Job> job = s->GetJob(tenant, id);
  if (!job.ok()) return job.status();
  return jobs::Rescorer::StateOf(*job);
}

// The storage-only pass; returns the suppliers written.
absl::StatusOr<int64_t> StoragePass(store::Store* s, store::Store* scored,
                                    const assess::AssessorDeps& deps, absl::Time as_of,
                                    absl::Duration* timed) {
  const std::string tenant = absl::GetFlag(FLAGS_tenant);
  const int threads = std::max(1, absl::GetFlag(FLAGS_threads));
  int64_t written = 0;
  std::string token;
  *timed = absl::ZeroDuration();
  do {
    absl::Time page_start = absl::Now();
    store::SupplierQuery q;
    auto page = s->ListSuppliers(tenant, q, {absl::GetFlag(FLAGS_page_size), token});
    if (!page.ok()) return page.status();
    token = page->next_page_token;
    std::vector<std::string> ids;
    for (const auto& r : page->items) {
      ids.push_back(std::string(absl::StripPrefix(r.supplier.name(), "suppliers/")));
    }
    *timed += absl::Now() - page_start;
    // Not timed: the bytes a full run stored, read from the other database.
    std::vector<absl::StatusOr<v1::Assessment>> bytes(ids.size(), absl::NotFoundError(""));
    for (size_t i = 0; i < ids.size(); ++i) bytes[i] = scored->GetLatestAssessment(tenant, ids[i]);
    page_start = absl::Now();
    std::atomic<size_t> next{0};
    std::atomic<int64_t> done{0};
    std::atomic<bool> failed{false};
    absl::Status first_error;
    std::mutex mu;
    auto work = [&] {
      for (size_t i = next.fetch_add(1); i < ids.size(); i = next.fetch_add(1)) {
        if (!bytes[i].ok()) continue;  // not scored by the full run: no response
        absl::Status st;
        absl::StatusOr<store::SupplierSummary> sum = s->GetSupplierSummary(tenant, ids[i]);
        absl::StatusOr<assess::LoadedInputs> in = assess::LoadInputs(deps, tenant, ids[i], as_of);
        if (!sum.ok() || !in.ok()) st = !sum.ok() ? sum.status() : in.status();
        v1::Assessment a = *bytes[i];
        *a.mutable_as_of() =
            google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(as_of));
        const std::string id = assess::Assessor::ContentAssessmentId(
            tenant, ids[i], absl::StrCat(a.input_digest(), "-storage"), "");
        if (st.ok()) {
          absl::StatusOr<v1::Assessment> existing = s->GetAssessment(tenant, ids[i], id);
          if (existing.ok()) continue;
          store::AssessmentBookkeeping b;
          b.dirty_generation_seen = in->dirty_generation;
          st = s->CreateOrConfirmAssessment(tenant, ids[i], id, a, b, {std::string(kActor)})
                   .status();
        }
        if (!st.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          if (first_error.ok()) first_error = st;
          failed = true;
          return;
        }
        done.fetch_add(1);
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    if (failed) return first_error;
    written += done.load();
    *timed += absl::Now() - page_start;
  } while (!token.empty());
  return written;
}

// Gives every `every`-th supplier a new open signal (the change a dirty-only run follows).
absl::StatusOr<int64_t> ChangeSuppliers(store::Store* s, int every, absl::Time as_of) {
  const std::string tenant = absl::GetFlag(FLAGS_tenant);
  int64_t index = 0, changed = 0;
  std::string token;
  std::vector<store::SupplierSignals> batch;
  auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    auto imported = s->ImportSignalsForSuppliers(tenant, batch, {"bench:scanner"});
    batch.clear();
    return imported.status();
  };
  do {
    store::SupplierQuery q;
    auto page = s->ListSuppliers(tenant, q, {1000, token});
    if (!page.ok()) return page.status();
    token = page->next_page_token;
    for (const auto& r : page->items) {
      if (index++ % every != 0) continue;
      const std::string id(absl::StripPrefix(r.supplier.name(), "suppliers/"));
      v1::Signal sig;
      sig.set_id("bench-change");
      sig.set_factor(v1::FACTOR_NETWORK_SECURITY);
      sig.set_issue_type("exposed_rdp");
      sig.set_severity(v1::SEVERITY_HIGH);
      sig.set_asset(absl::StrCat(id, ".example.jp"));
      sig.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(as_of) - 3600);
      batch.push_back({id, {sig}});
      ++changed;
      if (batch.size() >= 256) {
        if (absl::Status st = flush(); !st.ok()) return st;
      }
    }
  } while (!token.empty());
  if (absl::Status st = flush(); !st.ok()) return st;
  return changed;
}

// How many suppliers `index` lists (due by `as_of` for kReviewDue).
absl::StatusOr<int64_t> CountListed(store::Store* s, store::SupplierIndex index, absl::Time as_of) {
  store::SupplierQuery q;
  q.index = index;
  q.due_by = as_of;
  int64_t n = 0;
  std::string token;
  do {
    auto page = s->ListSuppliers(absl::GetFlag(FLAGS_tenant), q, {1000, token});
    if (!page.ok()) return page.status();
    n += static_cast<int64_t>(page->items.size());
    token = page->next_page_token;
  } while (!token.empty());
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "rescore_bench --db DIR --mode full|storage|dirty [--scored_db DIR] [--threads N]");
  absl::ParseCommandLine(argc, argv);
  const std::string mode = absl::GetFlag(FLAGS_mode);
  if (mode != "full" && mode != "storage" && mode != "dirty") {
    return Fail("--mode: must be full, storage or dirty");
  }
  if (absl::GetFlag(FLAGS_db).empty()) return Fail("--db: required");
  if (mode == "storage" && absl::GetFlag(FLAGS_scored_db).empty()) {
    return Fail("--scored_db: required with --mode=storage");
  }
  if (absl::GetFlag(FLAGS_change_every) < 1) return Fail("--change_every: must be >= 1");
  absl::Time as_of;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, absl::GetFlag(FLAGS_as_of), &as_of, &err)) {
    return Fail("--as_of: " + err);
  }
  auto s = OpenStore(absl::GetFlag(FLAGS_db));
  if (!s.ok()) return Fail(s.status().ToString());

  supplyrisk::questionnaire::TemplateRegistry registry(supplyrisk::catalog::BuiltinCatalog());
  if (absl::Status st = assess::LoadBuiltinTemplates(&registry); !st.ok()) {
    return Fail(st.ToString());
  }
  assess::TemplateSource templates(&registry, s->get());
  assess::ModelCache models;
  assess::AssessorDeps deps;
  deps.store = s->get();
  deps.catalog = &supplyrisk::catalog::BuiltinCatalog();
  deps.templates = &templates;
  deps.policy = &supplyrisk::policy::DefaultPolicy();
  deps.models = &models;
  deps.clock = [as_of] { return as_of; };
  assess::Assessor assessor(deps);

  int64_t suppliers = 0;
  absl::Duration elapsed;
  std::string detail;
  if (mode == "storage") {
    auto scored = OpenStore(absl::GetFlag(FLAGS_scored_db));
    if (!scored.ok()) return Fail(scored.status().ToString());
    auto written = StoragePass(s->get(), scored->get(), deps, as_of, &elapsed);
    if (!written.ok()) return Fail(written.status().ToString());
    suppliers = *written;
    detail = absl::StrCat("written ", *written);
  } else {
    jobs::RescoreSpec spec;
    if (mode == "dirty") {
      auto changed = ChangeSuppliers(s->get(), absl::GetFlag(FLAGS_change_every), as_of);
      if (!changed.ok()) return Fail(changed.status().ToString());
      spec.set_dirty_only(true);
      auto dirty = CountListed(s->get(), store::SupplierIndex::kDirty, as_of);
      auto due = CountListed(s->get(), store::SupplierIndex::kReviewDue, as_of);
      if (!dirty.ok() || !due.ok()) return Fail("cannot count the dirty and due suppliers");
      detail = absl::StrCat("changed ", *changed, ", dirty ", *dirty, ", due ", *due, ", ");
    }
    const absl::Time start = absl::Now();
    auto state = RunJob(s->get(), assessor, spec, as_of, absl::StrCat("bench-", mode));
    elapsed = absl::Now() - start;
    if (!state.ok()) return Fail(state.status().ToString());
    suppliers = state->done();
    absl::StrAppend(&detail, "scored ", state->done(), " (", state->changed(), " changed, ",
                    state->unchanged(), " unchanged, ", state->not_scored(), " not scored, ",
                    state->failed(), " failed)");
  }
  const double seconds = absl::ToDoubleSeconds(elapsed);
  printf("mode=%s suppliers=%lld seconds=%.1f rate=%.0f peak_rss_mib=%.0f %s\n", mode.c_str(),
         static_cast<long long>(suppliers), seconds, static_cast<double>(suppliers) / seconds,
         PeakRssMiB(), detail.c_str());
  return 0;
}
