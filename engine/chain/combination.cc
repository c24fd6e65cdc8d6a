#include "engine/chain/combination.h"

#include <algorithm>

namespace supplyrisk::chain {
namespace {

bool Rated(const PartyStanding& s) { return s.identified && s.assessed; }

Combined WeakestLink(const std::vector<PartyStanding>& standings,
                     std::vector<Receiver>* receivers) {
  Combined c;
  for (size_t i = 0; i < receivers->size(); ++i) {
    Receiver& r = (*receivers)[i];
    const PartyStanding& s = standings[r.node];
    if (!Rated(s)) continue;
    const double shortfall = 100 - std::clamp(s.score, 0.0, 100.0);
    r.imposed = 100 - shortfall * r.weight;
    if (r.imposed < c.inherited) {
      c.inherited = r.imposed;
      c.worst = static_cast<int>(i);
    }
  }
  return c;
}

Combined CompromiseProbability(const std::vector<PartyStanding>& standings,
                               std::vector<Receiver>* receivers) {
  Combined c;
  double all_hold = 1;  // the chance that no receiver is the way in
  double largest = 0;
  for (size_t i = 0; i < receivers->size(); ++i) {
    Receiver& r = (*receivers)[i];
    const PartyStanding& s = standings[r.node];
    if (!Rated(s)) continue;
    const double p = (1 - std::clamp(s.score, 0.0, 100.0) / 100) * r.weight;
    r.imposed = 100 * (1 - p);
    all_hold *= 1 - p;
    if (p > largest) {
      largest = p;
      c.worst = static_cast<int>(i);
    }
  }
  c.inherited = 100 * all_hold;
  return c;
}

}  // namespace

Combined Combine(CombinationRule rule, const std::vector<PartyStanding>& standings,
                 std::vector<Receiver>* receivers) {
  switch (rule) {
    case CombinationRule::kWeakestLink:
      return WeakestLink(standings, receivers);
    case CombinationRule::kCompromiseProbability:
      return CompromiseProbability(standings, receivers);
  }
  return WeakestLink(standings, receivers);
}

}  // namespace supplyrisk::chain
