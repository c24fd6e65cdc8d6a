// Dirty marking: which parties' effective risk may change after a change, so a rescoring visits
// those and no others. A party's effective risk reads the parties up to max_depth hops below it,
// so a new assessment of X touches X and everything within max_depth hops upstream of X; a changed
// relationship A -> B touches A and everything within max_depth - 1 hops upstream of A (B sits one
// hop below A). The marks ignore scopes: they may include a party the change cannot affect, never
// miss one it can.
#ifndef SUPPLYRISK_ENGINE_CHAIN_DIRTY_H_
#define SUPPLYRISK_ENGINE_CHAIN_DIRTY_H_

#include <vector>

#include "engine/chain/graph.h"

namespace supplyrisk::chain {

struct ChainChanges {
  std::vector<int> assessed;     // parties whose own assessment changed
  std::vector<int> contractors;  // the `from` end of every added, removed or changed relationship
};

// The parties to rescore, sorted. Precondition: every index is in `graph`; 1 <= max_depth <= 10.
std::vector<int> MarkDirty(const SupplyGraph& graph, const ChainChanges& changes, int max_depth);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_DIRTY_H_
