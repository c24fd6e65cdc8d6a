// How the receivers of an engagement's scope combine into the score they impose: one function per
// rule, apart from the traversal that finds the receivers (effective_risk.h).
#ifndef SUPPLYRISK_ENGINE_CHAIN_COMBINATION_H_
#define SUPPLYRISK_ENGINE_CHAIN_COMBINATION_H_

#include <vector>

#include "engine/chain/effective_risk.h"

namespace supplyrisk::chain {

struct Combined {
  double inherited = 100;  // the score the receivers impose together
  int worst = -1;          // index into the receivers, -1 when none is rated
};

// Sets each rated receiver's `imposed` and combines them under `rule`. Receivers that cannot be
// rated (unassessed, unidentified) impose nothing: they lower confidence instead. Ties between
// receivers go to the earlier one (shallower, then smaller id).
Combined Combine(CombinationRule rule, const std::vector<PartyStanding>& standings,
                 std::vector<Receiver>* receivers);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_COMBINATION_H_
