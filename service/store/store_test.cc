#include "service/store/store.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "service/store/digest.h"
#include "service/store/key_codec.h"
#include "service/store/schema.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::FakeClock;
using ::supplyrisk::store::testing::ScratchDir;
using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;

constexpr char kTenant[] = "acme-buyer";

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ScratchDir("unit");
    options_.clock = clock_.fn();
    options_.sync = false;  // durability is the crash test's business
    Reopen();
  }
  void Reopen() {
    store_.reset();
    auto s = Store::Open(dir_, options_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
  }
  Supplier MakeSupplier(const std::string& industry) {
    Supplier s;
    s.mutable_display_name()->set_en(industry + " Co.");
    s.set_industry(industry);
    s.add_domains("example.jp");
    return s;
  }
  Assessment MakeAssessment(int64_t as_of_seconds, double score,
                            const std::string& grade,
                            supplyrisk::v1::DecisionOutcome outcome) {
    Assessment a;
    a.mutable_as_of()->set_seconds(as_of_seconds);
    a.set_overall_score(score);
    a.set_grade(grade);
    a.mutable_decision()->set_outcome(outcome);
    return a;
  }
  Signal MakeSignal(const std::string& issue, int64_t seen,
                    int64_t resolved = 0) {
    Signal s;
    s.set_factor(supplyrisk::v1::FACTOR_DNS_HEALTH);
    s.set_issue_type(issue);
    s.set_asset("example.jp");
    s.mutable_observed_at()->set_seconds(seen);
    if (resolved) s.mutable_resolved_at()->set_seconds(resolved);
    return s;
  }
  std::vector<std::string> Ids(const Page<SupplierRecord>& page) {
    std::vector<std::string> ids;
    for (const auto& r : page.items) ids.push_back(r.supplier.name());
    return ids;
  }
  Page<SupplierRecord> List(SupplierQuery q) {
    auto page = store_->ListSuppliers(kTenant, q, PageRequest{});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *page : Page<SupplierRecord>{};
  }

  FakeClock clock_;
  StoreOptions options_;
  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, CreateGetUpdateWithEtags) {
  auto created = store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"),
                                        Actor("alice"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name(), "suppliers/s1");
  EXPECT_FALSE(created->etag().empty());
  EXPECT_EQ(
      store_->CreateSupplier(kTenant, "s1", MakeSupplier("x"), Actor("alice"))
          .status()
          .code(),
      absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->GetSupplier("other-tenant", "s1").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      store_->CreateSupplier(kTenant, "a/b", MakeSupplier("x"), Actor("alice"))
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);

  Supplier changed = MakeSupplier("chemicals");
  auto stale = store_->UpdateSupplier(kTenant, "s1", changed, "not-the-etag",
                                      Actor("bob"));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted)
      << stale.status();
  auto updated = store_->UpdateSupplier(kTenant, "s1", changed, created->etag(),
                                        Actor("bob"));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_NE(updated->etag(), created->etag());
  // The old etag is now stale.
  EXPECT_EQ(store_
                ->UpdateSupplier(kTenant, "s1", changed, created->etag(),
                                 Actor("bob"))
                .status()
                .code(),
            absl::StatusCode::kAborted);
  // Same content written again still gets a new etag: etags name versions, not
  // contents.
  auto again = store_->UpdateSupplier(kTenant, "s1", changed, "", Actor("bob"));
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->etag(), updated->etag());
  auto got = store_->GetSupplier(kTenant, "s1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->industry(), "chemicals");
  EXPECT_EQ(got->etag(), again->etag());
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok())
      << store_->CheckConsistency(kTenant);
}

TEST_F(StoreTest, ConcurrentEtagUpdatesLoseNothing) {
  ASSERT_TRUE(
      store_->CreateSupplier(kTenant, "hot", MakeSupplier("x"), Actor("a"))
          .ok());
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto cur = store_->GetSupplier(kTenant, "hot");
        ASSERT_TRUE(cur.ok());
        Supplier next = *cur;
        next.add_domains(absl::StrCat("t", t, "-", i, ".jp"));
        auto r = store_->UpdateSupplier(kTenant, "hot", next, cur->etag(),
                                        Actor("w"));
        if (r.ok()) {
          ++wins;
        } else {
          ASSERT_EQ(r.status().code(), absl::StatusCode::kAborted)
              << r.status();
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins + conflicts, 400);
  auto final_doc = store_->GetSupplier(kTenant, "hot");
  ASSERT_TRUE(final_doc.ok());
  // Every successful read-modify-write added exactly one domain on top of the
  // last.
  EXPECT_EQ(final_doc->domains_size(), 1 + wins.load());
  auto audit = store_->VerifyAudit(kTenant);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->intact) << audit->problem;
  EXPECT_EQ(audit->entries, 1u + wins.load());
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok());
}

TEST_F(StoreTest, IdempotentCreateReplaysAndExpires) {
  auto first = store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"),
                                      Actor("a", "req-1"));
  ASSERT_TRUE(first.ok());
  auto replay = store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"),
                                       Actor("a", "req-1"));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->etag(), first->etag());
  auto other = store_->CreateSupplier(kTenant, "s1", MakeSupplier("food"),
                                      Actor("a", "req-1"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition)
      << other.status();
  auto entries = store_->ListAudit(kTenant, 0, 100);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 1u);  // replays write nothing
  // The same request id in another tenant is unrelated.
  EXPECT_TRUE(store_
                  ->CreateSupplier("t2", "s1", MakeSupplier("food"),
                                   Actor("a", "req-1"))
                  .ok());

  clock_.Advance(options_.idempotency_ttl + absl::Seconds(1));
  // Expired: the request id is free again, so this is a new create (which now
  // conflicts).
  auto late = store_->CreateSupplier(kTenant, "s1", MakeSupplier("food"),
                                     Actor("a", "req-1"));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kAlreadyExists)
      << late.status();
  auto purged = store_->PurgeExpiredIdempotency(kTenant);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(*store_->PurgeExpiredIdempotency(kTenant), 0);
}

TEST_F(StoreTest, LockedDatabaseIsUnavailable) {
  auto second = Store::Open(dir_, options_);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable)
      << second.status();
  store_.reset();
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  // The child only takes RocksDB's lock (a POSIX record lock on LOCK) and
  // waits, so it starts no threads (ThreadSanitizer forbids that after a fork
  // of a threaded process).
  std::string lock_path = dir_ + "/LOCK";
  pid_t child = fork();
  if (child == 0) {
    int fd = open(lock_path.c_str(), O_RDWR);
    struct flock fl = {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    char c = (fd >= 0 && fcntl(fd, F_SETLK, &fl) == 0) ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto locked = Store::Open(dir_, options_);
  EXPECT_EQ(locked.status().code(), absl::StatusCode::kUnavailable)
      << locked.status();
  EXPECT_NE(locked.status().message().find("locked"), std::string::npos);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  Reopen();  // the lock dies with its holder
}

TEST_F(StoreTest, NewerSchemaIsRefused) {
  store_.reset();
  {
    std::vector<std::string> names;
    ASSERT_TRUE(
        rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir_, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const auto& n : names)
      cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db;
    ASSERT_TRUE(
        rocksdb::DB::Open(rocksdb::Options(), dir_, cfs, &handles, &db).ok());
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), std::string(kSchemaVersionKey), "2")
            .ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  auto opened = Store::Open(dir_, options_);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition)
      << opened.status();
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos)
      << opened.status();
}

TEST_F(StoreTest, CorruptDatabaseIsDataLoss) {
  ASSERT_TRUE(
      store_->CreateSupplier(kTenant, "s1", MakeSupplier("x"), Actor("a"))
          .ok());
  store_.reset();
  std::string manifest;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    if (e.path().filename().string().rfind("MANIFEST-", 0) == 0)
      manifest = e.path();
  }
  ASSERT_FALSE(manifest.empty());
  {
    std::ofstream out(manifest, std::ios::binary | std::ios::trunc);
    out << std::string(4096, '\x5a');
  }
  auto opened = Store::Open(dir_, options_);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss)
      << opened.status();
}

TEST_F(StoreTest, IndexesFollowTheLatestAssessmentAndOpenSignals) {
  using supplyrisk::v1::DECISION_OUTCOME_APPROVE;
  using supplyrisk::v1::DECISION_OUTCOME_REJECT;
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_TRUE(
        store_->CreateSupplier(kTenant, id, MakeSupplier("x"), Actor("u"))
            .ok());
    clock_.Advance(absl::Minutes(1));
  }
  ASSERT_TRUE(store_
                  ->CreateAssessment(
                      kTenant, "a", "a1",
                      MakeAssessment(100, 80, "B", DECISION_OUTCOME_APPROVE),
                      Actor("u"))
                  .ok());
  ASSERT_TRUE(store_
                  ->CreateAssessment(
                      kTenant, "b", "b1",
                      MakeAssessment(100, 40, "D", DECISION_OUTCOME_REJECT),
                      Actor("u"))
                  .ok());
  // An older assessment arriving later does not displace the latest.
  ASSERT_TRUE(store_
                  ->CreateAssessment(
                      kTenant, "a", "a0",
                      MakeAssessment(50, 10, "E", DECISION_OUTCOME_REJECT),
                      Actor("u"))
                  .ok());
  EXPECT_EQ(
      store_
          ->CreateAssessment(
              kTenant, "a", "a0",
              MakeAssessment(60, 10, "E", DECISION_OUTCOME_REJECT), Actor("u"))
          .status()
          .code(),
      absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(
      store_
          ->CreateAssessment(
              kTenant, "nobody", "x",
              MakeAssessment(60, 10, "E", DECISION_OUTCOME_REJECT), Actor("u"))
          .status()
          .code(),
      absl::StatusCode::kNotFound);

  SupplierQuery q;
  q.index = SupplierIndex::kGrade;
  q.grade = "B";
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/a"});
  q.grade = "E";
  EXPECT_TRUE(List(q).items.empty());
  q.index = SupplierIndex::kDecision;
  q.outcome = DECISION_OUTCOME_REJECT;
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/b"});
  q.index = SupplierIndex::kScore;
  q.min_score = 0;
  q.max_score = 100;
  EXPECT_EQ(Ids(List(q)),
            (std::vector<std::string>{"suppliers/b", "suppliers/a"}));
  q.min_score = 40;
  q.max_score = 40;
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/b"});

  // A newer assessment moves a to another grade and score.
  ASSERT_TRUE(store_
                  ->CreateAssessment(
                      kTenant, "a", "a2",
                      MakeAssessment(200, 20, "D", DECISION_OUTCOME_REJECT),
                      Actor("u"))
                  .ok());
  q.index = SupplierIndex::kGrade;
  q.grade = "B";
  EXPECT_TRUE(List(q).items.empty());
  q.grade = "D";
  EXPECT_EQ(Ids(List(q)),
            (std::vector<std::string>{"suppliers/a", "suppliers/b"}));

  auto history = store_->ListAssessments(kTenant, "a", PageRequest{});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->items.size(), 3u);
  EXPECT_EQ(history->items[0].name(), "suppliers/a/assessments/a2");
  EXPECT_EQ(history->items[2].name(), "suppliers/a/assessments/a0");
  auto trend = store_->ScoreTrend(kTenant, "a", absl::FromUnixSeconds(0),
                                  absl::FromUnixSeconds(150));
  ASSERT_TRUE(trend.ok());
  ASSERT_EQ(trend->size(), 2u);
  EXPECT_EQ((*trend)[0].overall_score, 10);
  EXPECT_EQ((*trend)[1].assessment_id, "a1");
  auto latest = store_->GetLatestAssessment(kTenant, "a");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->grade(), "D");
  auto by_id = store_->GetAssessment(kTenant, "a", "a1");
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->overall_score(), 80);

  // Paging newest-first.
  PageRequest p;
  p.page_size = 2;
  auto page1 = store_->ListAssessments(kTenant, "a", p);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->items.size(), 2u);
  ASSERT_FALSE(page1->next_page_token.empty());
  p.page_token = page1->next_page_token;
  auto page2 = store_->ListAssessments(kTenant, "a", p);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->items.size(), 1u);
  EXPECT_EQ(page2->items[0].name(), "suppliers/a/assessments/a0");
  EXPECT_TRUE(page2->next_page_token.empty());
  p.page_token = "garbage";
  EXPECT_EQ(store_->ListAssessments(kTenant, "a", p).status().code(),
            absl::StatusCode::kInvalidArgument);

  // Signals: open issues index, resolution, reopening.
  auto imp = store_->ImportSignals(
      kTenant, "c",
      {MakeSignal("spf_missing", 1000), MakeSignal("open_rdp", 1000)},
      Actor("scanner"));
  ASSERT_TRUE(imp.ok()) << imp.status();
  EXPECT_EQ(imp->created, 2);
  q.index = SupplierIndex::kOpenIssue;
  q.issue_type = "spf_missing";
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/c"});
  Signal later = MakeSignal("spf_missing", 2000);
  imp = store_->ImportSignals(kTenant, "c", {later}, Actor("scanner"));
  ASSERT_TRUE(imp.ok());
  EXPECT_EQ(imp->updated, 1);
  EXPECT_EQ(imp->signals[0].observed_at().seconds(), 1000);  // first seen kept
  EXPECT_EQ(imp->signals[0].last_observed_at().seconds(),
            2000);  // last seen moved
  imp = store_->ImportSignals(
      kTenant, "c", {MakeSignal("spf_missing", 1000, 2500)}, Actor("scanner"));
  ASSERT_TRUE(imp.ok());
  EXPECT_EQ(imp->resolved, 1);
  EXPECT_TRUE(List(q).items.empty());
  SignalFilter open_only;
  open_only.open_only = true;
  auto open = store_->ListSignals(kTenant, "c", open_only, PageRequest{});
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->items.size(), 1u);
  EXPECT_EQ(open->items[0].issue_type(), "open_rdp");
  clock_.Advance(absl::Minutes(1));
  imp = store_->ImportSignals(kTenant, "c", {MakeSignal("spf_missing", 3000)},
                              Actor("scanner"));
  ASSERT_TRUE(imp.ok());
  EXPECT_EQ(imp->reopened, 1);
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/c"});

  // Updated-time index: c was touched last.
  q.index = SupplierIndex::kUpdated;
  q.updated_from = clock_.Now();
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/c"});
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok())
      << store_->CheckConsistency(kTenant);
}

TEST_F(StoreTest, TemplatesJobsAndResponses) {
  supplyrisk::v1::Template t;
  t.set_id("cpsf-supplier");
  t.set_revision(1);
  t.set_state(supplyrisk::v1::TEMPLATE_STATE_DRAFT);
  ASSERT_TRUE(store_->CreateTemplate(kTenant, t, Actor("u")).ok());
  EXPECT_EQ(store_->CreateTemplate(kTenant, t, Actor("u")).status().code(),
            absl::StatusCode::kAlreadyExists);
  t.set_state(supplyrisk::v1::TEMPLATE_STATE_PUBLISHED);
  ASSERT_TRUE(store_->UpdateTemplate(kTenant, t, Actor("u")).ok());
  EXPECT_EQ(store_->UpdateTemplate(kTenant, t, Actor("u")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  t.set_revision(2);
  t.set_state(supplyrisk::v1::TEMPLATE_STATE_DRAFT);
  ASSERT_TRUE(store_->CreateTemplate(kTenant, t, Actor("u")).ok());
  auto latest = store_->GetTemplate(kTenant, "cpsf-supplier", 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->revision(), 2);
  auto first = store_->GetTemplate(kTenant, "cpsf-supplier", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->state(), supplyrisk::v1::TEMPLATE_STATE_PUBLISHED);
  EXPECT_EQ(store_->GetTemplate(kTenant, "cpsf", 0).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->ListTemplates(kTenant, PageRequest{})->items.size(), 2u);

  supplyrisk::v1::Job job;
  job.set_kind("rescore");
  job.set_state(supplyrisk::v1::JOB_STATE_PENDING);
  auto created = store_->CreateJob(kTenant, "j1", job, Actor("u"));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->name(), "jobs/j1");
  clock_.Advance(absl::Seconds(5));
  job.set_state(supplyrisk::v1::JOB_STATE_RUNNING);
  EXPECT_EQ(store_->UpdateJob(kTenant, "j1", job, "stale", Actor("u"))
                .status()
                .code(),
            absl::StatusCode::kAborted);
  auto running =
      store_->UpdateJob(kTenant, "j1", job, created->etag(), Actor("u"));
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->create_time().seconds(), created->create_time().seconds());
  EXPECT_EQ(running->update_time().seconds(),
            created->create_time().seconds() + 5);
  EXPECT_EQ(store_->ListJobs(kTenant, PageRequest{})->items.size(), 1u);

  EXPECT_EQ(
      store_->CreateResponse(kTenant, "nobody", "r1", Response(), Actor("u"))
          .status()
          .code(),
      absl::StatusCode::kNotFound);
  ASSERT_TRUE(
      store_->CreateSupplier(kTenant, "s1", MakeSupplier("x"), Actor("u"))
          .ok());
  Response r;
  r.set_template_id("cpsf-supplier");
  auto resp = store_->CreateResponse(kTenant, "s1", "r1", r, Actor("u"));
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->name(), "suppliers/s1/responses/r1");
  r.set_state(supplyrisk::v1::RESPONSE_STATE_SUBMITTED);
  ASSERT_TRUE(
      store_->UpdateResponse(kTenant, "s1", "r1", r, resp->etag(), Actor("u"))
          .ok());
  EXPECT_EQ(store_->GetResponse(kTenant, "s1", "r1")->state(),
            supplyrisk::v1::RESPONSE_STATE_SUBMITTED);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok())
      << store_->CheckConsistency(kTenant);
}

TEST_F(StoreTest, SnapshotGivesAConsistentView) {
  ASSERT_TRUE(
      store_->CreateSupplier(kTenant, "a", MakeSupplier("x"), Actor("u")).ok());
  std::unique_ptr<Snapshot> snap = store_->GetSnapshot();
  ASSERT_TRUE(
      store_->CreateSupplier(kTenant, "b", MakeSupplier("x"), Actor("u")).ok());
  auto then = store_->ListSuppliers(kTenant, SupplierQuery{}, PageRequest{},
                                    snap.get());
  auto now = store_->ListSuppliers(kTenant, SupplierQuery{}, PageRequest{});
  ASSERT_TRUE(then.ok() && now.ok());
  EXPECT_EQ(then->items.size(), 1u);
  EXPECT_EQ(now->items.size(), 2u);
}

TEST_F(StoreTest, DeleteSupplierRemovesEverythingAndAuditsIt) {
  for (const char* id : {"victim", "b", "c"}) {
    ASSERT_TRUE(
        store_->CreateSupplier(kTenant, id, MakeSupplier("x"), Actor("u"))
            .ok());
  }
  Relationship r;
  r.set_from_supplier("suppliers/victim");
  r.set_to_supplier("suppliers/b");
  r.add_services("hosting");
  r.add_data_classes(supplyrisk::v1::DATA_CLASS_PERSONAL);
  r.set_access(supplyrisk::v1::ACCESS_LEVEL_REMOTE);
  ASSERT_TRUE(store_->CreateRelationship(kTenant, "r1", r, Actor("u")).ok());
  r.set_from_supplier("suppliers/c");
  r.set_to_supplier("suppliers/victim");
  ASSERT_TRUE(store_->CreateRelationship(kTenant, "r2", r, Actor("u")).ok());
  r.set_from_supplier("suppliers/c");
  r.set_to_supplier("suppliers/b");
  ASSERT_TRUE(store_->CreateRelationship(kTenant, "r3", r, Actor("u")).ok());
  Engagement e;
  e.set_supplier("suppliers/victim");
  e.set_title("payroll");
  ASSERT_TRUE(store_->CreateEngagement(kTenant, "e1", e, Actor("u")).ok());
  ASSERT_TRUE(store_
                  ->CreateAssessment(
                      kTenant, "victim", "a1",
                      MakeAssessment(10, 50, "C",
                                     supplyrisk::v1::DECISION_OUTCOME_APPROVE),
                      Actor("u"))
                  .ok());
  ASSERT_TRUE(store_
                  ->ImportSignals(kTenant, "victim",
                                  {MakeSignal("spf_missing", 5)}, Actor("u"))
                  .ok());
  ASSERT_TRUE(
      store_->CreateResponse(kTenant, "victim", "r1", Response(), Actor("u"))
          .ok());
  auto subs = store_->ListSubcontractors(kTenant, "c", PageRequest{});
  ASSERT_TRUE(subs.ok());
  EXPECT_EQ(subs->items.size(), 2u);

  auto current = store_->GetSupplier(kTenant, "victim");
  EXPECT_EQ(
      store_->DeleteSupplier(kTenant, "victim", "stale", Actor("u")).code(),
      absl::StatusCode::kAborted);
  ASSERT_TRUE(
      store_->DeleteSupplier(kTenant, "victim", current->etag(), Actor("admin"))
          .ok());
  EXPECT_EQ(store_->GetSupplier(kTenant, "victim").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetEngagement(kTenant, "e1").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRelationship(kTenant, "r1").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRelationship(kTenant, "r2").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetRelationship(kTenant, "r3").ok());
  EXPECT_TRUE(
      store_->ListContractors(kTenant, "b", PageRequest{})->items.size() == 1);
  EXPECT_EQ(store_->GetAssessment(kTenant, "victim", "a1").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(
      store_->ListAssessments(kTenant, "victim", PageRequest{})->items.empty());
  EXPECT_TRUE(
      store_->ListSignals(kTenant, "victim", SignalFilter{}, PageRequest{})
          ->items.empty());
  EXPECT_TRUE(
      store_->ListResponses(kTenant, "victim", PageRequest{})->items.empty());
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok())
      << store_->CheckConsistency(kTenant);

  auto audit = store_->ListAudit(kTenant, 0, 1000);
  ASSERT_TRUE(audit.ok());
  std::set<std::string> deleted;
  for (const auto& entry : *audit) {
    if (entry.action() == "delete") deleted.insert(entry.resource());
  }
  EXPECT_EQ(deleted,
            (std::set<std::string>{"suppliers/victim", "engagements/e1",
                                   "relationships/r1", "relationships/r2"}));

  // No key anywhere (outside the audit log) still names the supplier.
  store_.reset();
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir_, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names)
    cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db;
  ASSERT_TRUE(
      rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir_, cfs, &handles, &db)
          .ok());
  std::string needle;
  AppendString(&needle, "victim");
  int checked = 0;
  for (auto* h : handles) {
    if (h->GetName() == "audit") continue;
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), h));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++checked;
      EXPECT_EQ(it->key().ToString().find(needle), std::string::npos)
          << h->GetName();
    }
  }
  EXPECT_GT(checked, 5);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

TEST_F(StoreTest, DeleteTenantKeepsOnlyTheAuditChain) {
  ASSERT_TRUE(
      store_->CreateSupplier(kTenant, "a", MakeSupplier("x"), Actor("u")).ok());
  ASSERT_TRUE(
      store_->CreateSupplier("neighbour", "a", MakeSupplier("x"), Actor("u"))
          .ok());
  ASSERT_TRUE(store_
                  ->CreateAssessment(
                      kTenant, "a", "a1",
                      MakeAssessment(10, 50, "C",
                                     supplyrisk::v1::DECISION_OUTCOME_APPROVE),
                      Actor("u"))
                  .ok());
  ASSERT_TRUE(store_->DeleteTenant(kTenant, Actor("admin")).ok());
  EXPECT_TRUE(store_->ListSuppliers(kTenant, SupplierQuery{}, PageRequest{})
                  ->items.empty());
  EXPECT_TRUE(store_->GetSupplier("neighbour", "a").ok());
  auto audit = store_->ListAudit(kTenant, 0, 100);
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->back().action(), "delete_tenant");
  EXPECT_TRUE(store_->VerifyAudit(kTenant)->intact);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok())
      << store_->CheckConsistency(kTenant);
  EXPECT_TRUE(store_->CheckConsistency("neighbour").ok());
}

// Opens the raw database of a closed store, lets `tamper` edit the audit column
// family, closes.
void TamperWithAudit(
    const std::string& dir,
    const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>&
        tamper) {
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names)
    cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::Options(), dir, cfs, &handles, &db).ok());
  for (auto* h : handles) {
    if (h->GetName() == "audit") tamper(db, h);
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

class AuditTamperTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(store_
                      ->CreateSupplier(kTenant, absl::StrCat("s", i),
                                       MakeSupplier("x"), Actor("u"))
                      .ok());
    }
    auto report = store_->VerifyAudit(kTenant);
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->intact) << report->problem;
    ASSERT_EQ(report->entries, 6u);
    store_.reset();
  }
  AuditReport VerifyAfterReopen() {
    Reopen();
    auto report = store_->VerifyAudit(kTenant);
    EXPECT_TRUE(report.ok());
    EXPECT_FALSE(store_->CheckConsistency(kTenant).ok());
    return report.ok() ? *report : AuditReport{};
  }
  static std::string Get(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h,
                         uint64_t seq) {
    std::string v;
    EXPECT_TRUE(
        db->Get(rocksdb::ReadOptions(), h, AuditKey(kTenant, seq), &v).ok());
    return v;
  }
};

TEST_F(AuditTamperTest, AlteredEntryIsFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    supplyrisk::v1::AuditEntry e;
    ASSERT_TRUE(e.ParseFromString(Get(db, h, 3)));
    e.set_actor("mallory");
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 3),
                        e.SerializeAsString())
                    .ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 3u);
  EXPECT_NE(r.problem.find("altered"), std::string::npos) << r.problem;
}

TEST_F(AuditTamperTest, AlteredAndRehashedEntryBreaksTheNextLink) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    supplyrisk::v1::AuditEntry e;
    ASSERT_TRUE(e.ParseFromString(Get(db, h, 3)));
    e.set_actor("mallory");
    e.set_hash(AuditEntryHash(e));
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 3),
                        e.SerializeAsString())
                    .ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 4u);
}

TEST_F(AuditTamperTest, RemovedEntryIsFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    ASSERT_TRUE(
        db->Delete(rocksdb::WriteOptions(), h, AuditKey(kTenant, 4)).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 4u);
  EXPECT_NE(r.problem.find("removed"), std::string::npos) << r.problem;
}

TEST_F(AuditTamperTest, RemovedLastEntryIsFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    ASSERT_TRUE(
        db->Delete(rocksdb::WriteOptions(), h, AuditKey(kTenant, 6)).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.problem.find("removed"), std::string::npos) << r.problem;
}

TEST_F(AuditTamperTest, ReorderedEntriesAreFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    std::string two = Get(db, h, 2), three = Get(db, h, 3);
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 2), three).ok());
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 3), two).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 2u);
  EXPECT_NE(r.problem.find("reordered"), std::string::npos) << r.problem;
}

TEST_F(AuditTamperTest, ReorderedAndRenumberedEntriesAreFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    supplyrisk::v1::AuditEntry two, three;
    ASSERT_TRUE(two.ParseFromString(Get(db, h, 2)));
    ASSERT_TRUE(three.ParseFromString(Get(db, h, 3)));
    two.set_sequence(3);
    three.set_sequence(2);
    two.set_hash(AuditEntryHash(two));
    three.set_hash(AuditEntryHash(three));
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 2),
                        three.SerializeAsString())
                    .ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 3),
                        two.SerializeAsString())
                    .ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 2u);
  EXPECT_NE(r.problem.find("reordered"), std::string::npos) << r.problem;
}

TEST_F(StoreTest, BackupWipeRestoreIsByteIdentical) {
  for (int i = 0; i < 50; ++i) {
    std::string id = absl::StrCat("s", i);
    ASSERT_TRUE(
        store_->CreateSupplier(kTenant, id, MakeSupplier("x"), Actor("u"))
            .ok());
    ASSERT_TRUE(
        store_
            ->CreateAssessment(
                kTenant, id, "a1",
                MakeAssessment(10 + i, i, "C",
                               supplyrisk::v1::DECISION_OUTCOME_APPROVE),
                Actor("u"))
            .ok());
    ASSERT_TRUE(store_
                    ->ImportSignals(kTenant, id,
                                    {MakeSignal("spf_missing", 5 + i)},
                                    Actor("u"))
                    .ok());
  }
  std::string backups = ScratchDir("backups");
  auto id = store_->Backup(backups);
  ASSERT_TRUE(id.ok()) << id.status();
  auto before = store_->Digest();
  ASSERT_TRUE(before.ok());
  // Writes after the backup are not in it.
  ASSERT_TRUE(
      store_->CreateSupplier(kTenant, "late", MakeSupplier("x"), Actor("u"))
          .ok());
  store_.reset();
  std::filesystem::remove_all(dir_);
  ASSERT_TRUE(Store::Restore(backups, dir_).ok());
  Reopen();
  auto after = store_->Digest();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, *before);
  EXPECT_EQ(store_->GetSupplier(kTenant, "late").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok());
  EXPECT_TRUE(store_->VerifyAudit(kTenant)->intact);
  // The restored store keeps writing on the same chain.
  ASSERT_TRUE(
      store_->CreateSupplier(kTenant, "late", MakeSupplier("x"), Actor("u"))
          .ok());
  EXPECT_TRUE(store_->VerifyAudit(kTenant)->intact);

  // A damaged backup fails verification instead of restoring garbage.
  for (const auto& e : std::filesystem::recursive_directory_iterator(backups)) {
    if (e.path().extension() == ".sst") {
      std::fstream f(e.path(), std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(100);
      f.write("CORRUPTION", 10);
      break;
    }
  }
  store_.reset();
  std::string elsewhere = ScratchDir("restore2");
  EXPECT_EQ(Store::Restore(backups, elsewhere).code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(StoreTest, CommitListenerSeesEntriesInChainOrder) {
  std::vector<uint64_t> seen;
  absl::Mutex mu;
  store_->AddCommitListener(
      [&](const std::vector<supplyrisk::v1::AuditEntry>& entries) {
        absl::MutexLock lock(&mu);
        for (const auto& e : entries) seen.push_back(e.sequence());
      });
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store_
                    ->CreateSupplier(kTenant, absl::StrCat("s", i),
                                     MakeSupplier("x"), Actor("u"))
                    .ok());
  }
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
}

}  // namespace
}  // namespace supplyrisk::store
