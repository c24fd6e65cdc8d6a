// Model-based test: seeded random operations go to the store and to a plain in-memory model of the
// same contract; after every kCheckEvery operations and at the end every list, index, history and
// the audit chain of both must agree. The store runs with sync=false: durability is the crash
// test's subject, and fsyncs would only make this slow.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/scoring/digest.h"
#include "gtest/gtest.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::FakeClock;
using ::supplyrisk::store::testing::ScratchDir;
using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::DecisionOutcome;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;

// 10,000 random operations by default; `./run.sh fuzz` raises it through the environment.
int OperationCount() {
  const char* env = std::getenv("SUPPLYRISK_MODEL_OPS");
  int ops = 0;
  if (env != nullptr && absl::SimpleAtoi(env, &ops) && ops > 0) return ops;
  return 10000;
}
constexpr int kCheckEvery = 250;
constexpr int kSuppliers = 24;
const std::vector<std::string> kGrades = {"A", "B", "C", "D", "E"};
const std::vector<std::string> kIssues = {"spf_missing", "open_rdp", "unpatched_cve", "weak_tls"};
const std::vector<double> kScores = {0, 12.5, 50, 61.75, 77.25, 100};

int64_t Micros(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1000000 + t.nanos() / 1000;
}

struct ModelSupplier {
  Supplier doc;  // without etag
  std::string etag;
  int64_t updated = 0;
  std::map<std::pair<int64_t, std::string>, Assessment> assessments;    // (as_of, id)
  std::map<std::tuple<int, std::string, std::string>, Signal> signals;  // (factor, issue, id)
};

struct ModelTenant {
  std::map<std::string, ModelSupplier> suppliers;
  std::map<std::string, std::pair<Relationship, std::string>> relationships;  // doc, etag
  std::map<std::string, std::pair<Engagement, std::string>> engagements;
  std::map<std::string, std::pair<std::string, int64_t>> requests;  // id -> digest, expiry
  uint64_t audit_entries = 0;
};

std::string Sid(const std::string& name) { return name.substr(name.find('/') + 1); }

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.sync = false;
    options_.clock = clock_.fn();
    options_.idempotency_ttl = absl::Minutes(30);
    auto s = Store::Open(ScratchDir("model"), options_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
  }

  int64_t Now() { return absl::ToUnixMicros(clock_.Now()); }
  std::string SupplierId() { return absl::StrCat("s", rng_() % kSuppliers); }
  // The current etag, a stale one or none, at random.
  std::string PickEtag(const std::string& current) {
    switch (rng_() % 4) {
      case 0:
        return "";
      case 1:
        return "0123456789abcdef";
      default:
        return current;
    }
  }
  static bool EtagOk(const std::string& expected, const std::string& current) {
    return expected.empty() || expected == current;
  }
  MutationContext Ctx() {
    MutationContext ctx;
    ctx.actor = absl::StrCat("user", rng_() % 3);
    return ctx;
  }

  void Expect(absl::StatusCode want, const absl::Status& got, int op) {
    ASSERT_EQ(got.code(), want) << "op " << op << ": " << got;
  }

  // Creates a supplier, sometimes with a request id.
  void CreateSupplier(int op, const std::string& tenant, ModelTenant& m) {
    std::string id = SupplierId();
    Supplier s;
    s.set_industry(absl::StrCat("industry", rng_() % 5));
    MutationContext ctx = Ctx();
    bool idem = rng_() % 3 == 0;
    if (idem) {
      ctx.request_id = absl::StrCat("req-", rng_() % 10);
      ctx.request_digest = absl::StrCat(id, "/", s.industry());
    }
    auto r = store_->CreateSupplier(tenant, id, s, ctx);
    if (idem) {
      auto it = m.requests.find(ctx.request_id);
      if (it != m.requests.end() && it->second.second > Now()) {
        if (it->second.first == ctx.request_digest) {
          // A replay writes nothing and reads the supplier the first request made (the digest
          // covers the id): NotFound once it has been deleted.
          if (m.suppliers.count(id) == 0) {
            return Expect(absl::StatusCode::kNotFound, r.status(), op);
          }
          ASSERT_TRUE(r.ok()) << op << r.status();
          EXPECT_EQ(r->etag(), m.suppliers[id].etag) << op;
        } else {
          Expect(absl::StatusCode::kFailedPrecondition, r.status(), op);
        }
        return;
      }
    }
    if (m.suppliers.count(id)) return Expect(absl::StatusCode::kAlreadyExists, r.status(), op);
    ASSERT_TRUE(r.ok()) << op << r.status();
    ModelSupplier& ms = m.suppliers[id];
    ms.doc = s;
    ms.doc.set_name("suppliers/" + id);
    ms.doc.set_profile_digest(scoring::ProfileDigest(s.profile()));
    ms.etag = r->etag();
    ms.updated = Now();
    ++m.audit_entries;
    if (idem)
      m.requests[ctx.request_id] = {ctx.request_digest,
                                    Now() + absl::ToInt64Microseconds(options_.idempotency_ttl)};
  }

  // Updates a supplier.
  void UpdateSupplier(int op, const std::string& tenant, ModelTenant& m) {
    std::string id = SupplierId();
    auto it = m.suppliers.find(id);
    std::string etag = PickEtag(it == m.suppliers.end() ? "" : it->second.etag);
    Supplier s;
    s.set_industry(absl::StrCat("industry", rng_() % 5));
    s.add_domains(absl::StrCat("d", rng_() % 9, ".jp"));
    auto r = store_->UpdateSupplier(tenant, id, s, etag, Ctx());
    if (it == m.suppliers.end()) return Expect(absl::StatusCode::kNotFound, r.status(), op);
    if (!EtagOk(etag, it->second.etag)) return Expect(absl::StatusCode::kAborted, r.status(), op);
    ASSERT_TRUE(r.ok()) << op << r.status();
    it->second.doc = s;
    it->second.doc.set_name("suppliers/" + id);
    it->second.doc.set_profile_digest(scoring::ProfileDigest(s.profile()));
    it->second.etag = r->etag();
    it->second.updated = Now();
    ++m.audit_entries;
  }

  // Deletes a supplier.
  void DeleteSupplier(int op, const std::string& tenant, ModelTenant& m) {
    std::string id = SupplierId();
    auto it = m.suppliers.find(id);
    std::string etag = PickEtag(it == m.suppliers.end() ? "" : it->second.etag);
    absl::Status st = store_->DeleteSupplier(tenant, id, etag, Ctx());
    if (it == m.suppliers.end()) return Expect(absl::StatusCode::kNotFound, st, op);
    if (!EtagOk(etag, it->second.etag)) return Expect(absl::StatusCode::kAborted, st, op);
    ASSERT_TRUE(st.ok()) << op << st;
    m.suppliers.erase(it);
    ++m.audit_entries;
    std::string name = "suppliers/" + id;
    for (auto r = m.relationships.begin(); r != m.relationships.end();) {
      if (r->second.first.from_supplier() == name || r->second.first.to_supplier() == name) {
        r = m.relationships.erase(r);
        ++m.audit_entries;
      } else {
        ++r;
      }
    }
    for (auto e = m.engagements.begin(); e != m.engagements.end();) {
      if (e->second.first.supplier() == name) {
        e = m.engagements.erase(e);
        ++m.audit_entries;
      } else {
        ++e;
      }
    }
  }

  // Stores an assessment.
  void CreateAssessment(int op, const std::string& tenant, ModelTenant& m) {
    std::string id = SupplierId();
    std::string aid = absl::StrCat("a", rng_() % 40);
    Assessment a;
    int64_t as_of = 1000 + rng_() % 60;
    a.mutable_as_of()->set_seconds(as_of);
    a.set_overall_score(kScores[rng_() % kScores.size()]);
    a.set_grade(kGrades[rng_() % kGrades.size()]);
    a.mutable_decision()->set_outcome(static_cast<DecisionOutcome>(rng_() % 4));
    auto r = store_->CreateAssessment(tenant, id, aid, a, Ctx());
    auto it = m.suppliers.find(id);
    if (it == m.suppliers.end()) return Expect(absl::StatusCode::kNotFound, r.status(), op);
    for (const auto& [key, existing] : it->second.assessments) {
      if (key.second == aid) return Expect(absl::StatusCode::kAlreadyExists, r.status(), op);
    }
    ASSERT_TRUE(r.ok()) << op << r.status();
    a.set_name(absl::StrCat("suppliers/", id, "/assessments/", aid));
    a.set_supplier("suppliers/" + id);
    it->second.assessments[{as_of * 1000000, aid}] = a;
    it->second.updated = Now();
    ++m.audit_entries;
  }

  // Imports signals.
  void ImportSignals(int op, const std::string& tenant, ModelTenant& m) {
    std::string id = SupplierId();
    std::vector<Signal> batch;
    int n = 1 + rng_() % 3;
    for (int i = 0; i < n; ++i) {
      Signal s;
      s.set_factor(rng_() % 2 ? supplyrisk::v1::FACTOR_DNS_HEALTH
                              : supplyrisk::v1::FACTOR_PATCHING_CADENCE);
      s.set_issue_type(kIssues[rng_() % kIssues.size()]);
      s.set_asset(absl::StrCat("h", rng_() % 2));
      s.set_id(absl::StrCat("sig-", s.asset()));
      s.set_severity(static_cast<supplyrisk::v1::Severity>(1 + rng_() % 6));
      int64_t seen = 100 + rng_() % 100;
      s.mutable_observed_at()->set_seconds(seen);
      if (rng_() % 2) s.mutable_last_observed_at()->set_seconds(seen + rng_() % 50);
      if (rng_() % 3 == 0) s.mutable_resolved_at()->set_seconds(seen + rng_() % 120);
      batch.push_back(s);
    }
    auto r = store_->ImportSignals(tenant, id, batch, Ctx());
    auto it = m.suppliers.find(id);
    if (it == m.suppliers.end()) return Expect(absl::StatusCode::kNotFound, r.status(), op);
    ASSERT_TRUE(r.ok()) << op << r.status();
    for (Signal s : batch) {
      if (!s.has_last_observed_at()) *s.mutable_last_observed_at() = s.observed_at();
      s.set_supplier("suppliers/" + id);
      auto key = std::make_tuple(static_cast<int>(s.factor()), s.issue_type(), s.id());
      auto found = it->second.signals.find(key);
      Signal rec = s;
      if (found != it->second.signals.end()) {
        const Signal& old = found->second;
        rec = old;
        if (Micros(s.last_observed_at()) >= Micros(old.last_observed_at())) {
          rec.set_severity(s.severity());
          rec.set_asset(s.asset());
          *rec.mutable_last_observed_at() = s.last_observed_at();
        }
        if (Micros(s.observed_at()) < Micros(old.observed_at()))
          *rec.mutable_observed_at() = s.observed_at();
        if (s.has_resolved_at()) *rec.mutable_resolved_at() = s.resolved_at();
      }
      if (rec.has_resolved_at() && Micros(rec.last_observed_at()) > Micros(rec.resolved_at())) {
        rec.clear_resolved_at();
      }
      it->second.signals[key] = rec;
    }
    it->second.updated = Now();
    ++m.audit_entries;
  }

  // Creates, updates or deletes a relationship.
  void ChangeRelationship(int op, const std::string& tenant, ModelTenant& m) {
    std::string rid = absl::StrCat("r", rng_() % 30);
    std::string from = SupplierId(), to = SupplierId();
    Relationship rel;
    rel.set_from_supplier("suppliers/" + from);
    rel.set_to_supplier("suppliers/" + to);
    rel.add_services(absl::StrCat("svc", rng_() % 3));
    rel.set_access(static_cast<supplyrisk::v1::AccessLevel>(rng_() % 6));
    auto existing = m.relationships.find(rid);
    int action = rng_() % 3;
    if (action == 2) {
      std::string etag = PickEtag(existing == m.relationships.end() ? "" : existing->second.second);
      absl::Status st = store_->DeleteRelationship(tenant, rid, etag, Ctx());
      if (existing == m.relationships.end()) return Expect(absl::StatusCode::kNotFound, st, op);
      if (!EtagOk(etag, existing->second.second)) return Expect(absl::StatusCode::kAborted, st, op);
      ASSERT_TRUE(st.ok()) << op << st;
      m.relationships.erase(existing);
      ++m.audit_entries;
      return;
    }
    std::string etag =
        action == 1 ? PickEtag(existing == m.relationships.end() ? "" : existing->second.second)
                    : "";
    auto r = action == 0 ? store_->CreateRelationship(tenant, rid, rel, Ctx())
                         : store_->UpdateRelationship(tenant, rid, rel, etag, Ctx());
    if (from == to) return Expect(absl::StatusCode::kInvalidArgument, r.status(), op);
    if (!m.suppliers.count(from) || !m.suppliers.count(to)) {
      return Expect(absl::StatusCode::kNotFound, r.status(), op);
    }
    if (action == 0 && existing != m.relationships.end()) {
      return Expect(absl::StatusCode::kAlreadyExists, r.status(), op);
    }
    if (action == 1 && existing == m.relationships.end()) {
      return Expect(absl::StatusCode::kNotFound, r.status(), op);
    }
    if (action == 1 && !EtagOk(etag, existing->second.second)) {
      return Expect(absl::StatusCode::kAborted, r.status(), op);
    }
    ASSERT_TRUE(r.ok()) << op << r.status();
    rel.set_name("relationships/" + rid);
    m.relationships[rid] = {rel, r->etag()};
    ++m.audit_entries;
  }

  // Creates or deletes an engagement.
  void ChangeEngagement(int op, const std::string& tenant, ModelTenant& m) {
    std::string eid = absl::StrCat("e", rng_() % 20);
    auto existing = m.engagements.find(eid);
    if (rng_() % 3 == 0) {
      std::string etag = PickEtag(existing == m.engagements.end() ? "" : existing->second.second);
      absl::Status st = store_->DeleteEngagement(tenant, eid, etag, Ctx());
      if (existing == m.engagements.end()) return Expect(absl::StatusCode::kNotFound, st, op);
      if (!EtagOk(etag, existing->second.second)) return Expect(absl::StatusCode::kAborted, st, op);
      ASSERT_TRUE(st.ok()) << op << st;
      m.engagements.erase(existing);
      ++m.audit_entries;
      return;
    }
    std::string sid = SupplierId();
    Engagement e;
    e.set_supplier("suppliers/" + sid);
    e.set_title(absl::StrCat("title", rng_() % 4));
    auto r = store_->CreateEngagement(tenant, eid, e, Ctx());
    if (!m.suppliers.count(sid)) return Expect(absl::StatusCode::kNotFound, r.status(), op);
    if (existing != m.engagements.end())
      return Expect(absl::StatusCode::kAlreadyExists, r.status(), op);
    ASSERT_TRUE(r.ok()) << op << r.status();
    e.set_name("engagements/" + eid);
    m.engagements[eid] = {e, r->etag()};
    ++m.audit_entries;
  }

  // Time passes (expiring idempotency records).
  void PassTime(int op, const std::string& tenant, ModelTenant& m) {
    clock_.Advance(absl::Minutes(rng_() % 20));
  }

  // Rarely: deletes a whole tenant.
  void DeleteTenant(int op, const std::string& tenant, ModelTenant& m) {
    ASSERT_TRUE(store_->DeleteTenant(tenant, Ctx()).ok());
    uint64_t audit = m.audit_entries + 1;
    m = ModelTenant();
    m.audit_entries = audit;
  }

  void Step(int op) {
    const std::string tenant = (rng_() % 4 == 0) ? "t2" : "t1";
    ModelTenant& m = model_[tenant];
    clock_.Advance(absl::Seconds(rng_() % 3));
    int kind = rng_() % 100;
    if (kind < 12) {
      CreateSupplier(op, tenant, m);
    } else if (kind < 20) {
      UpdateSupplier(op, tenant, m);
    } else if (kind < 24) {
      DeleteSupplier(op, tenant, m);
    } else if (kind < 44) {
      CreateAssessment(op, tenant, m);
    } else if (kind < 66) {
      ImportSignals(op, tenant, m);
    } else if (kind < 80) {
      ChangeRelationship(op, tenant, m);
    } else if (kind < 92) {
      ChangeEngagement(op, tenant, m);
    } else if (kind < 99) {
      PassTime(op, tenant, m);
    } else if (rng_() % 5 == 0) {
      DeleteTenant(op, tenant, m);
    }
  }

  // Collects every page of a list call with random page sizes.
  template <typename T, typename F>
  std::vector<T> All(F list) {
    std::vector<T> out;
    PageRequest page;
    for (int guard = 0; guard < 10000; ++guard) {
      page.page_size = 1 + rng_() % 9;
      auto r = list(page);
      EXPECT_TRUE(r.ok()) << r.status();
      if (!r.ok()) break;
      for (auto& item : r->items) out.push_back(std::move(item));
      if (r->next_page_token.empty()) break;
      page.page_token = r->next_page_token;
    }
    return out;
  }

  std::vector<std::string> QueryIds(const std::string& tenant, const SupplierQuery& q) {
    std::vector<std::string> ids;
    for (const auto& rec : All<SupplierRecord>(
             [&](const PageRequest& p) { return store_->ListSuppliers(tenant, q, p); })) {
      ids.push_back(Sid(rec.supplier.name()));
    }
    return ids;
  }

  void CheckAgree(int op) {
    SCOPED_TRACE(absl::StrCat("after op ", op));
    for (const std::string tenant : {"t1", "t2"}) {
      ModelTenant& m = model_[tenant];
      SCOPED_TRACE(tenant);
      // Suppliers by id, documents and etags.
      auto all = All<SupplierRecord>(
          [&](const PageRequest& p) { return store_->ListSuppliers(tenant, SupplierQuery{}, p); });
      ASSERT_EQ(all.size(), m.suppliers.size());
      size_t i = 0;
      for (const auto& [id, ms] : m.suppliers) {
        Supplier got = all[i++].supplier;
        EXPECT_EQ(got.etag(), ms.etag);
        got.clear_etag();
        EXPECT_EQ(got.SerializeAsString(), ms.doc.SerializeAsString()) << id;
      }
      // Index queries.
      auto latest = [](const ModelSupplier& s) { return s.assessments.rbegin()->second; };
      for (const std::string& g : kGrades) {
        SupplierQuery q;
        q.index = SupplierIndex::kGrade;
        q.grade = g;
        std::vector<std::string> want;
        for (const auto& [id, s] : m.suppliers) {
          if (!s.assessments.empty() && latest(s).grade() == g) want.push_back(id);
        }
        EXPECT_EQ(QueryIds(tenant, q), want) << "grade " << g;
      }
      for (int o = 0; o < 4; ++o) {
        SupplierQuery q;
        q.index = SupplierIndex::kDecision;
        q.outcome = static_cast<DecisionOutcome>(o);
        std::vector<std::string> want;
        for (const auto& [id, s] : m.suppliers) {
          if (!s.assessments.empty() && latest(s).decision().outcome() == o) want.push_back(id);
        }
        EXPECT_EQ(QueryIds(tenant, q), want) << "outcome " << o;
      }
      for (int k = 0; k < 4; ++k) {
        double lo = kScores[rng_() % kScores.size()], hi = kScores[rng_() % kScores.size()];
        if (lo > hi) std::swap(lo, hi);
        SupplierQuery q;
        q.index = SupplierIndex::kScore;
        q.min_score = lo;
        q.max_score = hi;
        std::vector<std::pair<double, std::string>> want;
        for (const auto& [id, s] : m.suppliers) {
          if (s.assessments.empty()) continue;
          double score = latest(s).overall_score();
          if (score >= lo && score <= hi) want.push_back({score, id});
        }
        std::sort(want.begin(), want.end());
        std::vector<std::string> want_ids;
        for (const auto& w : want) want_ids.push_back(w.second);
        EXPECT_EQ(QueryIds(tenant, q), want_ids) << "score " << lo << ".." << hi;
      }
      for (int k = 0; k < 3; ++k) {
        int64_t a = Now() - (rng_() % 20000) * 1000000, b = Now() - (rng_() % 20000) * 1000000;
        if (a > b) std::swap(a, b);
        SupplierQuery q;
        q.index = SupplierIndex::kUpdated;
        q.updated_from = absl::FromUnixMicros(a);
        q.updated_to = absl::FromUnixMicros(b + 1);
        std::vector<std::pair<int64_t, std::string>> want;
        for (const auto& [id, s] : m.suppliers) {
          if (s.updated >= a && s.updated <= b) want.push_back({s.updated, id});
        }
        std::sort(want.begin(), want.end());
        std::vector<std::string> want_ids;
        for (const auto& w : want) want_ids.push_back(w.second);
        EXPECT_EQ(QueryIds(tenant, q), want_ids) << "updated";
      }
      for (const std::string& issue : kIssues) {
        SupplierQuery q;
        q.index = SupplierIndex::kOpenIssue;
        q.issue_type = issue;
        std::vector<std::string> want;
        for (const auto& [id, s] : m.suppliers) {
          for (const auto& [key, sig] : s.signals) {
            if (sig.issue_type() == issue && !sig.has_resolved_at()) {
              want.push_back(id);
              break;
            }
          }
        }
        EXPECT_EQ(QueryIds(tenant, q), want) << "issue " << issue;
      }
      // Per supplier: relationships both ways, engagements, history, signals.
      for (int n = 0; n < kSuppliers; ++n) {
        std::string id = absl::StrCat("s", n), name = "suppliers/" + id;
        std::vector<std::tuple<std::string, std::string, std::string>> from_want, to_want;
        for (const auto& [rid, rel] : m.relationships) {
          if (rel.first.from_supplier() == name)
            from_want.push_back({rel.first.to_supplier(), rid, rel.second});
          if (rel.first.to_supplier() == name)
            to_want.push_back({rel.first.from_supplier(), rid, rel.second});
        }
        std::sort(from_want.begin(), from_want.end());
        std::sort(to_want.begin(), to_want.end());
        auto subs = All<Relationship>(
            [&](const PageRequest& p) { return store_->ListSubcontractors(tenant, id, p); });
        auto cons = All<Relationship>(
            [&](const PageRequest& p) { return store_->ListContractors(tenant, id, p); });
        std::vector<std::tuple<std::string, std::string, std::string>> from_got, to_got;
        for (const auto& r : subs) from_got.push_back({r.to_supplier(), Sid(r.name()), r.etag()});
        for (const auto& r : cons) to_got.push_back({r.from_supplier(), Sid(r.name()), r.etag()});
        EXPECT_EQ(from_got, from_want) << id;
        EXPECT_EQ(to_got, to_want) << id;

        std::vector<std::string> eng_want, eng_got;
        for (const auto& [eid, e] : m.engagements) {
          if (e.first.supplier() == name) eng_want.push_back(eid);
        }
        for (const auto& e : All<Engagement>(
                 [&](const PageRequest& p) { return store_->ListEngagements(tenant, id, p); })) {
          eng_got.push_back(Sid(e.name()));
        }
        EXPECT_EQ(eng_got, eng_want) << id;

        auto it = m.suppliers.find(id);
        auto history = All<Assessment>(
            [&](const PageRequest& p) { return store_->ListAssessments(tenant, id, p); });
        std::vector<std::string> hist_got, hist_want;
        for (const auto& a : history) hist_got.push_back(a.SerializeAsString());
        if (it != m.suppliers.end()) {
          for (auto a = it->second.assessments.rbegin(); a != it->second.assessments.rend(); ++a) {
            hist_want.push_back(a->second.SerializeAsString());
          }
        }
        EXPECT_EQ(hist_got, hist_want) << id;
        auto trend = store_->ScoreTrend(tenant, id, absl::FromUnixSeconds(1010),
                                        absl::FromUnixSeconds(1040));
        ASSERT_TRUE(trend.ok());
        std::vector<std::pair<std::string, double>> trend_got, trend_want;
        for (const auto& p : *trend) trend_got.push_back({p.assessment_id, p.overall_score});
        if (it != m.suppliers.end()) {
          for (const auto& [key, a] : it->second.assessments) {
            if (key.first >= 1010 * 1000000LL && key.first < 1040 * 1000000LL) {
              trend_want.push_back({key.second, a.overall_score()});
            }
          }
        }
        EXPECT_EQ(trend_got, trend_want) << id;

        auto sigs = All<Signal>([&](const PageRequest& p) {
          return store_->ListSignals(tenant, id, SignalFilter{}, p);
        });
        std::vector<std::string> sig_got, sig_want;
        for (const auto& s : sigs) sig_got.push_back(s.SerializeAsString());
        if (it != m.suppliers.end()) {
          for (const auto& [key, s] : it->second.signals) {
            // The store keeps each record's digest beside its content.
            Signal want = s;
            want.set_digest(scoring::SignalDigest(s));
            sig_want.push_back(want.SerializeAsString());
          }
        }
        EXPECT_EQ(sig_got, sig_want) << id;
      }
      auto report = store_->VerifyAudit(tenant);
      ASSERT_TRUE(report.ok());
      EXPECT_TRUE(report->intact) << report->problem;
      EXPECT_EQ(report->entries, m.audit_entries);
      absl::Status consistent = store_->CheckConsistency(tenant);
      EXPECT_TRUE(consistent.ok()) << consistent;
    }
  }

  FakeClock clock_;
  StoreOptions options_;
  std::unique_ptr<Store> store_;
  std::mt19937_64 rng_{20261125};
  std::map<std::string, ModelTenant> model_;
};

TEST_F(ModelTest, RandomOperationsAgreeWithTheModel) {
  const int ops = OperationCount();
  for (int op = 1; op <= ops; ++op) {
    Step(op);
    if (HasFatalFailure()) return;
    if (op % kCheckEvery == 0) {
      CheckAgree(op);
      if (HasFailure()) return;
    }
  }
  CheckAgree(ops);
  // Some of everything actually happened.
  size_t suppliers = model_["t1"].suppliers.size() + model_["t2"].suppliers.size();
  EXPECT_GT(suppliers, 5u);
  EXPECT_GT(model_["t1"].audit_entries, 1000u);
}

}  // namespace
}  // namespace supplyrisk::store
