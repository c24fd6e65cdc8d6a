// Crash test: a forked writer process commits through the store with synced writes from many
// threads and appends one line per acknowledged write to an acknowledgement file; the parent kills
// it with SIGKILL at a random moment, reopens the database and checks that every acknowledged write
// is present (its audit entry exists and, if it is the resource's latest change, the stored
// document has the acknowledged digest), that nothing is half-written (CheckConsistency: documents,
// index entries, summaries and audit entries agree) and that the audit chain verifies. Repeats for
// --cycles and prints `cycles=N acked=M lost=L`.
//
//   crash_test_main --cycles=50                      (bazel test runs this)
//   crash_test_main --cycles=500 --max_run_ms=1000 --full_check_every=10
//                                                    (long run for ./run.sh bench)
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "engine/common/sha256.h"
#include "service/store/store.h"

ABSL_FLAG(int, cycles, 50, "kill/reopen cycles");
ABSL_FLAG(int, threads, 8, "writer threads in each writer process");
ABSL_FLAG(int, min_run_ms, 20, "shortest time a writer runs before SIGKILL");
ABSL_FLAG(int, max_run_ms, 250, "longest time a writer runs before SIGKILL");
ABSL_FLAG(std::string, dir, "",
          "working directory (default: a fresh one under TEST_TMPDIR or /tmp)");
ABSL_FLAG(uint64_t, seed, 1, "random seed");
ABSL_FLAG(int, full_check_every, 1,
          "verify the audit chains and run CheckConsistency every N cycles (and "
          "after the last); acknowledged writes are checked every cycle");
ABSL_FLAG(bool, inject_false_ack, false,
          "self-test of the checker: add an acknowledgement for a write that never "
          "happened in cycle 1; the run must then report lost=1");
// Internal: the parent re-executes itself with these to run a writer in a clean process (a fork of
// a process that has RocksDB's background threads must not start threads itself).
ABSL_FLAG(std::string, role, "", "internal: 'writer' runs one writer process");
ABSL_FLAG(std::string, writer_db, "", "internal: writer's database directory");
ABSL_FLAG(std::string, writer_acks, "", "internal: writer's acknowledgement file");
ABSL_FLAG(int, writer_cycle, 0, "internal: writer's cycle number");
ABSL_FLAG(uint64_t, writer_seed, 0, "internal: writer's seed");
ABSL_FLAG(int, writer_ready_fd, -1,
          "internal: the writer writes one byte here once its store is open and it starts writing");

namespace supplyrisk::store {
namespace {

using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;

const std::vector<const char*> kTenants = {"tenant-a", "tenant-b"};
const std::vector<const char*> kNoTenants;

std::string DocDigest(const google::protobuf::MessageLite& m) {
  return Sha256Hex(SerializeDeterministic(m));
}

// One acknowledgement per line: "tenant resource digest\n", written with one write() call after the
// store returned OK, so a kill leaves either the whole line or none of it.
void Ack(int fd, const std::string& tenant, const std::string& resource,
         const std::string& digest) {
  std::string line = absl::StrCat(tenant, " ", resource, " ", digest, "\n");
  if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
}

[[noreturn]] void RunWriter(const std::string& db_dir, const std::string& ack_path, int cycle,
                            uint64_t seed) {
  StoreOptions options;
  options.sync = true;
  auto opened = Store::Open(db_dir, options);
  if (!opened.ok()) {
    fprintf(stderr, "writer: %s\n", opened.status().ToString().c_str());
    _exit(3);
  }
  Store* store = opened->release();  // never closed: the process dies by SIGKILL
  int fd = open(ack_path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0) _exit(5);
  // The parent starts its kill timer only now, so a slow start (a loaded machine, a sanitizer's
  // start-up) does not use up the writer's run before it has written anything.
  if (const int ready = absl::GetFlag(FLAGS_writer_ready_fd); ready >= 0) {
    const char byte = 1;
    if (write(ready, &byte, 1) != 1) _exit(6);
    close(ready);
  }
  int threads = absl::GetFlag(FLAGS_threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([=] {
      std::mt19937_64 rng(seed * 1000 + t);
      const std::string tenant = kTenants[t % 2];
      std::vector<std::pair<std::string, std::string>> mine;  // supplier id, etag
      MutationContext ctx;
      ctx.actor = absl::StrCat("writer-", cycle, "-", t);
      for (int i = 0;; ++i) {
        int kind = mine.size() < 2 ? 0 : rng() % 10;
        if (kind <= 2) {
          std::string id = absl::StrCat("c", cycle, "-t", t, "-", i);
          Supplier s;
          s.set_industry(absl::StrCat("industry-", rng() % 7));
          s.add_domains(absl::StrCat(id, ".example.jp"));
          auto r = store->CreateSupplier(tenant, id, s, ctx);
          if (!r.ok()) _exit(6);
          Ack(fd, tenant, r->name(), DocDigest(*r));
          mine.push_back({id, r->etag()});
        } else if (kind == 3) {
          auto& [id, etag] = mine[rng() % mine.size()];
          Supplier s;
          s.set_industry(absl::StrCat("updated-", i));
          auto r = store->UpdateSupplier(tenant, id, s, etag, ctx);
          if (!r.ok()) _exit(7);
          etag = r->etag();
          Ack(fd, tenant, r->name(), DocDigest(*r));
        } else if (kind <= 6) {
          const std::string& id = mine[rng() % mine.size()].first;
          Assessment a;
          a.mutable_as_of()->set_seconds(1700000000 + i);
          a.set_overall_score(static_cast<double>(rng() % 1000) / 10);
          a.set_grade(std::string(1, static_cast<char>('A' + rng() % 5)));
          a.mutable_decision()->set_outcome(
              static_cast<supplyrisk::v1::DecisionOutcome>(1 + rng() % 3));
          auto r = store->CreateAssessment(tenant, id, absl::StrCat("a", i), a, ctx);
          if (!r.ok()) _exit(8);
          Ack(fd, tenant, r->name(), DocDigest(*r));
        } else if (kind <= 8) {
          const std::string& id = mine[rng() % mine.size()].first;
          Signal s;
          s.set_factor(supplyrisk::v1::FACTOR_NETWORK_SECURITY);
          s.set_issue_type(absl::StrCat("issue-", rng() % 4));
          s.set_asset("gw.example.jp");
          s.mutable_observed_at()->set_seconds(1700000000 + i);
          if (rng() % 3 == 0) s.mutable_resolved_at()->set_seconds(1700000000 + i + 1);
          auto r = store->ImportSignals(tenant, id, {s}, ctx);
          if (!r.ok()) _exit(9);
          // Imports are acknowledged by their audit entry only.
          Ack(fd, tenant, absl::StrCat("suppliers/", id, "/signals"), "-");
        } else {
          size_t a = rng() % mine.size(), b = rng() % mine.size();
          if (a == b) continue;
          Relationship rel;
          rel.set_from_supplier("suppliers/" + mine[a].first);
          rel.set_to_supplier("suppliers/" + mine[b].first);
          rel.add_services("maintenance");
          auto r = store->CreateRelationship(tenant, absl::StrCat("c", cycle, "-t", t, "-r", i),
                                             rel, ctx);
          if (!r.ok()) _exit(10);
          Ack(fd, tenant, r->name(), DocDigest(*r));
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  _exit(0);
}

struct AckLine {
  std::string tenant, resource, digest;
};

// Reads complete lines from `offset` on; returns the new offset.
size_t ReadAcks(const std::string& path, size_t offset, std::vector<AckLine>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return offset;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t pos = offset;
  while (true) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) break;
    std::vector<std::string> parts = absl::StrSplit(data.substr(pos, nl - pos), ' ');
    if (parts.size() == 3) out->push_back({parts[0], parts[1], parts[2]});
    pos = nl + 1;
  }
  return pos;
}

// The stored document's digest for a single-document resource, or "" when absent.
std::string StoredDigest(Store& store, const std::string& tenant, const std::string& resource) {
  std::vector<std::string> p = absl::StrSplit(resource, '/');
  if (p.size() == 2 && p[0] == "suppliers") {
    auto d = store.GetSupplier(tenant, p[1]);
    return d.ok() ? DocDigest(*d) : "";
  }
  if (p.size() == 4 && p[2] == "assessments") {
    auto d = store.GetAssessment(tenant, p[1], p[3]);
    return d.ok() ? DocDigest(*d) : "";
  }
  if (p.size() == 2 && p[0] == "relationships") {
    auto d = store.GetRelationship(tenant, p[1]);
    return d.ok() ? DocDigest(*d) : "";
  }
  return "";
}

std::string self_;

int Main() {
  if (absl::GetFlag(FLAGS_role) == "writer") {
    RunWriter(absl::GetFlag(FLAGS_writer_db), absl::GetFlag(FLAGS_writer_acks),
              absl::GetFlag(FLAGS_writer_cycle), absl::GetFlag(FLAGS_writer_seed));
  }
  std::string dir = absl::GetFlag(FLAGS_dir);
  if (dir.empty()) {
    const char* base = std::getenv("TEST_TMPDIR");
    dir = absl::StrCat(base != nullptr ? base : "/tmp", "/supplyrisk_crash_", getpid());
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db_dir = dir + "/db", ack_path = dir + "/acks";
  const int cycles = absl::GetFlag(FLAGS_cycles);
  std::mt19937_64 rng(absl::GetFlag(FLAGS_seed));
  std::vector<AckLine> acks;
  size_t offset = 0;
  uint64_t lost = 0, problems = 0;
  // tenant -> resource -> digests of every audited change, and of the last one.
  std::map<std::string, std::map<std::string, std::set<std::string>>> audited;
  std::map<std::string, std::map<std::string, std::string>> last_audited;
  std::map<std::string, uint64_t> audit_read;  // tenant -> last sequence read
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    int ready_pipe[2];
    if (pipe(ready_pipe) != 0) {
      perror("pipe");
      return 2;
    }
    pid_t child = fork();
    if (child < 0) {
      perror("fork");
      return 2;
    }
    uint64_t writer_seed = rng();
    if (child == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the parent
      std::vector<std::string> args = {self_,
                                       "--role=writer",
                                       "--writer_db=" + db_dir,
                                       "--writer_acks=" + ack_path,
                                       absl::StrCat("--writer_cycle=", cycle),
                                       absl::StrCat("--writer_seed=", writer_seed),
                                       absl::StrCat("--threads=", absl::GetFlag(FLAGS_threads)),
                                       absl::StrCat("--writer_ready_fd=", ready_pipe[1])};
      close(ready_pipe[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv("/proc/self/exe", argv.data());
      _exit(127);
    }
    close(ready_pipe[1]);
    // Wait (bounded) for the writer to be open and writing; a writer that dies first closes the
    // pipe and the read returns at once.
    pollfd ready{ready_pipe[0], POLLIN, 0};
    poll(&ready, 1, 60000);
    close(ready_pipe[0]);
    int min_ms = absl::GetFlag(FLAGS_min_run_ms), max_ms = absl::GetFlag(FLAGS_max_run_ms);
    absl::SleepFor(absl::Milliseconds(min_ms + rng() % std::max(1, max_ms - min_ms + 1)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFSIGNALED(status)) {
      fprintf(stderr, "cycle %d: writer exited by itself (status %d) before the kill\n", cycle,
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
      ++problems;
    }
    size_t before = acks.size();
    offset = ReadAcks(ack_path, offset, &acks);
    if (cycle == 1 && absl::GetFlag(FLAGS_inject_false_ack)) {
      acks.push_back({kTenants[0], "suppliers/never-written", Sha256Hex("x")});
    }

    StoreOptions options;
    auto opened = Store::Open(db_dir, options);
    if (!opened.ok()) {
      fprintf(stderr, "cycle %d: reopen failed: %s\n", cycle, opened.status().ToString().c_str());
      return 1;
    }
    Store& store = **opened;
    const int every = std::max(1, absl::GetFlag(FLAGS_full_check_every));
    const bool full_check = cycle % every == 0 || cycle == cycles;
    for (const char* tenant : full_check ? kTenants : kNoTenants) {
      auto report = store.VerifyAudit(tenant);
      if (!report.ok() || !report->intact) {
        fprintf(stderr, "cycle %d: audit of %s: %s\n", cycle, tenant,
                report.ok() ? report->problem.c_str() : report.status().ToString().c_str());
        ++problems;
      }
      absl::Status consistent = store.CheckConsistency(tenant);
      if (!consistent.ok()) {
        fprintf(stderr, "cycle %d: %s: %s\n", cycle, tenant, consistent.ToString().c_str());
        ++problems;
      }
    }
    // Every acknowledgement of this cycle has its audit entry; the latest change of each resource
    // is what is stored. The audit log only grows (the chain was verified above), so read just the
    // entries added since.
    for (const char* tenant : kTenants) {
      uint64_t& after = audit_read[tenant];
      while (true) {
        auto entries = store.ListAudit(tenant, after, 5000);
        if (!entries.ok() || entries->empty()) break;
        for (const auto& e : *entries) {
          audited[tenant][e.resource()].insert(e.change_digest());
          last_audited[tenant][e.resource()] = e.change_digest();
          after = e.sequence();
        }
      }
    }
    std::map<std::pair<std::string, std::string>, std::string> last_acked;
    for (size_t i = before; i < acks.size(); ++i) {
      const AckLine& a = acks[i];
      const auto& digests = audited[a.tenant][a.resource];
      bool present = a.digest == "-" ? !digests.empty() : digests.count(a.digest) > 0;
      if (!present) {
        fprintf(stderr, "cycle %d: LOST acknowledged write %s %s\n", cycle, a.tenant.c_str(),
                a.resource.c_str());
        ++lost;
      }
      if (a.digest != "-") last_acked[{a.tenant, a.resource}] = a.digest;
    }
    for (const auto& [key, digest] : last_acked) {
      if (last_audited[key.first][key.second] != digest) continue;  // changed again, unacked
      std::string stored = StoredDigest(store, key.first, key.second);
      if (stored != digest) {
        fprintf(stderr, "cycle %d: %s %s stored digest %s, acknowledged %s\n", cycle,
                key.first.c_str(), key.second.c_str(), stored.c_str(), digest.c_str());
        ++lost;
      }
    }
    opened->reset();
  }
  printf("cycles=%d acked=%zu lost=%llu\n", cycles, acks.size(),
         static_cast<unsigned long long>(lost));
  if (problems > 0) printf("problems=%llu\n", static_cast<unsigned long long>(problems));
  if (acks.empty()) {
    printf("no write was acknowledged: the writers never got going\n");
    return 1;
  }
  if (absl::GetFlag(FLAGS_dir).empty()) std::filesystem::remove_all(dir);
  return lost == 0 && problems == 0 ? 0 : 1;
}

}  // namespace
}  // namespace supplyrisk::store

int main(int argc, char** argv) {
  supplyrisk::store::self_ = argv[0];
  absl::ParseCommandLine(argc, argv);
  return supplyrisk::store::Main();
}
