// Property tests over seeded random suppliers answering the shipped cpsf-supplier template:
//  - every score stays within its bounds;
//  - a better answer never lowers any score (cells, layers, components,
//  questionnaire,
//    overall, each measure credit, template points);
//  - a new open high-severity signal contradicting an answer never raises any
//  of them, nor
//    any factor score;
//  - permuting answers, evidence or signals changes nothing (byte-identical
//  assessment);
//  - scoring twice gives the same bytes, also into a reused assessment or one
//    on an arena.
// "Better" is limited to questions no condition refers to: a better answer to a gating question
// legitimately reveals follow-up questions, which start unanswered.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/catalog/catalog.h"
#include "engine/io/file_loaders.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/conditions.h"
#include "engine/scoring/scorer.h"
#include "google/protobuf/arena.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

// 1000 random suppliers by default; `./run.sh fuzz` raises it through the environment.
int CaseCount() {
  const char* env = std::getenv("SUPPLYRISK_PROPERTY_CASES");
  int cases = 0;
  if (env != nullptr && absl::SimpleAtoi(env, &cases) && cases > 0) return cases;
  return 1000;
}
constexpr double kEps = 1e-6;

struct Fixture {
  explicit Fixture(const char* questionnaire) {
    for (const char* id : {questionnaire, "scs-star3", "scs-star4"}) {
      auto loaded = io::LoadTemplateFile(absl::StrCat("testdata/templates/", id, ".textproto"));
      EXPECT_TRUE(loaded.ok() && loaded->ok()) << id;
      templates.push_back(loaded->tmpl);
    }
    ModelInput in;
    in.catalog = &catalog::BuiltinCatalog();
    in.questionnaire = &templates[0];
    in.readiness = {&templates[1], &templates[2]};
    in.policy = &policy::DefaultPolicy();
    auto m = ScoringModel::Create(in);
    EXPECT_TRUE(m.ok()) << m.status();
    model = *std::move(m);
    for (const auto& s : templates[0].sections()) {
      for (const auto& r : questionnaire::ReferencedQuestions(s.condition())) gating.insert(r);
      for (const auto& q : s.questions()) {
        questions.push_back(&q);
        for (const auto& r : questionnaire::ReferencedQuestions(q.condition())) gating.insert(r);
        for (const auto& l : q.signal_links()) {
          if (l.relation() == v1::SIGNAL_RELATION_CONTRADICTS) contradicting.push_back({&q, l});
        }
      }
    }
  }
  std::vector<v1::Template> templates;
  std::unique_ptr<ScoringModel> model;
  std::vector<const v1::Question*> questions;
  absl::flat_hash_set<std::string> gating;
  std::vector<std::pair<const v1::Question*, v1::SignalLink>> contradicting;
};

// The shipped questionnaires; F() is the one the current test works on (cpsf-supplier unless a
// test walks them all with ForEachTemplate).
const std::vector<const Fixture*>& Fixtures() {
  static const auto* const all =
      new std::vector<const Fixture*>{new Fixture("cpsf-supplier"), new Fixture("sme-basic")};
  return *all;
}
const Fixture* current = nullptr;
const Fixture& F() { return current != nullptr ? *current : *Fixtures()[0]; }

// Runs `body` once per shipped questionnaire, with F() set to it.
template <typename Body>
void ForEachTemplate(Body body) {
  for (const Fixture* f : Fixtures()) {
    current = f;
    body(f->templates[0].id());
    current = nullptr;
    if (::testing::Test::HasFailure()) return;
  }
}

const absl::Time kAsOf = absl::FromUnixSeconds(1793491200);  // 2026-11-01

void SetTs(absl::Time t, google::protobuf::Timestamp* ts) {
  ts->set_seconds(absl::ToUnixSeconds(t));
}

// Picks a value of rank 0 (worst) .. n-1 (best) for a question; returns false when the question
// carries no scored value.
bool SetValue(const v1::Question& q, int rank, v1::Answer* a) {
  switch (q.answer_type()) {
    case v1::ANSWER_TYPE_YES_NO: {
      static const v1::YesNo kOrder[] = {v1::YES_NO_UNKNOWN, v1::YES_NO_NO, v1::YES_NO_PARTIAL,
                                         v1::YES_NO_YES};
      a->set_yes_no(kOrder[std::min(rank, 3)]);
      return true;
    }
    case v1::ANSWER_TYPE_SINGLE_CHOICE: {
      std::vector<const v1::ChoiceOption*> opts;
      for (const auto& o : q.options()) opts.push_back(&o);
      std::stable_sort(opts.begin(), opts.end(),
                       [](auto* x, auto* y) { return x->credit() < y->credit(); });
      a->set_option_id(opts[std::min<size_t>(rank, opts.size() - 1)]->id());
      return true;
    }
    case v1::ANSWER_TYPE_NUMBER:
    case v1::ANSWER_TYPE_DATE: {
      std::vector<const v1::NumberBand*> bands;
      for (const auto& b : q.bands()) bands.push_back(&b);
      std::stable_sort(bands.begin(), bands.end(),
                       [](auto* x, auto* y) { return x->credit() < y->credit(); });
      const auto* b = bands[std::min<size_t>(rank, bands.size() - 1)];
      const double v = b->has_min() ? b->min() : (b->has_max() ? std::max(0.0, b->max() - 1) : 0);
      if (q.answer_type() == v1::ANSWER_TYPE_NUMBER) {
        a->set_number(v);
      } else {
        a->set_date(
            absl::FormatTime("%Y-%m-%d", kAsOf - absl::Hours(24 * (v + 1)), absl::UTCTimeZone()));
      }
      return true;
    }
    case v1::ANSWER_TYPE_MULTIPLE_CHOICE: {
      auto* ids = a->mutable_options()->mutable_option_ids();
      int taken = 0;
      for (const auto& o : q.options()) {
        if (o.credit() > 0 && taken < rank) {
          ids->Add(std::string(o.id()));
          ++taken;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

int Ranks(const v1::Question& q) {
  switch (q.answer_type()) {
    case v1::ANSWER_TYPE_YES_NO:
      return 4;
    case v1::ANSWER_TYPE_SINGLE_CHOICE:
      return q.options_size();
    case v1::ANSWER_TYPE_NUMBER:
    case v1::ANSWER_TYPE_DATE:
      return q.bands_size();
    case v1::ANSWER_TYPE_MULTIPLE_CHOICE: {
      int n = 0;
      for (const auto& o : q.options()) n += o.credit() > 0;
      return n + 1;
    }
    default:
      return 0;
  }
}

struct RandomSupplier {
  v1::SupplierProfile profile;
  v1::Response response;
  std::vector<v1::Signal> signals;
  v1::Engagement engagement;
  std::map<std::string, int> ranks;  // question id -> rank used
};

v1::Signal MakeSignal(std::mt19937& rng, int n, v1::Factor factor, const std::string& issue,
                      v1::Severity severity) {
  v1::Signal s;
  s.set_id(absl::StrCat("sig-", n));
  s.set_factor(factor);
  s.set_issue_type(issue);
  s.set_severity(severity);
  s.set_asset(absl::StrCat("host", n % 5, ".example.jp"));
  const int first = std::uniform_int_distribution<int>(0, 300)(rng);
  SetTs(kAsOf - absl::Hours(24 * first), s.mutable_observed_at());
  const int last = std::uniform_int_distribution<int>(0, first)(rng);
  SetTs(kAsOf - absl::Hours(24 * last), s.mutable_last_observed_at());
  if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
    SetTs(kAsOf - absl::Hours(24 * std::uniform_int_distribution<int>(0, last)(rng)),
          s.mutable_resolved_at());
  }
  return s;
}

RandomSupplier Generate(uint32_t seed) {
  std::mt19937 rng(seed);
  auto coin = [&](int one_in) {
    return std::uniform_int_distribution<int>(0, one_in - 1)(rng) == 0;
  };
  RandomSupplier r;
  r.profile.set_has_website(coin(2));
  r.profile.set_operates_ot(coin(3));
  r.profile.set_uses_cloud_services(coin(2));
  r.profile.set_develops_software(coin(3));
  r.profile.set_handles_personal_data(coin(2));
  r.profile.set_uses_subcontractors(coin(3));
  r.profile.set_supplies_iot_devices(coin(4));
  r.profile.set_security_action_stars(std::uniform_int_distribution<int>(0, 2)(rng));
  r.response.set_template_id(F().templates[0].id());
  const int skip_one_in = std::uniform_int_distribution<int>(2, 20)(rng);
  for (const auto* q : F().questions) {
    const int n = Ranks(*q);
    if (n == 0 || coin(skip_one_in)) continue;
    v1::Answer a;
    a.set_question_id(q->id());
    int rank = std::uniform_int_distribution<int>(0, n - 1)(rng);
    if (q->answer_type() == v1::ANSWER_TYPE_YES_NO && coin(15)) {
      a.set_yes_no(v1::YES_NO_NOT_APPLICABLE);
      rank = -1;
    } else {
      SetValue(*q, rank, &a);
    }
    r.ranks[q->id()] = rank;
    if (q->evidence().required() && coin(2)) {
      auto* e = a.add_evidence();
      e->set_kind(q->evidence().kinds_size() ? q->evidence().kinds(0) : v1::EVIDENCE_KIND_DOCUMENT);
      e->set_uri(absl::StrCat("doc://", q->id()));
      if (coin(3)) a.add_evidence()->set_uri("doc://extra");
    }
    SetTs(kAsOf - absl::Hours(24 * std::uniform_int_distribution<int>(0, 900)(rng)),
          a.mutable_answered_at());
    *r.response.add_answers() = a;
  }
  const int nsignals = std::uniform_int_distribution<int>(0, 25)(rng);
  for (int i = 0; i < nsignals; ++i) {
    v1::Signal s;
    if (coin(2) && !F().contradicting.empty()) {
      const auto& [q, link] = F().contradicting[std::uniform_int_distribution<size_t>(
          0, F().contradicting.size() - 1)(rng)];
      s = MakeSignal(rng, i, link.factor(), link.issue_type(),
                     static_cast<v1::Severity>(std::uniform_int_distribution<int>(1, 6)(rng)));
    } else {
      s = MakeSignal(rng, i, static_cast<v1::Factor>(std::uniform_int_distribution<int>(1, 7)(rng)),
                     absl::StrCat("issue_", i % 4),
                     static_cast<v1::Severity>(std::uniform_int_distribution<int>(1, 6)(rng)));
    }
    r.signals.push_back(s);
  }
  if (coin(4) && !r.signals.empty()) r.signals.push_back(r.signals[0]);  // a repeated record
  r.engagement.set_name("engagements/e");
  r.engagement.set_access(
      static_cast<v1::AccessLevel>(std::uniform_int_distribution<int>(1, 5)(rng)));
  if (coin(3)) r.engagement.add_data_classes(v1::DATA_CLASS_IMPORTANT_CONFIDENTIAL);
  r.engagement.add_data_classes(v1::DATA_CLASS_INTERNAL);
  r.engagement.set_outage_unacceptable(coin(4));
  return r;
}

SupplierInput InputOf(const RandomSupplier& r) {
  SupplierInput in;
  in.profile = &r.profile;
  in.response = &r.response;
  in.signals = r.signals;
  in.engagement = &r.engagement;
  in.as_of = kAsOf;
  return in;
}

v1::Assessment ScoreIt(const RandomSupplier& r) {
  SupplierInput in;
  in.profile = &r.profile;
  in.response = &r.response;
  in.signals = r.signals;
  in.engagement = &r.engagement;
  in.as_of = kAsOf;
  v1::Assessment a;
  absl::Status s = ScoreSupplier(*F().model, in, {}, &a);
  EXPECT_TRUE(s.ok()) << s;
  return a;
}

void ExpectInBounds(const v1::Assessment& a, uint32_t seed) {
  auto score = [&](double v, const char* what) {
    EXPECT_GE(v, 0.0) << what << " seed " << seed;
    EXPECT_LE(v, 100.0) << what << " seed " << seed;
  };
  auto unit = [&](double v, const char* what) {
    EXPECT_GE(v, 0.0) << what << " seed " << seed;
    EXPECT_LE(v, 1.0) << what << " seed " << seed;
  };
  ASSERT_EQ(a.cells_size(), 18);
  for (const auto& c : a.cells()) {
    score(c.score(), "cell");
    unit(c.coverage(), "cell coverage");
  }
  for (const auto& r : a.layers()) score(r.score(), "layer");
  for (const auto& r : a.components()) score(r.score(), "component");
  for (const auto& f : a.factors()) score(f.score(), "factor");
  for (const auto& m : a.measure_credits()) unit(m.credit(), "measure credit");
  score(a.questionnaire_score(), "questionnaire");
  score(a.signals_score(), "signals");
  score(a.overall_score(), "overall");
  score(a.template_points(), "points");
  unit(a.confidence(), "confidence");
  EXPECT_LE(a.overall_score(), a.questionnaire_score() + kEps) << seed;
  if (!a.knockouts().empty()) {
    EXPECT_LE(a.overall_score(), policy::DefaultPolicy().knockout_cap());
  }
}

// Every score of `hi` >= the same score of `lo` (or <= when `down`).
void ExpectOrdered(const v1::Assessment& lo, const v1::Assessment& hi, bool factors,
                   const std::string& what) {
  auto le = [&](double a, double b, const std::string& name) {
    EXPECT_LE(a, b + kEps) << what << ": " << name;
  };
  for (int i = 0; i < 18; ++i)
    le(lo.cells(i).score(), hi.cells(i).score(), absl::StrCat("cell ", i));
  for (int i = 0; i < lo.layers_size(); ++i)
    le(lo.layers(i).score(), hi.layers(i).score(), "layer");
  for (int i = 0; i < lo.components_size(); ++i) {
    le(lo.components(i).score(), hi.components(i).score(), "component");
  }
  le(lo.questionnaire_score(), hi.questionnaire_score(), "questionnaire");
  le(lo.overall_score(), hi.overall_score(), "overall");
  le(lo.template_points(), hi.template_points(), "points");
  std::map<std::string, double> credits;
  for (const auto& m : hi.measure_credits()) credits[m.measure_id()] = m.credit();
  for (const auto& m : lo.measure_credits()) {
    auto it = credits.find(m.measure_id());
    if (it != credits.end()) le(m.credit(), it->second, m.measure_id());
  }
  if (factors) {
    for (int i = 0; i < lo.factors_size(); ++i) {
      if (lo.factors(i).observed() && hi.factors(i).observed()) {
        le(lo.factors(i).score(), hi.factors(i).score(), "factor");
      }
    }
  }
}

TEST(PropertyTest, RandomSuppliers) {
  int better_checked = 0, signal_checked = 0;
  const int cases = CaseCount();
  for (uint32_t seed = 1; seed <= static_cast<uint32_t>(cases); ++seed) {
    RandomSupplier r = Generate(seed);
    const v1::Assessment a = ScoreIt(r);
    ExpectInBounds(a, seed);

    // Scoring twice: same bytes.
    ASSERT_EQ(ScoreIt(r).SerializeAsString(), a.SerializeAsString()) << seed;
    // Into an assessment reused across suppliers (it still holds the previous supplier's output,
    // whose memory is reused) and into one on an arena: same bytes.
    static v1::Assessment* const reused = new v1::Assessment();
    ASSERT_TRUE(ScoreSupplier(*F().model, InputOf(r), {}, reused).ok());
    ASSERT_EQ(reused->SerializeAsString(), a.SerializeAsString())
        << "reused assessment, seed " << seed;
    {
      google::protobuf::Arena arena;
      auto* on_arena = google::protobuf::Arena::CreateMessage<v1::Assessment>(&arena);
      ASSERT_TRUE(ScoreSupplier(*F().model, InputOf(r), {}, on_arena).ok());
      ASSERT_EQ(on_arena->SerializeAsString(), a.SerializeAsString())
          << "arena assessment, seed " << seed;
    }

    // Permutations of answers, evidence and signals: same bytes.
    std::mt19937 rng(seed * 7919u);
    RandomSupplier p = r;
    std::shuffle(p.response.mutable_answers()->begin(), p.response.mutable_answers()->end(), rng);
    for (auto& ans : *p.response.mutable_answers()) {
      std::shuffle(ans.mutable_evidence()->begin(), ans.mutable_evidence()->end(), rng);
    }
    std::shuffle(p.signals.begin(), p.signals.end(), rng);
    ASSERT_EQ(ScoreIt(p).SerializeAsString(), a.SerializeAsString())
        << "permutation, seed " << seed;

    // A better answer to one question.
    std::vector<int> candidates;
    for (int i = 0; i < r.response.answers_size(); ++i) {
      const auto& ans = r.response.answers(i);
      const int rank = r.ranks[ans.question_id()];
      const v1::Question* q = nullptr;
      for (const auto* x : F().questions) {
        if (x->id() == ans.question_id()) q = x;
      }
      if (rank >= 0 && q != nullptr && rank + 1 < Ranks(*q) && !F().gating.contains(q->id())) {
        candidates.push_back(i);
      }
    }
    if (!candidates.empty()) {
      const int i =
          candidates[std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(rng)];
      RandomSupplier b = r;
      auto* ans = b.response.mutable_answers(i);
      const v1::Question* q = nullptr;
      for (const auto* x : F().questions) {
        if (x->id() == ans->question_id()) q = x;
      }
      const int rank = r.ranks[ans->question_id()];
      const int better = std::uniform_int_distribution<int>(rank + 1, Ranks(*q) - 1)(rng);
      ans->clear_options();
      SetValue(*q, better, ans);
      ExpectOrdered(a, ScoreIt(b), /*factors=*/true,
                    absl::StrCat("better answer to ", q->id(), " seed ", seed));
      ++better_checked;
    }

    // A new open high-severity signal contradicting an answered question.
    const auto& [q, link] = F().contradicting[std::uniform_int_distribution<size_t>(
        0, F().contradicting.size() - 1)(rng)];
    RandomSupplier s = r;
    v1::Signal sig;
    sig.set_id(absl::StrCat("zz-new-", seed));
    sig.set_factor(link.factor());
    sig.set_issue_type(link.issue_type());
    sig.set_severity(std::uniform_int_distribution<int>(0, 1)(rng) == 0 ? v1::SEVERITY_HIGH
                                                                        : v1::SEVERITY_CRITICAL);
    sig.set_asset("new.example.jp");
    SetTs(kAsOf - absl::Hours(24 * 3), sig.mutable_observed_at());
    s.signals.push_back(sig);
    ExpectOrdered(ScoreIt(s), a, /*factors=*/true,
                  absl::StrCat("new signal ", link.issue_type(), " seed ", seed));
    ++signal_checked;
    if (HasFailure()) {
      ADD_FAILURE() << "first failing seed " << seed;
      return;
    }
  }
  EXPECT_GE(better_checked, cases * 9 / 10);
  EXPECT_EQ(signal_checked, cases);
  std::printf(
      "checked %d random suppliers: %d better-answer pairs, %d new-signal "
      "pairs\n",
      cases, better_checked, signal_checked);
}

// How lenient an outcome is: REJECT < APPROVE_WITH_CONDITIONS < APPROVE.
int Leniency(const v1::Assessment& a) {
  switch (a.decision().outcome()) {
    case v1::DECISION_OUTCOME_APPROVE:
      return 2;
    case v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS:
      return 1;
    default:
      return 0;
  }
}

// ExpectOrdered, plus the decision and the star readiness: `lo` is never more lenient and meets no
// star `hi` misses; and the signals score when both observed something.
void ExpectNoBetter(const v1::Assessment& lo, const v1::Assessment& hi, const std::string& what) {
  ExpectOrdered(lo, hi, /*factors=*/true, what);
  EXPECT_LE(Leniency(lo), Leniency(hi)) << what << ": decision";
  for (int i = 0; i < lo.stars_size() && i < hi.stars_size(); ++i) {
    EXPECT_TRUE(!lo.stars(i).met() || hi.stars(i).met()) << what << ": star " << lo.stars(i).star();
  }
  const auto observed = [](const v1::Assessment& a) {
    for (const auto& f : a.factors()) {
      if (f.observed()) return true;
    }
    return false;
  };
  if (observed(lo) && observed(hi)) {
    EXPECT_LE(lo.signals_score(), hi.signals_score() + kEps) << what << ": signals score";
  }
}

// Scores `r` if the engine accepts it; a refused input cannot score above anything.
bool ScoreIfAccepted(const RandomSupplier& r, v1::Assessment* a) {
  return ScoreSupplier(*F().model, InputOf(r), {}, a).ok();
}

v1::Answer* FindAnswer(RandomSupplier* r, const std::string& id) {
  for (auto& a : *r->response.mutable_answers()) {
    if (a.question_id() == id) return &a;
  }
  v1::Answer* a = r->response.add_answers();
  a->set_question_id(id);
  SetTs(kAsOf - absl::Hours(24 * 10), a->mutable_answered_at());
  return a;
}

void RemoveAnswer(RandomSupplier* r, const std::string& id) {
  auto* answers = r->response.mutable_answers();
  for (int i = 0; i < answers->size(); ++i) {
    if (answers->Get(i).question_id() == id) {
      answers->DeleteSubrange(i, 1);
      return;
    }
  }
}

// The honest worst answer: "no", the option or band of least credit.
void SetHonestWorst(const v1::Question& q, v1::Answer* a) {
  a->clear_value();
  a->clear_evidence();
  if (q.answer_type() == v1::ANSWER_TYPE_YES_NO) {
    a->set_yes_no(v1::YES_NO_NO);
  } else {
    SetValue(q, 0, a);
  }
}

void SetBest(const v1::Question& q, v1::Answer* a) {
  a->clear_value();
  SetValue(q, Ranks(q) - 1, a);
}

// The scored questions of the template, in template order: every one is tried across a run.
std::vector<const v1::Question*> ScoredQuestions() {
  std::vector<const v1::Question*> out;
  for (size_t i = 0; i < F().model->questions().size(); ++i) {
    const auto& info = F().model->questions()[i];
    if (info.scored && Ranks(*info.question) > 0) out.push_back(info.question);
  }
  return out;
}

// A supplier wanting a better grade than it deserves tries every alternative to its honest worst
// answer; none may score above it anywhere (cells, layers, components, questionnaire, overall,
// measures, factors, signals score, stars, decision).
void HonestyDominatesOn(const std::string& tmpl) {
  const std::vector<const v1::Question*> scored = ScoredQuestions();
  ASSERT_FALSE(scored.empty());
  const int cases = CaseCount();
  const int per_supplier = std::max<int>(3, (scored.size() + cases - 1) / cases);
  absl::flat_hash_set<std::string> tried;
  int pairs = 0;
  for (uint32_t seed = 1; seed <= static_cast<uint32_t>(cases); ++seed) {
    const RandomSupplier base = Generate(seed);
    std::mt19937 rng(seed * 104729u);
    for (int j = 0; j < per_supplier; ++j) {
      const v1::Question& q = *scored[((seed - 1) * per_supplier + j) % scored.size()];
      tried.insert(q.id());
      RandomSupplier honest = base;
      SetHonestWorst(q, FindAnswer(&honest, q.id()));
      const v1::Assessment h = ScoreIt(honest);
      const std::string at = absl::StrCat(q.id(), " seed ", seed, ": ");
      std::vector<std::pair<std::string, RandomSupplier>> alternatives;
      {
        RandomSupplier alt = honest;
        RemoveAnswer(&alt, q.id());
        alternatives.emplace_back("unanswered", alt);
      }
      if (q.answer_type() == v1::ANSWER_TYPE_YES_NO) {
        RandomSupplier alt = honest;
        FindAnswer(&alt, q.id())->set_yes_no(v1::YES_NO_UNKNOWN);
        alternatives.emplace_back("unknown", alt);
        alt = honest;
        FindAnswer(&alt, q.id())->set_yes_no(v1::YES_NO_NOT_APPLICABLE);
        alternatives.emplace_back("not applicable", alt);
      }
      if (q.answer_type() == v1::ANSWER_TYPE_DATE) {
        RandomSupplier alt = honest;
        FindAnswer(&alt, q.id())
            ->set_date(
                absl::FormatTime("%Y-%m-%d", kAsOf + absl::Hours(24 * 30), absl::UTCTimeZone()));
        alternatives.emplace_back("future date", alt);
      }
      if (q.answer_type() == v1::ANSWER_TYPE_MULTIPLE_CHOICE && q.options_size() > 0) {
        RandomSupplier alt = honest;
        auto* ids = FindAnswer(&alt, q.id())->mutable_options()->mutable_option_ids();
        ids->Clear();
        for (const auto& o : q.options()) {
          if (o.credit() > 0) {
            ids->Add(std::string(o.id()));
            ids->Add(std::string(o.id()));
            break;
          }
        }
        alternatives.emplace_back("repeated option", alt);
      }
      {
        // The best value, given after as_of: it did not exist then.
        RandomSupplier alt = honest;
        v1::Answer* a = FindAnswer(&alt, q.id());
        SetBest(q, a);
        SetTs(kAsOf + absl::Hours(24 * 2), a->mutable_answered_at());
        alternatives.emplace_back("answered after as_of", alt);
      }
      for (const auto& link : q.signal_links()) {
        if (link.relation() != v1::SIGNAL_RELATION_CONTRADICTS) continue;
        // The best value, disproved by an open observation, its follow-ups answered best.
        RandomSupplier alt = honest;
        SetBest(q, FindAnswer(&alt, q.id()));
        for (const auto* other : F().questions) {
          for (const auto& ref : questionnaire::ReferencedQuestions(other->condition())) {
            if (ref == q.id() && Ranks(*other) > 0) SetBest(*other, FindAnswer(&alt, other->id()));
          }
        }
        v1::Signal sig;
        sig.set_id(absl::StrCat("zz-disproves-", seed, "-", j));
        sig.set_factor(link.factor());
        sig.set_issue_type(link.issue_type());
        sig.set_severity(v1::SEVERITY_MEDIUM);
        // An asset the link covers: its first pattern with every '*' filled in.
        std::string asset =
            link.asset_patterns().empty() ? "host.example.jp" : link.asset_patterns(0);
        for (size_t star = asset.find('*'); star != std::string::npos; star = asset.find('*')) {
          asset.replace(star, 1, "x");
        }
        sig.set_asset(asset);
        SetTs(kAsOf - absl::Hours(24 * 2), sig.mutable_observed_at());
        alt.signals.push_back(sig);
        RandomSupplier honest_seen = honest;
        honest_seen.signals.push_back(sig);
        v1::Assessment lo;
        if (ScoreIfAccepted(alt, &lo)) {
          ExpectNoBetter(lo, ScoreIt(honest_seen), at + "disproved best answer with follow-ups");
          ++pairs;
        }
        break;
      }
      if (q.evidence().required()) {
        // Best value with an empty evidence entry against the same value with none.
        RandomSupplier plain = honest;
        v1::Answer* a = FindAnswer(&plain, q.id());
        SetBest(q, a);
        a->clear_evidence();
        RandomSupplier alt = plain;
        auto* e = FindAnswer(&alt, q.id())->add_evidence();
        e->set_kind(q.evidence().kinds_size() ? q.evidence().kinds(0) : v1::EVIDENCE_KIND_DOCUMENT);
        v1::Assessment lo;
        if (ScoreIfAccepted(alt, &lo)) {
          ExpectNoBetter(lo, ScoreIt(plain), at + "empty evidence");
          ++pairs;
        }
      }
      for (const auto& [name, alt] : alternatives) {
        v1::Assessment lo;
        if (!ScoreIfAccepted(alt, &lo)) continue;
        ExpectNoBetter(lo, h, at + name);
        ++pairs;
      }
      if (::testing::Test::HasFailure()) {
        ADD_FAILURE() << "first failing seed " << seed << " question " << q.id();
        return;
      }
    }
    (void)rng;
  }
  EXPECT_EQ(tried.size(), scored.size()) << "every scored question is tried";
  std::printf("honesty on %s: %d suppliers, %zu scored questions, %d alternative pairs\n",
              tmpl.c_str(), cases, tried.size(), pairs);
}

TEST(PropertyTest, HonestyDominates) { ForEachTemplate(HonestyDominatesOn); }

// Profile flags that hide sections: a false flag the scans or the engagement contradict never
// scores above the true flag with those sections left unanswered.
void ContradictedProfileFlagsDoNotPayOn(const std::string& tmpl) {
  const int cases = CaseCount();
  int pairs = 0;
  for (uint32_t seed = 1; seed <= static_cast<uint32_t>(cases); ++seed) {
    RandomSupplier r = Generate(seed);
    v1::Signal web;
    web.set_id(absl::StrCat("zz-web-", seed));
    web.set_factor(v1::FACTOR_APPLICATION_SECURITY);
    web.set_issue_type("waf_detected");
    web.set_severity(v1::SEVERITY_POSITIVE);
    web.set_asset("https://www.example.jp/");
    SetTs(kAsOf - absl::Hours(24), web.mutable_observed_at());
    r.signals.push_back(web);
    r.engagement.add_data_classes(v1::DATA_CLASS_PERSONAL);
    r.engagement.set_physical_or_ot(true);
    RandomSupplier liar = r, honest = r;
    liar.profile.set_has_website(false);
    liar.profile.set_handles_personal_data(false);
    liar.profile.set_operates_ot(false);
    honest.profile.set_has_website(true);
    honest.profile.set_handles_personal_data(true);
    honest.profile.set_operates_ot(true);
    // The honest supplier leaves the sections it now sees unanswered: the worst it can do there.
    ExpectNoBetter(ScoreIt(liar), ScoreIt(honest),
                   absl::StrCat(tmpl, ": contradicted profile flags, seed ", seed));
    ++pairs;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_EQ(pairs, cases);
}

TEST(PropertyTest, ContradictedProfileFlagsDoNotPay) {
  ForEachTemplate(ContradictedProfileFlagsDoNotPayOn);
}

// Point in time: inputs dated after as_of change no score.
TEST(PropertyTest, InputsAfterAsOfCountForNothing) {
  const int cases = CaseCount();
  for (uint32_t seed = 1; seed <= static_cast<uint32_t>(cases); ++seed) {
    const RandomSupplier r = Generate(seed);
    const v1::Assessment a = ScoreIt(r);
    std::mt19937 rng(seed * 15485863u);
    const std::string at = absl::StrCat(" seed ", seed);
    if (r.response.answers_size() > 0) {
      const int i = std::uniform_int_distribution<int>(0, r.response.answers_size() - 1)(rng);
      const std::string id = r.response.answers(i).question_id();
      RandomSupplier later = r, removed = r;
      SetTs(kAsOf + absl::Hours(24 * 400),
            later.response.mutable_answers(i)->mutable_answered_at());
      RemoveAnswer(&removed, id);
      const v1::Assessment x = ScoreIt(later), y = ScoreIt(removed);
      ExpectNoBetter(x, y, "answer after as_of vs none" + at);
      ExpectNoBetter(y, x, "none vs answer after as_of" + at);
    }
    {
      // A signal first seen after as_of, of any kind.
      RandomSupplier later = r;
      v1::Signal s =
          MakeSignal(rng, 999, v1::FACTOR_NETWORK_SECURITY, "exposed_rdp", v1::SEVERITY_HIGH);
      SetTs(kAsOf + absl::Hours(1), s.mutable_observed_at());
      s.clear_last_observed_at();
      s.clear_resolved_at();
      later.signals.push_back(s);
      const v1::Assessment x = ScoreIt(later);
      ExpectNoBetter(x, a, "signal after as_of" + at);
      ExpectNoBetter(a, x, "signal after as_of (reverse)" + at);
    }
    if (!r.signals.empty()) {
      // A resolution after as_of leaves the signal open at as_of.
      RandomSupplier resolved_later = r, open = r;
      const size_t k = std::uniform_int_distribution<size_t>(0, r.signals.size() - 1)(rng);
      SetTs(kAsOf + absl::Hours(24), resolved_later.signals[k].mutable_resolved_at());
      open.signals[k].clear_resolved_at();
      const v1::Assessment x = ScoreIt(resolved_later), y = ScoreIt(open);
      ExpectNoBetter(x, y, "resolved after as_of vs open" + at);
      ExpectNoBetter(y, x, "open vs resolved after as_of" + at);
    }
    if (HasFailure()) {
      ADD_FAILURE() << "first failing seed " << seed;
      return;
    }
  }
}

// Monotone in signals: a new open finding of any factor and kind (severe ones included) never
// raises a score nor makes the decision more lenient; resolving one never lowers any.
TEST(PropertyTest, MonotoneInObservations) {
  static const char* const kTypes[] = {
      "exposed_rdp",     "exposed_database",   "malware_infection",        "unpatched_cve",
      "tls_weak_cipher", "spf_record_missing", "leaked_admin_credentials", "issue_x"};
  const int cases = CaseCount();
  for (uint32_t seed = 1; seed <= static_cast<uint32_t>(cases); ++seed) {
    const RandomSupplier r = Generate(seed);
    const v1::Assessment a = ScoreIt(r);
    std::mt19937 rng(seed * 2654435761u);
    RandomSupplier more = r;
    const char* type = kTypes[std::uniform_int_distribution<int>(0, 7)(rng)];
    const auto factor = static_cast<v1::Factor>(std::uniform_int_distribution<int>(1, 7)(rng));
    v1::Signal s = MakeSignal(
        rng, 1000 + seed,
        absl::string_view(type) == "unpatched_cve" ? v1::FACTOR_PATCHING_CADENCE : factor, type,
        static_cast<v1::Severity>(std::uniform_int_distribution<int>(3, 6)(rng)));
    s.clear_resolved_at();
    s.set_id(absl::StrCat("zz-more-", seed));
    SetTs(kAsOf - absl::Hours(24 * std::uniform_int_distribution<int>(0, 300)(rng)),
          s.mutable_observed_at());
    SetTs(kAsOf, s.mutable_last_observed_at());
    more.signals.push_back(s);
    ExpectNoBetter(ScoreIt(more), a, absl::StrCat("new ", type, " seed ", seed));
    if (!r.signals.empty()) {
      RandomSupplier fixed = r;
      const size_t k = std::uniform_int_distribution<size_t>(0, r.signals.size() - 1)(rng);
      auto& sig = fixed.signals[k];
      // Only issues: a positive observation that stops being seen rightly stops counting.
      if (!sig.has_resolved_at() && sig.severity() >= v1::SEVERITY_LOW) {
        // Resolved now, after its last sighting.
        SetTs(kAsOf, sig.mutable_resolved_at());
        ExpectNoBetter(a, ScoreIt(fixed), absl::StrCat("resolving ", sig.id(), " seed ", seed));
      }
    }
    if (HasFailure()) {
      ADD_FAILURE() << "first failing seed " << seed;
      return;
    }
  }
}

}  // namespace
}  // namespace supplyrisk::scoring
