// The synthetic base: the same seed gives the same base, its distributions are the ones the header
// promises, its chains are acyclic and several levels deep, and it lands in the store whole.
#include "bench/supplier_base/supplier_base.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/builtin_templates.h"
#include "engine/questionnaire/registry.h"
#include "gtest/gtest.h"

namespace supplyrisk::supplier_base {
namespace {

class SupplierBaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(questionnaire::LoadBuiltinTemplates(&registry_).ok());
    questionnaire_ = registry_.LatestPublished("cpsf-supplier");
    ASSERT_NE(questionnaire_, nullptr);
  }

  SupplierBaseSpec Spec(int64_t suppliers, int64_t relationships, uint64_t seed = 7) {
    SupplierBaseSpec spec;
    spec.suppliers = suppliers;
    spec.relationships = relationships;
    spec.seed = seed;
    return spec;
  }

  questionnaire::TemplateRegistry registry_{catalog::BuiltinCatalog()};
  const v1::Template* questionnaire_ = nullptr;
};

std::string Bytes(const GeneratedSupplier& g) {
  std::string out = g.id + g.supplier.SerializeAsString();
  if (g.response) out += g.response->SerializeAsString();
  for (const auto& s : g.signals) out += s.SerializeAsString();
  if (g.engagement) out += g.engagement->SerializeAsString();
  return out;
}

TEST_F(SupplierBaseTest, SameSeedSameBaseOtherSeedAnother) {
  const SupplierBaseSpec a = Spec(100, 150, 7);
  const SupplierBaseSpec b = Spec(100, 150, 8);
  int differ = 0;
  for (int64_t i = 0; i < 100; ++i) {
    EXPECT_EQ(Bytes(GenerateSupplier(a, *questionnaire_, i)),
              Bytes(GenerateSupplier(a, *questionnaire_, i)));
    differ += Bytes(GenerateSupplier(a, *questionnaire_, i)) !=
              Bytes(GenerateSupplier(b, *questionnaire_, i));
  }
  EXPECT_EQ(differ, 100);
  const auto ra = GenerateRelationships(a);
  const auto ra2 = GenerateRelationships(a);
  ASSERT_EQ(ra.size(), ra2.size());
  for (size_t k = 0; k < ra.size(); ++k) {
    EXPECT_EQ(ra[k].first, ra2[k].first);
    EXPECT_EQ(ra[k].second.SerializeAsString(), ra2[k].second.SerializeAsString());
  }
  EXPECT_NE(ra[0].second.SerializeAsString(),
            GenerateRelationships(b)[0].second.SerializeAsString());
}

TEST_F(SupplierBaseTest, AnswersAndSignalsAreSpreadLikeARealBase) {
  const SupplierBaseSpec spec = Spec(2000, 0);
  const int64_t now = absl::ToUnixSeconds(spec.as_of);
  int responses = 0, stale = 0, engagements = 0;
  int64_t yes = 0, yes_no = 0, not_applicable = 0, with_evidence = 0, answers = 0;
  int64_t signals = 0, resolved = 0, cves = 0, future = 0;
  std::set<double> mean_yes_per_supplier;
  for (int64_t i = 0; i < spec.suppliers; ++i) {
    const GeneratedSupplier g = GenerateSupplier(spec, *questionnaire_, i);
    engagements += g.engagement.has_value();
    for (const auto& s : g.signals) {
      ++signals;
      resolved += s.has_resolved_at();
      cves += !s.cve().empty();
      future += s.observed_at().seconds() > now || s.resolved_at().seconds() > now ||
                s.last_observed_at().seconds() > now;
    }
    if (!g.response) continue;
    ++responses;
    const int64_t submitted = g.response->submitted_at().seconds();
    EXPECT_LT(submitted, now);
    stale += now - submitted > 365 * 86400;
    int64_t own_yes = 0, own_yes_no = 0;
    for (const auto& a : g.response->answers()) {
      ++answers;
      EXPECT_LE(a.answered_at().seconds(), submitted);
      with_evidence += a.evidence_size() > 0;
      if (a.value_case() != v1::Answer::kYesNo) continue;
      ++own_yes_no;
      own_yes += a.yes_no() == v1::YES_NO_YES;
      not_applicable += a.yes_no() == v1::YES_NO_NOT_APPLICABLE;
    }
    yes += own_yes;
    yes_no += own_yes_no;
    if (own_yes_no > 0) mean_yes_per_supplier.insert(static_cast<double>(own_yes) / own_yes_no);
  }
  // About one in twelve has not answered; about one in six answered over a year ago.
  EXPECT_GT(responses, 1780);
  EXPECT_LT(responses, 1890);
  EXPECT_GT(stale, responses / 8);
  EXPECT_LT(stale, responses / 4);
  EXPECT_GT(engagements, 500);
  EXPECT_LT(engagements, 700);
  // Most answer most questions; "yes" dominates but is far from universal, and suppliers differ.
  EXPECT_GT(answers, responses * 60);
  const double yes_share = static_cast<double>(yes) / static_cast<double>(yes_no);
  EXPECT_GT(yes_share, 0.5);
  EXPECT_LT(yes_share, 0.8);
  EXPECT_GT(not_applicable, 0);
  EXPECT_GT(with_evidence, 0);
  EXPECT_LT(*mean_yes_per_supplier.begin(), 0.35);
  EXPECT_GT(*mean_yes_per_supplier.rbegin(), 0.9);
  // Signals: a few per supplier, many resolved, some with CVEs, none after the base's as_of.
  EXPECT_GT(signals, spec.suppliers * 2);
  EXPECT_LT(signals, spec.suppliers * 5);
  EXPECT_GT(resolved, signals / 3);
  EXPECT_LT(resolved, signals * 9 / 10);
  EXPECT_GT(cves, 0);
  EXPECT_EQ(future, 0);
}

TEST_F(SupplierBaseTest, ChainsAreAcyclicUniqueAndDeep) {
  const SupplierBaseSpec spec = Spec(3000, 4500);
  const auto rels = GenerateRelationships(spec);
  ASSERT_EQ(rels.size(), 4500u);
  std::set<std::pair<std::string, std::string>> pairs;
  std::vector<int> depth(spec.suppliers, 0);  // longest chain below each supplier
  std::vector<std::vector<int64_t>> below(spec.suppliers);
  for (const auto& [id, r] : rels) {
    EXPECT_LT(r.from_supplier(), r.to_supplier()) << id;  // ids sort in index order
    EXPECT_TRUE(pairs.insert({r.from_supplier(), r.to_supplier()}).second) << id;
    const int64_t from = std::stoll(r.from_supplier().substr(std::string("suppliers/g").size()));
    const int64_t to = std::stoll(r.to_supplier().substr(std::string("suppliers/g").size()));
    below[from].push_back(to);
  }
  for (int64_t i = spec.suppliers - 1; i >= 0; --i) {
    for (int64_t to : below[i]) depth[i] = std::max(depth[i], depth[to] + 1);
  }
  EXPECT_GE(*std::max_element(depth.begin(), depth.end()), 4);
}

TEST_F(SupplierBaseTest, RefusesSpecsNamingTheField) {
  EXPECT_NE(ValidateSpec(Spec(0, 0)).message().find("suppliers"), std::string::npos);
  EXPECT_NE(ValidateSpec(Spec(kMaxSuppliers + 1, 0)).message().find("suppliers"),
            std::string::npos);
  EXPECT_NE(ValidateSpec(Spec(10, 1000)).message().find("relationships"), std::string::npos);
  EXPECT_NE(ValidateSpec(Spec(10, -1)).message().find("relationships"), std::string::npos);
  SupplierBaseSpec no_tenant = Spec(10, 0);
  no_tenant.tenant.clear();
  EXPECT_NE(ValidateSpec(no_tenant).message().find("tenant"), std::string::npos);
  EXPECT_TRUE(ValidateSpec(Spec(10, 20)).ok());
}

TEST_F(SupplierBaseTest, WritesTheWholeBaseThroughTheStore) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::filesystem::path dir =
      std::filesystem::path(tmp != nullptr ? tmp : "/tmp") / absl::StrCat("base_", getpid());
  std::filesystem::remove_all(dir);
  store::StoreOptions options;
  options.sync = false;
  auto store = store::Store::Open(dir.string(), options);
  ASSERT_TRUE(store.ok()) << store.status();
  SupplierBaseSpec spec = Spec(600, 900);
  spec.batch = 64;
  int64_t last_progress = 0;
  auto stats = WriteSupplierBase(store->get(), *questionnaire_, spec,
                                 [&](int64_t done) { last_progress = done; });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(last_progress, 600);
  EXPECT_EQ(stats->suppliers, 600);
  EXPECT_EQ(stats->relationships, 900);
  int64_t responses = 0, signals = 0, engagements = 0;
  for (int64_t i = 0; i < spec.suppliers; ++i) {
    const GeneratedSupplier g = GenerateSupplier(spec, *questionnaire_, i);
    auto got = (*store)->GetSupplier(spec.tenant, g.id);
    ASSERT_TRUE(got.ok()) << g.id;
    EXPECT_EQ(got->profile().SerializeAsString(), g.supplier.profile().SerializeAsString());
    if (g.response) {
      auto r = (*store)->GetResponse(spec.tenant, g.id, "r1");
      ASSERT_TRUE(r.ok()) << g.id;
      EXPECT_EQ(r->answers_size(), g.response->answers_size());
      ++responses;
    }
    auto page = (*store)->ListSignals(spec.tenant, g.id, {}, {1000, ""});
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->items.size(), g.signals.size()) << g.id;
    signals += static_cast<int64_t>(page->items.size());
    engagements += g.engagement.has_value();
  }
  EXPECT_EQ(stats->responses, responses);
  EXPECT_EQ(stats->signals, signals);
  EXPECT_EQ(stats->engagements, engagements);
  const auto rels = GenerateRelationships(spec);
  auto got = (*store)->GetRelationship(spec.tenant, rels.back().first);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->to_supplier(), rels.back().second.to_supplier());
  EXPECT_TRUE((*store)->CheckConsistency(spec.tenant).ok());
  // Writing the same base again collides with what is there: the first create fails.
  EXPECT_FALSE(WriteSupplierBase(store->get(), *questionnaire_, spec).ok());
}

}  // namespace
}  // namespace supplyrisk::supplier_base
