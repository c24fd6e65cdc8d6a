#include "engine/chain/cycles.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

std::vector<std::vector<std::string>> Named(const SupplyGraph& g,
                                            const std::vector<std::vector<int>>& cycles) {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : cycles) {
    out.emplace_back();
    for (int v : c) out.back().push_back(g.id(v));
  }
  return out;
}

TEST(FindCyclesTest, EachComponentOnceSmallestIdFirstWhateverTheOrder) {
  std::vector<Relationship> edges = {
      {"m", "k", Scope()}, {"k", "z", Scope()}, {"z", "m", Scope()},  // one component of three
      {"z", "k", Scope()},                                            // a second loop inside it
      {"a", "b", Scope()}, {"b", "a", Scope()},                       // a pair
      {"q", "q", Scope()},                                            // a self-loop
      {"a", "m", Scope()}, {"x", "y", Scope()},                       // no cycle
  };
  std::mt19937 rng(3);
  for (int round = 0; round < 40; ++round) {
    std::shuffle(edges.begin(), edges.end(), rng);
    const SupplyGraph g = SupplyGraph::Build({}, edges);
    EXPECT_EQ(Named(g, FindCycles(g)),
              (std::vector<std::vector<std::string>>{{"a", "b"}, {"k", "m", "z"}, {"q"}}));
  }
}

TEST(FindCyclesTest, OnlyIncludedPartiesCount) {
  const SupplyGraph g =
      SupplyGraph::Build({}, {{"a", "b", Scope()}, {"b", "c", Scope()}, {"c", "a", Scope()}});
  std::vector<bool> include(g.size(), true);
  include[*g.Find("c")] = false;
  EXPECT_TRUE(FindCycles(g, include).empty());
}

TEST(FindCyclesTest, LongChainsDoNotRecurse) {
  std::vector<Relationship> edges;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    edges.push_back({"p" + std::to_string(i), "p" + std::to_string((i + 1) % n), Scope()});
  }
  const SupplyGraph g = SupplyGraph::Build({}, std::move(edges));
  const auto cycles = FindCycles(g);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].size(), static_cast<size_t>(n));
}

}  // namespace
}  // namespace supplyrisk::chain
