#include "engine/scoring/compensation.h"

#include <algorithm>

namespace supplyrisk::scoring {

double CompensationCredit(const QuestionInfo& info, const std::vector<double>& own_credit,
                          const std::vector<unsigned char>& in_scope) {
  if (info.compensating_measures.empty() || info.compensation_max <= 0) return 0;
  double weakest = 1.0;
  for (int m : info.compensating_measures) {
    weakest = std::min(weakest, in_scope[m] ? own_credit[m] : 0.0);
  }
  return info.compensation_max * weakest;
}

}  // namespace supplyrisk::scoring
