#include "engine/chain/dirty.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

std::vector<std::string> Ids(const SupplyGraph& g, const std::vector<int>& nodes) {
  std::vector<std::string> out;
  for (int v : nodes) out.push_back(g.id(v));
  return out;
}

// top -> u3 -> u2 -> u1 -> x -> down; side -> u1; other stands apart.
SupplyGraph Chain() {
  return SupplyGraph::Build({"other"}, {{"top", "u3", Scope()},
                                        {"u3", "u2", Scope()},
                                        {"u2", "u1", Scope()},
                                        {"u1", "x", Scope()},
                                        {"side", "u1", Scope()},
                                        {"x", "down", Scope()}});
}

TEST(MarkDirtyTest, NewAssessmentMarksThePartyAndUpstreamWithinTheCap) {
  const SupplyGraph g = Chain();
  ChainChanges changes;
  changes.assessed = {*g.Find("x")};
  // x is at depth 3 below u3, 4 below top: top's effective risk cannot see it.
  EXPECT_EQ(Ids(g, MarkDirty(g, changes, 3)),
            (std::vector<std::string>{"side", "u1", "u2", "u3", "x"}));
}

TEST(MarkDirtyTest, ChangedRelationshipMarksTheContractorAndUpstreamOneHopLess) {
  const SupplyGraph g = Chain();
  ChainChanges changes;
  changes.contractors = {*g.Find("x")};  // x -> down changed: down is 1 below x, 3 below u2
  EXPECT_EQ(Ids(g, MarkDirty(g, changes, 3)), (std::vector<std::string>{"side", "u1", "u2", "x"}));
}

TEST(MarkDirtyTest, TheLargerBudgetWinsAndCyclesEnd) {
  SupplyGraph g = SupplyGraph::Build(
      {}, {{"a", "b", Scope()}, {"b", "c", Scope()}, {"c", "a", Scope()}, {"z", "c", Scope()}});
  ChainChanges changes;
  changes.contractors = {*g.Find("c")};  // budget 0 from here...
  changes.assessed = {*g.Find("c")};     // ...but 2 from the assessment
  EXPECT_EQ(Ids(g, MarkDirty(g, changes, 2)), (std::vector<std::string>{"a", "b", "c", "z"}));
  EXPECT_TRUE(MarkDirty(g, ChainChanges{}, 3).empty());
}

}  // namespace
}  // namespace supplyrisk::chain
