// Scoring cost against parsing cost, in the same run.
//
// Input: the shipped cpsf-supplier template, a supplier answering every question it is shown (all
// profile flags set, so every section is visible) and a history of 50 signals, some of them
// contradicting answers.
//
// BM_ScoreSupplier: prepared model (catalogue, template, readiness profiles
//   and policy indexed once), one supplier scored into a reused Assessment.
//   Everything per supplier is included: answers, visibility, signals,
//   discrepancies, compensation, aggregation, findings, stars, what-if
//   remediation ranking, decision and the SHA-256 input digest over the inputs' stored digests
//   (as the server scores: the store keeps each input's digest beside it).
// BM_ScoreSupplierComputingDigests: the same computing every input's digest from its message (as
//   the CLI and the library score).
// BM_ScoreSupplierDistinct: the same over 16 different suppliers in turn (own
//   response and signal copies, answer dates shifted), so nothing can hinge on
//   seeing the same input objects again.
// BM_ScoreSupplierFresh: a new heap Assessment each time (allocation and
//   destruction of the whole output included).
// BM_ScoreSupplierArena: a new Assessment on an arena each time.
// BM_PrepareAndScore: model preparation included (one-off scoring). BM_ParseSupplierInputs: parsing
// the same supplier's inputs from bytes
//   (response textproto + 50 JSONL signals).
// BM_ParseAllInputs: the above plus the template textproto.
// BM_ScoreSupplierBatch: BM_ScoreSupplier on every core at once, as a batch
//   rescoring of a supplier base runs it (wall time per supplier scored).
//
// What merely putting this same Assessment in memory and hashing these same inputs costs with the
// libraries the engine uses, measured in the same run (the "floor" benchmarks; a scorer that builds
// the output does at least the writing a copy does): BM_FloorCopyAssessment/0/0: the finished
// Assessment copied with protobuf's
//   CopyFrom into a cleared, reused heap Assessment.
// BM_FloorCopyAssessment/0/1: copied into a new Assessment on an arena whose
//   first block is reused (no message allocated with malloc).
// BM_FloorCopyAssessment/1/*: the same for the output cut to the least any
//   complete output holds: every free text removed (summaries, advice,
//   reason texts, claimed/observed texts, basis tags) and the per-measure
//   question and signal lists dropped, keeping the ids that findings,
//   discrepancies, reasons, stars and the plan cite, and the enums and
//   numbers.
// BM_FloorSerializeAssessment: the finished Assessment serialised, as the
//   service stores it.
// BM_FloorHashInputs: SHA-256 (OpenSSL) over as many bytes as the canonical
//   input encoding has, with nothing else done.
// At the end the ratios score/parse and the floors are printed.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "engine/catalog/catalog.h"
#include "engine/io/file_loaders.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/loader.h"
#include "engine/render/render.h"
#include "engine/scoring/digest.h"
#include "engine/scoring/input_text.h"
#include "engine/scoring/scorer.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

namespace supplyrisk::scoring {
namespace {

const absl::Time kAsOf = absl::FromUnixSeconds(1793491200);  // 2026-11-01

struct Inputs {
  std::string template_text, response_text, signals_jsonl;
  v1::Template tmpl, star3, star4;
  v1::SupplierProfile profile;
  v1::Response response;
  std::vector<v1::Signal> signals;
  v1::Engagement engagement;
  // The per-input digests, as the store keeps them beside each input and hands them to scoring.
  InputDigests digests;
  std::unique_ptr<ScoringModel> model;
  ModelInput model_input;
};

v1::Template Load(const std::string& path, std::string* text) {
  auto t = io::ReadFile(path);
  if (!t.ok()) {
    std::fprintf(stderr, "%s\n", std::string(t.status().message()).c_str());
    std::exit(1);
  }
  if (text != nullptr) *text = *t;
  auto loaded = questionnaire::ParseTemplateText(*t, path);
  if (!loaded.ok()) std::exit(1);
  return loaded.tmpl;
}

const Inputs& GetInputs() {
  static Inputs* const in = [] {
    auto* in = new Inputs();
    in->tmpl = Load("testdata/templates/cpsf-supplier.textproto", &in->template_text);
    in->star3 = Load("testdata/templates/scs-star3.textproto", nullptr);
    in->star4 = Load("testdata/templates/scs-star4.textproto", nullptr);
    auto& p = in->profile;
    p.set_has_website(true);
    p.set_operates_ot(true);
    p.set_supplies_iot_devices(true);
    p.set_uses_subcontractors(true);
    p.set_develops_software(true);
    p.set_uses_cloud_services(true);
    p.set_handles_personal_data(true);
    p.set_security_action_stars(2);
    in->response.set_name("suppliers/bench/responses/r1");
    in->response.set_template_id("cpsf-supplier");
    in->response.mutable_submitted_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * 30);
    int n = 0;
    for (const auto& s : in->tmpl.sections()) {
      for (const auto& q : s.questions()) {
        v1::Answer a;
        a.set_question_id(q.id());
        a.mutable_answered_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * (10 + n % 400));
        const bool good = (n++ % 5) != 0;
        switch (q.answer_type()) {
          case v1::ANSWER_TYPE_YES_NO:
            a.set_yes_no(good ? v1::YES_NO_YES : v1::YES_NO_PARTIAL);
            break;
          case v1::ANSWER_TYPE_SINGLE_CHOICE:
            a.set_option_id(q.options(good ? 0 : q.options_size() - 1).id());
            break;
          case v1::ANSWER_TYPE_MULTIPLE_CHOICE:
            a.mutable_options()->add_option_ids(q.options(0).id());
            a.mutable_options()->add_option_ids(q.options(1).id());
            break;
          case v1::ANSWER_TYPE_NUMBER:
            a.set_number(good ? 10 : 40);
            break;
          case v1::ANSWER_TYPE_DATE:
            a.set_date(good ? "2026-09-01" : "2025-06-01");
            break;
          case v1::ANSWER_TYPE_TEXT:
            a.set_text("notes");
            break;
          case v1::ANSWER_TYPE_SUBCONTRACTORS: {
            auto* e = a.mutable_subcontractors()->add_entries();
            e->set_company_name("Sub KK");
            e->set_access(v1::ACCESS_LEVEL_PORTAL);
            break;
          }
          default:
            continue;
        }
        if (q.evidence().required() && good) {
          auto* e = a.add_evidence();
          e->set_kind(q.evidence().kinds_size() ? q.evidence().kinds(0)
                                                : v1::EVIDENCE_KIND_DOCUMENT);
          e->set_uri(absl::StrCat("doc://bench/", q.id()));
        }
        *in->response.add_answers() = a;
      }
    }
    // 50 signals: half on issue types the template links to answers.
    std::vector<std::pair<v1::Factor, std::string>> types;
    for (const auto& s : in->tmpl.sections()) {
      for (const auto& q : s.questions()) {
        for (const auto& l : q.signal_links()) types.emplace_back(l.factor(), l.issue_type());
      }
    }
    for (int i = 0; i < 50; ++i) {
      v1::Signal s;
      s.set_id(absl::StrCat("bench-signal-", i));
      s.set_supplier("suppliers/bench");
      if (i % 2 == 0) {
        s.set_factor(types[(i * 7) % types.size()].first);
        s.set_issue_type(types[(i * 7) % types.size()].second);
      } else {
        s.set_factor(static_cast<v1::Factor>(1 + i % 7));
        s.set_issue_type(absl::StrCat("other_issue_", i % 9));
      }
      s.set_severity(static_cast<v1::Severity>(1 + i % 6));
      s.set_asset(absl::StrCat("host", i % 6, ".bench.example.jp"));
      s.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * (5 + i * 3));
      s.mutable_last_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * (i % 20));
      if (i % 5 == 0) {
        s.mutable_resolved_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * 2);
      }
      if (s.factor() == v1::FACTOR_PATCHING_CADENCE) {
        s.set_issue_type("unpatched_cve");
        s.set_cve(absl::StrCat("CVE-2026-", 1000 + i));
      }
      in->signals.push_back(s);
      std::string line;
      google::protobuf::util::MessageToJsonString(s, &line);
      absl::StrAppend(&in->signals_jsonl, line, "\n");
    }
    google::protobuf::TextFormat::PrintToString(in->response, &in->response_text);
    in->engagement.set_name("engagements/bench");
    in->engagement.set_access(v1::ACCESS_LEVEL_REMOTE);
    in->engagement.add_data_classes(v1::DATA_CLASS_CONFIDENTIAL);
    in->digests.profile = ProfileDigest(in->profile);
    in->digests.response = ResponseDigest(in->response);
    for (const auto& s : in->signals) in->digests.signals.push_back(SignalDigest(s));
    in->digests.engagement = EngagementDigest(in->engagement);
    in->model_input.catalog = &catalog::BuiltinCatalog();
    in->model_input.questionnaire = &in->tmpl;
    in->model_input.readiness = {&in->star3, &in->star4};
    in->model_input.policy = &policy::DefaultPolicy();
    auto m = ScoringModel::Create(in->model_input);
    if (!m.ok()) {
      std::fprintf(stderr, "%s\n", std::string(m.status().message()).c_str());
      std::exit(1);
    }
    in->model = *std::move(m);
    return in;
  }();
  return *in;
}

// String values (set singular strings and repeated elements) in a message.
int CountStrings(const google::protobuf::Message& m) {
  const auto* reflection = m.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  int n = 0;
  for (const auto* f : fields) {
    if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
      n += f->is_repeated() ? reflection->FieldSize(m, f) : 1;
    } else if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i)
          n += CountStrings(reflection->GetRepeatedMessage(m, f, i));
      } else {
        n += CountStrings(reflection->GetMessage(m, f));
      }
    }
  }
  return n;
}

SupplierInput Supplier(const Inputs& in) {
  SupplierInput s;
  s.profile = &in.profile;
  s.response = &in.response;
  s.signals = in.signals;
  s.engagement = &in.engagement;
  s.as_of = kAsOf;
  s.digests = &in.digests;
  return s;
}

void BM_ScoreSupplier(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const SupplierInput s = Supplier(in);
  v1::Assessment a;
  for (auto _ : state) {
    absl::Status st = ScoreSupplier(*in.model, s, {}, &a);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(a);
  }
  state.counters["findings"] = a.findings_size();
  state.counters["plan"] = a.remediation_plan_size();
  state.counters["discrepancies"] = a.discrepancies_size();
  // The size of what is produced and hashed, for reading the figure: the input digest hashes each
  // input's kind, name and stored digest (tagged, length-prefixed parts), not the inputs.
  state.counters["out_strings"] = CountStrings(a);
  state.counters["out_bytes"] = static_cast<double>(a.ByteSizeLong());
  double hashed = 0;
  for (const auto& input : a.inputs()) hashed += 3 * 9 + 1 + input.name().size() + 32;
  state.counters["digest_bytes"] = hashed;
}
BENCHMARK(BM_ScoreSupplier);

// The same without stored digests, as the CLI and the library score: every input's digest is
// computed from its message on every call.
void BM_ScoreSupplierComputingDigests(benchmark::State& state) {
  const Inputs& in = GetInputs();
  SupplierInput s = Supplier(in);
  s.digests = nullptr;
  v1::Assessment a;
  for (auto _ : state) {
    absl::Status st = ScoreSupplier(*in.model, s, {}, &a);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(a);
  }
  double hashed = 0;
  for (const auto& answer : in.response.answers()) hashed += 9 + answer.ByteSizeLong();
  for (const auto& signal : in.signals) hashed += 9 + signal.ByteSizeLong();
  state.counters["digest_bytes"] = hashed;
}
BENCHMARK(BM_ScoreSupplierComputingDigests);

// Every core scores its own suppliers with the one shared model.
void BM_ScoreSupplierBatch(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const SupplierInput s = Supplier(in);
  v1::Assessment a;
  for (auto _ : state) {
    absl::Status st = ScoreSupplier(*in.model, s, {}, &a);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScoreSupplierBatch)
    ->Threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())))
    ->UseRealTime();

// The bench supplier's finished assessment; with `ids_only`, cut as BM_FloorCopyAssessment/1
// describes.
v1::Assessment FinishedAssessment(bool ids_only) {
  const Inputs& in = GetInputs();
  v1::Assessment a;
  if (!ScoreSupplier(*in.model, Supplier(in), {}, &a).ok()) std::exit(1);
  if (!ids_only) return a;
  for (auto& m : *a.mutable_measure_credits()) {
    m.clear_basis();
    m.clear_question_ids();
    m.clear_signal_ids();
  }
  for (auto& d : *a.mutable_discrepancies()) {
    d.clear_claimed();
    d.clear_observed();
  }
  for (auto& f : *a.mutable_findings()) {
    f.clear_summary();
    f.clear_remediation();
  }
  for (auto& r : *a.mutable_remediation_plan()) r.clear_advice();
  for (auto& r : *a.mutable_decision()->mutable_reasons()) r.clear_text();
  for (auto& c : *a.mutable_decision()->mutable_conditions())
    c.mutable_remediation()->clear_advice();
  return a;
}

void BM_FloorCopyAssessment(benchmark::State& state) {
  const v1::Assessment a = FinishedAssessment(state.range(0) == 1);
  if (state.range(1) == 0) {
    // Into a reused heap Assessment: Clear() keeps the repeated elements and their strings, but
    // deletes the findings' texts and the decision, which CopyFrom then allocates again.
    v1::Assessment b = a;
    for (auto _ : state) {
      b.Clear();
      b.CopyFrom(a);
      benchmark::DoNotOptimize(b);
    }
  } else {
    // Into a new Assessment on an arena whose first block is reused: every message comes from the
    // block; strings over 15 bytes still use malloc.
    std::vector<char> block(1 << 20);
    google::protobuf::ArenaOptions options;
    options.initial_block = block.data();
    options.initial_block_size = block.size();
    for (auto _ : state) {
      google::protobuf::Arena arena(options);
      auto* b = google::protobuf::Arena::CreateMessage<v1::Assessment>(&arena);
      b->CopyFrom(a);
      benchmark::DoNotOptimize(b);
    }
  }
  state.counters["out_bytes"] = static_cast<double>(a.ByteSizeLong());
  state.counters["out_strings"] = CountStrings(a);
}
BENCHMARK(BM_FloorCopyAssessment)->Args({0, 0})->Args({0, 1})->Args({1, 0})->Args({1, 1});

void BM_FloorSerializeAssessment(benchmark::State& state) {
  const v1::Assessment a = FinishedAssessment(false);
  std::string bytes;
  for (auto _ : state) {
    bytes.clear();
    a.AppendToString(&bytes);
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(BM_FloorSerializeAssessment);

void BM_FloorHashInputs(benchmark::State& state) {
  const Inputs& in = GetInputs();
  // The supplier's answers and signals, serialised: the bulk of the canonical encoding the input
  // digest hashes.
  std::string bytes;
  for (const auto& answer : in.response.answers()) {
    bytes.append(9, 'A');
    answer.AppendToString(&bytes);
  }
  for (const auto& signal : in.signals) {
    bytes.append(9, 'S');
    signal.AppendToString(&bytes);
  }
  std::string buffer;
  for (auto _ : state) {
    Sha256 sha(&buffer);
    sha.Update(bytes);
    std::string digest = sha.Finish();
    benchmark::DoNotOptimize(digest);
  }
  state.counters["hashed_bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_FloorHashInputs);

void BM_ScoreSupplierDistinct(benchmark::State& state) {
  const Inputs& in = GetInputs();
  constexpr int kSuppliers = 16;
  std::vector<v1::Response> responses(kSuppliers, in.response);
  std::vector<std::vector<v1::Signal>> signals(kSuppliers, in.signals);
  for (int k = 0; k < kSuppliers; ++k) {
    responses[k].set_name(absl::StrCat("suppliers/bench", k, "/responses/r1"));
    for (auto& a : *responses[k].mutable_answers())
      a.mutable_answered_at()->set_seconds(a.answered_at().seconds() - 86400 * 7 * k);
    for (auto& sig : signals[k]) sig.set_id(absl::StrCat(sig.id(), "-", k));
  }
  std::vector<InputDigests> digests(kSuppliers, in.digests);
  std::vector<SupplierInput> suppliers;
  for (int k = 0; k < kSuppliers; ++k) {
    digests[k].response = ResponseDigest(responses[k]);
    digests[k].signals.clear();
    for (const auto& sig : signals[k]) digests[k].signals.push_back(SignalDigest(sig));
    SupplierInput s = Supplier(in);
    s.response = &responses[k];
    s.signals = signals[k];
    s.digests = &digests[k];
    suppliers.push_back(s);
  }
  v1::Assessment a;
  size_t k = 0;
  for (auto _ : state) {
    absl::Status st = ScoreSupplier(*in.model, suppliers[k], {}, &a);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(a);
    k = (k + 1) % suppliers.size();
  }
}
BENCHMARK(BM_ScoreSupplierDistinct);

void BM_ScoreSupplierFresh(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const SupplierInput s = Supplier(in);
  for (auto _ : state) {
    v1::Assessment a;
    absl::Status st = ScoreSupplier(*in.model, s, {}, &a);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_ScoreSupplierFresh);

// A new Assessment per supplier on an arena whose first block is reused, as a batch rescoring
// would: message objects and short strings come from the block, and the arena is released after
// each supplier.
void BM_ScoreSupplierArena(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const SupplierInput s = Supplier(in);
  std::vector<char> block(1 << 20);
  google::protobuf::ArenaOptions options;
  options.initial_block = block.data();
  options.initial_block_size = block.size();
  int findings = 0;
  for (auto _ : state) {
    google::protobuf::Arena arena(options);
    auto* a = google::protobuf::Arena::CreateMessage<v1::Assessment>(&arena);
    absl::Status st = ScoreSupplier(*in.model, s, {}, a);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(a);
    findings = a->findings_size();
  }
  state.counters["findings"] = findings;
}
BENCHMARK(BM_ScoreSupplierArena);

void BM_PrepareAndScore(benchmark::State& state) {
  const Inputs& in = GetInputs();
  ScoringInput input;
  input.model = in.model_input;
  input.supplier = Supplier(in);
  for (auto _ : state) {
    auto a = Score(input);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_PrepareAndScore);

void BM_ParseSupplierInputs(benchmark::State& state) {
  const Inputs& in = GetInputs();
  for (auto _ : state) {
    v1::Response r;
    absl::Status s = ParseTextProto(in.response_text, "response", &r);
    auto signals = ParseSignalsJsonl(in.signals_jsonl, "signals");
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(signals);
  }
}
BENCHMARK(BM_ParseSupplierInputs);

// Rendering the FULL view of the bench supplier's (BASIC) assessment: /0 Japanese, /1 English.
void BM_RenderFull(benchmark::State& state) {
  const v1::Assessment basic = FinishedAssessment(false);
  const auto lang = state.range(0) == 0 ? render::Language::kJa : render::Language::kEn;
  for (auto _ : state) {
    v1::Assessment a = basic;
    if (!render::RenderAssessment(*GetInputs().model, lang, &a).ok()) std::exit(1);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_RenderFull)->Arg(0)->Arg(1);

void BM_ParseAllInputs(benchmark::State& state) {
  const Inputs& in = GetInputs();
  for (auto _ : state) {
    auto t = questionnaire::ParseTemplateText(in.template_text, "template");
    v1::Response r;
    absl::Status s = ParseTextProto(in.response_text, "response", &r);
    auto signals = ParseSignalsJsonl(in.signals_jsonl, "signals");
    benchmark::DoNotOptimize(t);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(signals);
  }
}
BENCHMARK(BM_ParseAllInputs);

// Prints the ratios once every benchmark has run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.run_type == Run::RT_Iteration) {
        ns_[r.benchmark_name()] = r.GetAdjustedRealTime();
        cpu_[r.benchmark_name()] = r.GetAdjustedCPUTime();
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    // What is stored per assessment version (facts only), and the FULL view's size in Japanese.
    v1::Assessment full = FinishedAssessment(false);
    const size_t basic_bytes = full.ByteSizeLong();
    if (!render::RenderAssessment(*GetInputs().model, render::Language::kJa, &full).ok()) {
      std::exit(1);
    }
    std::printf("bench supplier assessment: %zu bytes serialized (BASIC, stored); FULL ja %zu\n",
                basic_bytes, full.ByteSizeLong());
    auto get = [&](const char* n) { return ns_.count(n) ? ns_[n] : 0.0; };
    const double score = get("BM_ScoreSupplier"), fresh = get("BM_ScoreSupplierFresh");
    const double parse = get("BM_ParseSupplierInputs"), parse_all = get("BM_ParseAllInputs");
    if (score > 0 && parse > 0) {
      std::printf(
          "\nscore one supplier: %.1f us (fresh Assessment %.1f us); parse its "
          "inputs: %.1f us "
          "(with template %.1f us)\nratio score/parse = %.2f (target <= 3), "
          "score/parse incl. "
          "template = %.3f; target score <= 20 us: %s\n",
          score / 1e3, fresh / 1e3, parse / 1e3, parse_all / 1e3, score / parse, score / parse_all,
          score / 1e3 <= 20 ? "met" : "NOT met");
      const double cpu_score = cpu_["BM_ScoreSupplier"], cpu_parse = cpu_["BM_ParseSupplierInputs"];
      if (cpu_parse > 0) {
        std::printf("by CPU time: score %.1f us, parse %.1f us, ratio %.2f\n", cpu_score / 1e3,
                    cpu_parse / 1e3, cpu_score / cpu_parse);
      }
      // The cheaper of the heap and the arena copy.
      auto cheaper = [&](const char* heap, const char* arena) {
        const double h = cpu_[heap], a = cpu_[arena];
        return h > 0 && a > 0 ? std::min(h, a) : std::max(h, a);
      };
      const double copy = cheaper("BM_FloorCopyAssessment/0/0", "BM_FloorCopyAssessment/0/1"),
                   copy_ids = cheaper("BM_FloorCopyAssessment/1/0", "BM_FloorCopyAssessment/1/1"),
                   serialize = cpu_["BM_FloorSerializeAssessment"],
                   hash = cpu_["BM_FloorHashInputs"];
      if (copy > 0 && hash > 0) {
        std::printf(
            "floor for this output (CPU): copy %.1f us + hash inputs %.1f us "
            "= %.1f us; least complete output: %.1f + %.1f = %.1f us; "
            "serialising it: %.1f us\n",
            copy / 1e3, hash / 1e3, (copy + hash) / 1e3, copy_ids / 1e3, hash / 1e3,
            (copy_ids + hash) / 1e3, serialize / 1e3);
      }
      for (const auto& [name, ns] : ns_) {
        if (name.rfind("BM_ScoreSupplierBatch", 0) == 0) {
          std::printf("batch on every core: %.1f us wall per supplier\n", ns / 1e3);
        }
      }
      const double cpu_distinct = cpu_["BM_ScoreSupplierDistinct"];
      if (cpu_distinct > 0 && cpu_parse > 0) {
        std::printf(
            "16 distinct suppliers in turn: %.1f us CPU, ratio to parse "
            "%.2f\n",
            cpu_distinct / 1e3, cpu_distinct / cpu_parse);
      }
    }
  }

 private:
  std::map<std::string, double> ns_, cpu_;
};

}  // namespace
}  // namespace supplyrisk::scoring

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  supplyrisk::scoring::GetInputs();
  supplyrisk::scoring::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
