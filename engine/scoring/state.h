#ifndef SUPPLYRISK_ENGINE_SCORING_STATE_H_
#define SUPPLYRISK_ENGINE_SCORING_STATE_H_

// The working state of one scoring run: per-question and per-signal evaluations, which the concept
// files (measure_credit, signal_factors, discrepancies, compensation, aggregate, ...) fill in turn
// and the assessment builder reads. Internal to engine/scoring.

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "engine/scoring/model.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scoring {

// One question's answer turned into credit, step by step, so every step can be explained.
struct QuestionEval {
  const supplyrisk::v1::Answer* answer = nullptr;
  bool visible = true;
  bool answered = false;  // an answer is present ("unknown" included)
  bool unknown = false;   // "unknown" / "don't know": no credit, lowers confidence
  // An allowed not-applicable. It earns no credit and fails a knockout as "no" does: scope is
  // declared by the profile flags, which are checked against the scans and the engagement, while
  // a per-question "not applicable" cannot be checked, so it must not be an escape.
  bool na_allowed = false;
  bool invalid_na = false;  // not-applicable where the template does not allow it
  bool knockout = false;
  bool dated = false;
  bool evidence_missing = false;  // the no-evidence cap was applied
  bool evidence_ok = false;       // evidence attached or a confirming signal observed
  bool future_date = false;       // a date answer later than as_of: no credit, counted unknown
  bool after_as_of = false;       // answered after as_of: left out as if unanswered
  // Shown only because a contradicted profile flag was corrected: counted unanswered.
  bool profile_shown = false;
  // The permitted not-applicable is contradicted by an observation of its subject: a discrepancy
  // (the answer already earns nothing).
  bool na_contradicted = false;
  // Shown only because of a parent answer a signal disproved: the question's claim falls with it
  // (index of the parent question, -1 otherwise).
  int voided_by = -1;
  int age_days = 0;
  double raw = 0;                 // credit of the answer value
  double capped = 0;              // after the evidence cap
  double decay = 1;               // staleness factor applied
  double claimed = 0;             // after decay: what the supplier's answer is worth on its own
  double credit = 0;              // after a contradicting signal (observed beats claimed)
  double comp = 0;                // compensation credit (0 unless compensable)
  double effective = 0;           // max(credit, comp): what the measures receive
  int contradicting_signal = -1;  // index into SignalSet::sorted
  int confirming_signal = -1;
};

// A signal as of the scoring time.
struct SignalState {
  bool observed = false;  // observed_at <= as_of
  bool resolved = false;  // observed and resolved_at <= as_of
  bool open = false;      // observed, not resolved by as_of, not faded
  bool counted = false;   // open and the first record of its id (duplicates count once)
  int age_days = 0;       // as_of - observed_at
  int seen_days = 0;  // observed_at to the last sighting by as_of: known open at least this long
  // For counted issues: what it takes off its factor before diminishing returns (severity points
  // x exposure x age), the ceiling it puts on its factor (100: none), and whether it is severe
  // enough to cap the overall grade.
  double points = 0;
  double ceiling = 100;
  bool past_sla = false;  // a vulnerability open longer than its patch SLA
  bool severe = false;
};

struct SignalSet {
  // Signals sorted by id (then by their encoding), the canonical order.
  std::vector<const supplyrisk::v1::Signal*> sorted;
  std::vector<SignalState> state;
};

struct FactorEval {
  bool observed = false;
  double score = 100;
  int open_issues = 0;
  int positives = 0;
  // (signal index, points taken off after diminishing returns), largest first.
  std::vector<std::pair<int, double>> deductions;
  double positive_credit = 0;
  double clamp_adjust = 0;  // what clamping to [0, 100] changed
  // The lowest ceiling an open issue puts on the factor (100: none) and the issue setting it
  // (-1: none). The factor is scaled into [0, ceiling]: ordered below the ceiling, never above.
  double ceiling = 100;
  int ceiling_signal = -1;
  double ceiling_adjust = 0;  // what the ceiling took off

  // Back to a default FactorEval, keeping the memory of `deductions`.
  void Reset() {
    std::vector<std::pair<int, double>> kept = std::move(deductions);
    kept.clear();
    *this = FactorEval();
    deductions = std::move(kept);
  }
};

struct Factors {
  std::array<FactorEval, kFactors + 1> factor;  // indexed by v1::Factor
  // Counted open issues severe enough to cap the overall grade, in signal order.
  std::vector<int> severe;
};

// Scores computed from question credits; recomputed for every what-if.
struct Aggregate {
  std::vector<double> num;      // scratch: weighted credit sums
  std::vector<double> own;      // measure credit before compensation
  std::vector<double> measure;  // measure credit (0-1)
  std::vector<double> den;      // weight of the measure's counted questions
  std::vector<double> answered_w;
  std::vector<double> total_w;
  std::vector<unsigned char> in_scope;  // evidenced by a visible, counted question
  // Out of scope because every question evidencing it is hidden for this supplier's profile.
  std::vector<unsigned char> hidden;
  std::vector<double> effective;  // per question, compensation included
  // Per cell: sum of in-scope measure credits, answered and total question weight.
  std::array<double, kCells> cell_sum{};
  std::array<double, kCells> cell_answered{};
  std::array<double, kCells> cell_total{};
  std::array<double, kCells> cell_score{};
  std::array<double, kCells> cell_coverage{};
  std::array<int, kCells> cell_count{};
  std::array<bool, kCells> cell_failing{};
  int failing_cells = 0;  // how many cell_failing are set
  std::array<double, kLayers> layer_score{};
  std::array<double, kLayers> layer_coverage{};
  std::array<double, kComponents> component_score{};
  std::array<double, kComponents> component_coverage{};
  int in_scope_count = 0;
  double questionnaire = 0;
  double overall_pre_cap = 0;
  double overall = 0;
  bool knockout_cap = false;
  bool cell_cap = false;
  bool severe_cap = false;  // a severe open observation
  // Compensation raised some question's credit (measure credits are then capped at 1).
  bool compensation_applied = false;
};

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_STATE_H_
