#include "engine/chain/effective_risk.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/chain/cycles.h"
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

constexpr int kFar = 1000;

// dist[b][v]: hops for the b-th bit of `engagement` (in `bits`) to reach v along relationships
// that pass it; kFar when it never does.
std::vector<std::vector<int>> PerBitDistances(const SupplyGraph& g, int root, Scope engagement,
                                              std::vector<uint32_t>* bits) {
  std::vector<std::vector<int>> dist;
  for (uint32_t all = engagement.bits(); all != 0; all &= all - 1) {
    const uint32_t bit = all & (~all + 1);
    bits->push_back(bit);
    std::vector<int>& d = dist.emplace_back(g.size(), kFar);
    d[root] = 0;
    std::vector<int> level = {root};
    for (int depth = 0; !level.empty(); ++depth) {
      std::vector<int> next;
      for (int v : level) {
        for (const SupplyGraph::Edge& e : g.out(v)) {
          if ((e.scope.bits() & bit) == 0 || d[e.node] != kFar) continue;
          d[e.node] = depth + 1;
          next.push_back(e.node);
        }
      }
      level.swap(next);
    }
  }
  return dist;
}

// Relationships that would carry some bit from a party it reaches at the cap to a party it does
// not reach within the cap.
int RelationshipsExtendingPastTheCap(const SupplyGraph& g,
                                     const std::vector<std::vector<int>>& dist,
                                     const std::vector<uint32_t>& bits, int max_depth) {
  int beyond = 0;
  for (int u = 0; u < g.size(); ++u) {
    for (const SupplyGraph::Edge& e : g.out(u)) {
      bool extends = false;
      for (size_t b = 0; b < bits.size(); ++b) {
        extends |=
            (e.scope.bits() & bits[b]) && dist[b][u] == max_depth && dist[b][e.node] > max_depth;
      }
      beyond += extends ? 1 : 0;
    }
  }
  return beyond;
}

// Property, against a reference computed one scope bit at a time (what reaches a party is the union
// of what reaches it along each path): the receivers and their shortest depths, the relationships
// past the cap that would carry some bit to a party it does not reach within the cap, and the
// cycles among the parties reached, for random graphs with random scopes.
TEST(EffectiveRiskTest, AgreesWithAPerBitReference) {
  std::mt19937 rng(23);
  const std::vector<Scope> scopes = {
      kPersonal, kConfidential, kEverything, Scope::Of({}, v1::ACCESS_LEVEL_REMOTE),
      Scope::Of({v1::DATA_CLASS_INTERNAL, v1::DATA_CLASS_PERSONAL}, v1::ACCESS_LEVEL_NONE)};
  for (int round = 0; round < 400; ++round) {
    std::vector<Relationship> edges;
    const int n = 4 + static_cast<int>(rng() % 20);
    for (int e = 0; e < n * 3; ++e) {
      edges.push_back({"p" + std::to_string(rng() % n), "p" + std::to_string(rng() % n),
                       scopes[rng() % scopes.size()]});
    }
    Case c = Make(edges, {});
    ChainRules rules;
    rules.max_depth = 1 + static_cast<int>(rng() % 4);
    const int root = static_cast<int>(rng() % c.graph.size());
    const Scope engagement = scopes[rng() % scopes.size()];
    const EffectiveRisk r = ComputeEffectiveRisk(c.graph, c.standings, root, engagement, rules);

    std::vector<uint32_t> bits;
    const std::vector<std::vector<int>> dist = PerBitDistances(c.graph, root, engagement, &bits);
    std::map<int, int> expected;  // receiver -> shortest depth within the cap
    for (const auto& d : dist) {
      for (int v = 0; v < c.graph.size(); ++v) {
        if (v == root || d[v] > rules.max_depth) continue;
        auto [it, added] = expected.emplace(v, d[v]);
        if (!added) it->second = std::min(it->second, d[v]);
      }
    }
    // The supplier itself is never its own receiver, even when a cycle leads back to it.
    std::map<int, int> got;
    for (const Receiver& rc : r.reach.receivers) got[rc.node] = rc.depth;
    EXPECT_EQ(got, expected) << "round " << round;

    const int beyond = RelationshipsExtendingPastTheCap(c.graph, dist, bits, rules.max_depth);
    EXPECT_EQ(r.reach.beyond_cap, beyond) << "round " << round;

    std::vector<bool> reached(c.graph.size(), false);
    reached[root] = true;
    for (const Receiver& rc : r.reach.receivers) reached[rc.node] = true;
    EXPECT_EQ(r.cycles, FindCycles(c.graph, reached)) << "round " << round;
  }
}

}  // namespace
}  // namespace supplyrisk::chain
