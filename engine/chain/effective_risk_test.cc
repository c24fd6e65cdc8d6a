#include "engine/chain/effective_risk.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

const Scope kPersonal = Scope::Of({v1::DATA_CLASS_PERSONAL}, v1::ACCESS_LEVEL_NONE);
const Scope kConfidential = Scope::Of({v1::DATA_CLASS_CONFIDENTIAL}, v1::ACCESS_LEVEL_NONE);
const Scope kEverything =
    Scope::Of({v1::DATA_CLASS_PERSONAL, v1::DATA_CLASS_CONFIDENTIAL, v1::DATA_CLASS_INTERNAL},
              v1::ACCESS_LEVEL_PRIVILEGED);

struct Case {
  SupplyGraph graph;
  std::vector<PartyStanding> standings;
  int node(const std::string& id) const { return *graph.Find(id); }
};

// Every party assessed at `score` unless listed in `scores`; ids starting with "?" unidentified.
Case Make(std::vector<Relationship> edges, std::vector<std::pair<std::string, double>> scores,
          double default_score = 90) {
  Case c{SupplyGraph::Build({}, std::move(edges)), {}};
  c.standings.resize(c.graph.size());
  for (int v = 0; v < c.graph.size(); ++v) {
    c.standings[v].assessed = true;
    c.standings[v].score = default_score;
    if (c.graph.id(v)[0] == '?') c.standings[v] = PartyStanding{false, false, 0, ""};
  }
  for (const auto& [id, score] : scores) {
    PartyStanding& s = c.standings[c.node(id)];
    if (score < 0) {
      s.assessed = false;  // known supplier, no current assessment
    } else {
      s.score = score;
    }
  }
  return c;
}

std::vector<std::string> PathIds(const SupplyGraph& g, const std::vector<PathStep>& path) {
  std::vector<std::string> ids = {g.id(path.front().from)};
  for (const PathStep& s : path) ids.push_back(g.id(s.to));
  return ids;
}

std::string PathIdsString(const Case& c, const EffectiveRisk& r) {
  if (!r.worst.has_value()) return "-";
  std::string out;
  for (const std::string& id : PathIds(c.graph, r.worst_path)) out += id + ">";
  return out;
}

TEST(EffectiveRiskTest, DepthThreeSubcontractorCapsTheScoreWithItsPath) {
  // acme -> b -> c -> d, personal data passed all the way; d scores 10.
  Case c = Make({{"acme", "b", kPersonal}, {"b", "c", kPersonal}, {"c", "d", kPersonal}},
                {{"acme", 88}, {"d", 10}});
  const EffectiveRisk r =
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, ChainRules{});
  ASSERT_TRUE(r.worst.has_value());
  EXPECT_EQ(c.graph.id(r.worst->node), "d");
  EXPECT_EQ(r.worst->depth, 3);
  EXPECT_EQ(PathIds(c.graph, r.worst_path), (std::vector<std::string>{"acme", "b", "c", "d"}));
  for (const PathStep& s : r.worst_path) EXPECT_EQ(s.passed, kPersonal);
  // 100 - (100 - 10) * 0.6^3 = 80.56: below acme's own 88.
  EXPECT_NEAR(r.effective_score, 100 - 90 * 0.216, 1e-9);
  EXPECT_TRUE(r.lowered);
  EXPECT_EQ(r.own_score, 88);
  EXPECT_EQ(r.reach.receivers.size(), 3u);
  EXPECT_EQ(r.reach.beyond_cap, 0);
  EXPECT_DOUBLE_EQ(r.confidence_factor, 1);
}

TEST(EffectiveRiskTest, ScopeStopsPropagation) {
  // b receives personal data but passes only confidential data to c: c gets nothing of this
  // engagement, however badly it scores.
  Case c = Make({{"acme", "b", kPersonal}, {"b", "c", kConfidential}}, {{"c", 0}});
  const EffectiveRisk r =
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, ChainRules{});
  ASSERT_EQ(r.reach.receivers.size(), 1u);
  EXPECT_EQ(c.graph.id(r.reach.receivers[0].node), "b");
  EXPECT_FALSE(r.lowered);
  EXPECT_EQ(r.effective_score, 90);
  // An engagement entrusting only access: b receives nothing either.
  const EffectiveRisk access_only = ComputeEffectiveRisk(
      c.graph, c.standings, c.node("acme"), Scope::Of({}, v1::ACCESS_LEVEL_REMOTE), ChainRules{});
  EXPECT_TRUE(access_only.reach.receivers.empty());
}

TEST(EffectiveRiskTest, NarrowerScopeFoundFirstDoesNotHideAWiderOneFoundLater) {
  // acme -> x passes personal data only; acme -> y -> x passes everything; x -> e passes only
  // confidential data. x is first reached directly with personal data, which x does not pass to e;
  // the wider scope arriving through y must still carry confidential data on to e.
  Case c = Make({{"acme", "x", kPersonal},
                 {"acme", "y", kEverything},
                 {"y", "x", kEverything},
                 {"x", "e", kConfidential}},
                {{"e", 20}});
  const EffectiveRisk r =
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kEverything, ChainRules{});
  ASSERT_TRUE(r.worst.has_value());
  EXPECT_EQ(c.graph.id(r.worst->node), "e");
  EXPECT_EQ(PathIds(c.graph, r.worst_path), (std::vector<std::string>{"acme", "y", "x", "e"}));
  EXPECT_EQ(r.worst_path.back().passed, kConfidential);
}

TEST(EffectiveRiskTest, InheritedRiskNeverRaisesTheScore) {
  Case c = Make({{"acme", "b", kPersonal}}, {{"acme", 40}, {"b", 100}});
  const EffectiveRisk r =
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, ChainRules{});
  EXPECT_EQ(r.effective_score, 40);
  EXPECT_FALSE(r.lowered);
}

TEST(EffectiveRiskTest, UnidentifiedAndUnassessedPartiesLowerConfidenceNotTheScore) {
  Case c = Make({{"acme", "?cleaning-co", kPersonal}, {"acme", "b", kPersonal}}, {{"b", -1}});
  const EffectiveRisk r =
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, ChainRules{});
  EXPECT_EQ(r.effective_score, 90);
  EXPECT_FALSE(r.worst.has_value());
  ASSERT_EQ(r.unidentified.size(), 1u);
  EXPECT_EQ(c.graph.id(r.unidentified[0]), "?cleaning-co");
  ASSERT_EQ(r.unassessed.size(), 1u);
  EXPECT_EQ(c.graph.id(r.unassessed[0]), "b");
  EXPECT_NEAR(r.confidence_factor, 0.8, 1e-12);
}

TEST(EffectiveRiskTest, DepthBeyondTheCapIsReportedAsUnknownCoverage) {
  Case c = Make({{"acme", "b", kPersonal},
                 {"b", "c", kPersonal},
                 {"c", "d", kPersonal},
                 {"d", "e", kPersonal},
                 {"d", "f", kConfidential}},
                {{"e", 0}});
  ChainRules rules;
  const EffectiveRisk r =
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, rules);
  EXPECT_EQ(r.reach.receivers.size(), 3u);  // b, c, d; e is past the cap
  EXPECT_EQ(r.reach.beyond_cap, 1);         // d -> e would pass personal data on; d -> f would not
  EXPECT_NEAR(r.confidence_factor, 1 - 0.1 * 0.216, 1e-12);
  EXPECT_EQ(r.effective_score, 90);
  rules.max_depth = 4;
  const EffectiveRisk deeper =
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, rules);
  EXPECT_EQ(deeper.reach.beyond_cap, 0);
  EXPECT_EQ(c.graph.id(deeper.worst->node), "e");
  EXPECT_NEAR(deeper.effective_score, 100 - 100 * 0.1296, 1e-9);
}

TEST(EffectiveRiskTest, CycleReportedOnceAndSameAnswerForEveryEdgeOrder) {
  std::vector<Relationship> edges = {{"acme", "b", kPersonal}, {"b", "c", kPersonal},
                                     {"c", "b", kPersonal},    {"c", "acme", kPersonal},
                                     {"c", "d", kPersonal},    {"b", "d", kPersonal},
                                     {"d", "d", kPersonal}};
  std::mt19937 rng(7);
  std::string first;
  for (int round = 0; round < 50; ++round) {
    std::shuffle(edges.begin(), edges.end(), rng);
    Case c = Make(edges, {{"d", 30}, {"c", 50}});
    const EffectiveRisk r =
        ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, ChainRules{});
    std::string described;
    for (const auto& cycle : r.cycles) {
      described += "[";
      for (int v : cycle) described += c.graph.id(v) + " ";
      described += "]";
    }
    described += " worst " + PathIdsString(c, r);
    described += " score " + std::to_string(r.effective_score);
    for (const Receiver& rc : r.reach.receivers) described += " " + c.graph.id(rc.node);
    if (round == 0) {
      first = described;
      // acme, b and c form one component, reported once, smallest id first; d loops on itself.
      EXPECT_EQ(described.substr(0, described.find(" worst")), "[acme b c ][d ]");
    }
    EXPECT_EQ(described, first) << "round " << round;
  }
}

TEST(EffectiveRiskTest, CompromiseProbabilityCombinesEveryReceiver) {
  Case c = Make({{"acme", "b", kPersonal}, {"acme", "c", kPersonal}}, {{"b", 50}, {"c", 50}});
  ChainRules rules;
  rules.rule = CombinationRule::kCompromiseProbability;
  const EffectiveRisk r =
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, rules);
  // Each is the way in with 0.5 * 0.6 = 0.3; together 1 - 0.7^2 = 0.51.
  EXPECT_NEAR(r.inherited_score, 49, 1e-9);
  EXPECT_NEAR(r.effective_score, 49, 1e-9);
  ASSERT_TRUE(r.worst.has_value());
  EXPECT_EQ(c.graph.id(r.worst->node), "b");  // a tie goes to the smaller id
  rules.rule = CombinationRule::kWeakestLink;
  EXPECT_NEAR(
      ComputeEffectiveRisk(c.graph, c.standings, c.node("acme"), kPersonal, rules).effective_score,
      70, 1e-9);
}

// Property: a worse subcontractor never makes the effective score better, and inherited risk
// never lifts the score above the supplier's own.
TEST(EffectiveRiskTest, MonotoneInEveryReceiversScore) {
  std::mt19937 rng(11);
  const std::vector<Scope> scopes = {kPersonal, kConfidential, kEverything,
                                     Scope::Of({}, v1::ACCESS_LEVEL_REMOTE)};
  for (int round = 0; round < 300; ++round) {
    std::vector<Relationship> edges;
    const int n = 3 + static_cast<int>(rng() % 8);
    for (int e = 0; e < n * 2; ++e) {
      edges.push_back({"p" + std::to_string(rng() % n), "p" + std::to_string(rng() % n),
                       scopes[rng() % scopes.size()]});
    }
    Case c = Make(edges, {});
    for (auto& s : c.standings) s.score = static_cast<double>(rng() % 101);
    ChainRules rules;
    rules.rule =
        round % 2 ? CombinationRule::kWeakestLink : CombinationRule::kCompromiseProbability;
    const int root = 0;
    const Scope engagement = scopes[rng() % scopes.size()];
    const EffectiveRisk before =
        ComputeEffectiveRisk(c.graph, c.standings, root, engagement, rules);
    EXPECT_LE(before.effective_score, before.own_score);
    const int worse = static_cast<int>(rng() % c.graph.size());
    c.standings[worse].score = std::max(0.0, c.standings[worse].score - 30);
    const EffectiveRisk after = ComputeEffectiveRisk(c.graph, c.standings, root, engagement, rules);
    EXPECT_LE(after.effective_score, before.effective_score + 1e-9) << "round " << round;
  }
}

// A workspace reused across traversals (and across suppliers) gives what a fresh one gives.
TEST(EffectiveRiskTest, ReusedWorkspaceChangesNothing) {
  std::mt19937 rng(5);
  std::vector<Relationship> edges;
  for (int e = 0; e < 400; ++e) {
    edges.push_back({"p" + std::to_string(rng() % 60), "p" + std::to_string(rng() % 60),
                     e % 3 ? kPersonal : kEverything});
  }
  Case c = Make(edges, {});
  for (auto& s : c.standings) s.score = static_cast<double>(rng() % 101);
  ChainWorkspace workspace(c.graph);
  for (int root = 0; root < c.graph.size(); ++root) {
    const EffectiveRisk fresh =
        ComputeEffectiveRisk(c.graph, c.standings, root, kEverything, ChainRules{});
    const EffectiveRisk reused =
        ComputeEffectiveRisk(c.graph, c.standings, root, kEverything, ChainRules{}, &workspace);
    EXPECT_EQ(fresh.effective_score, reused.effective_score);
    EXPECT_EQ(fresh.cycles, reused.cycles);
    ASSERT_EQ(fresh.reach.receivers.size(), reused.reach.receivers.size());
    for (size_t i = 0; i < fresh.reach.receivers.size(); ++i) {
      EXPECT_EQ(fresh.reach.receivers[i].node, reused.reach.receivers[i].node);
      EXPECT_EQ(fresh.reach.receivers[i].depth, reused.reach.receivers[i].depth);
    }
  }
}

}  // namespace
}  // namespace supplyrisk::chain
