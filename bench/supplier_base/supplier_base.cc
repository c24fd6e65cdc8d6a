#include "bench/supplier_base/supplier_base.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace supplyrisk::supplier_base {
namespace {

constexpr int64_t kDay = 86400;

// SplitMix64: small, fast and the same everywhere, unlike the standard library's distributions,
// so a seed names one base on every platform.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream, uint64_t index)
      : state_(seed * 0x9E3779B97F4A7C15ULL ^ (stream << 40) ^ (index * 0xD1B54A32D192ED03ULL)) {
    Next();
  }
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Between(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Uniform in [0, n); 0 when n <= 0.
  int64_t Below(int64_t n) {
    return n <= 0 ? 0 : static_cast<int64_t>(Uniform() * static_cast<double>(n));
  }
  bool Chance(double p) { return Uniform() < p; }
  // Index into `weights` drawn in proportion to them.
  template <size_t N>
  int Pick(const std::array<double, N>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double u = Uniform() * total;
    for (size_t i = 0; i < N; ++i) {
      if (u < weights[i]) return static_cast<int>(i);
      u -= weights[i];
    }
    return static_cast<int>(N - 1);
  }

 private:
  uint64_t state_;
};

enum Stream : uint64_t { kProfileStream = 1, kAnswerStream, kSignalStream, kRelationStream };

void SetTime(google::protobuf::Timestamp* ts, int64_t unix_seconds) {
  ts->set_seconds(unix_seconds);
}

// Whether a question's condition holds for the profile. Conditions on other answers count as
// holding: a supplier that cannot tell answers anyway, and the engine decides visibility.
bool ProfileAllows(const v1::Condition& c, const v1::SupplierProfile& p) {
  switch (c.test_case()) {
    case v1::Condition::kProfile: {
      bool value = false;
      switch (c.profile().flag()) {
        case v1::PROFILE_FLAG_HANDLES_PERSONAL_DATA:
          value = p.handles_personal_data();
          break;
        case v1::PROFILE_FLAG_HAS_WEBSITE:
          value = p.has_website();
          break;
        case v1::PROFILE_FLAG_OPERATES_OT:
          value = p.operates_ot();
          break;
        case v1::PROFILE_FLAG_SUPPLIES_IOT_DEVICES:
          value = p.supplies_iot_devices();
          break;
        case v1::PROFILE_FLAG_USES_SUBCONTRACTORS:
          value = p.uses_subcontractors();
          break;
        case v1::PROFILE_FLAG_DEVELOPS_SOFTWARE:
          value = p.develops_software();
          break;
        case v1::PROFILE_FLAG_USES_CLOUD_SERVICES:
          value = p.uses_cloud_services();
          break;
        default:
          return true;
      }
      return value == c.profile().value();
    }
    case v1::Condition::kAll:
      for (const auto& sub : c.all().conditions()) {
        if (!ProfileAllows(sub, p)) return false;
      }
      return true;
    case v1::Condition::kAny:
      for (const auto& sub : c.any().conditions()) {
        if (ProfileAllows(sub, p)) return true;
      }
      return c.any().conditions_size() == 0;
    case v1::Condition::kNot:
      // Only a profile test can be negated with certainty.
      return c.not_().test_case() != v1::Condition::kProfile || !ProfileAllows(c.not_(), p);
    default:
      return true;
  }
}

// How mature a supplier's security is, 0-1: a few weak, most middling, a quarter strong.
double Maturity(Rng& rng) {
  switch (rng.Pick(std::array<double, 3>{0.15, 0.60, 0.25})) {
    case 0:
      return rng.Between(0.15, 0.40);
    case 1:
      return rng.Between(0.45, 0.80);
    default:
      return rng.Between(0.80, 0.97);
  }
}

v1::Supplier MakeSupplier(const std::string& id, int64_t index, Rng& rng) {
  static constexpr std::array<const char*, 8> kIndustries = {
      "manufacturing", "logistics", "software", "it_services",
      "construction",  "retail",    "finance",  "healthcare"};
  v1::Supplier s;
  s.mutable_display_name()->set_en(absl::StrCat("Generated Supplier ", index));
  s.mutable_display_name()->set_ja(absl::StrCat("生成サプライヤー", index, "株式会社"));
  s.add_domains(absl::StrCat(id, ".example.jp"));
  s.set_size(
      static_cast<v1::CompanySize>(1 + rng.Pick(std::array<double, 4>{0.35, 0.35, 0.22, 0.08})));
  s.set_industry(kIndustries[rng.Below(kIndustries.size())]);
  v1::SupplierProfile* p = s.mutable_profile();
  p->set_has_website(rng.Chance(0.9));
  p->set_handles_personal_data(rng.Chance(0.6));
  p->set_operates_ot(rng.Chance(0.15));
  p->set_supplies_iot_devices(rng.Chance(0.1));
  p->set_uses_subcontractors(rng.Chance(0.5));
  p->set_develops_software(rng.Chance(0.35));
  p->set_uses_cloud_services(rng.Chance(0.75));
  p->set_security_action_stars(rng.Pick(std::array<double, 3>{0.4, 0.35, 0.25}));
  return s;
}

// One answer of a supplier of maturity m; false when it leaves the question unanswered.
bool MakeAnswer(const v1::Question& q, const v1::SupplierProfile& profile, double m,
                int64_t answered_at, Rng& rng, v1::Answer* a) {
  if (rng.Chance(0.01 + 0.06 * (1 - m))) return false;
  a->set_question_id(q.id());
  SetTime(a->mutable_answered_at(), answered_at);
  // Answers are stamped when they are saved, to the microsecond.
  a->mutable_answered_at()->set_nanos(static_cast<int32_t>(rng.Below(1000000)) * 1000);
  bool positive = rng.Chance(m);
  switch (q.answer_type()) {
    case v1::ANSWER_TYPE_YES_NO:
      if (q.allow_not_applicable() && rng.Chance(0.06)) {
        a->set_yes_no(v1::YES_NO_NOT_APPLICABLE);
        positive = false;
      } else if (positive) {
        a->set_yes_no(v1::YES_NO_YES);
      } else {
        static constexpr std::array<v1::YesNo, 3> kOther = {v1::YES_NO_PARTIAL, v1::YES_NO_NO,
                                                            v1::YES_NO_UNKNOWN};
        a->set_yes_no(kOther[rng.Pick(std::array<double, 3>{0.45, 0.45, 0.10})]);
      }
      break;
    case v1::ANSWER_TYPE_SINGLE_CHOICE:
      if (q.options_size() == 0) return false;
      a->set_option_id(q.options(positive ? 0 : rng.Below(q.options_size())).id());
      break;
    case v1::ANSWER_TYPE_MULTIPLE_CHOICE:
      if (q.options_size() == 0) return false;
      for (const auto& o : q.options()) {
        if (rng.Chance(positive ? 0.7 : 0.3)) a->mutable_options()->add_option_ids(o.id());
      }
      break;
    case v1::ANSWER_TYPE_NUMBER: {
      if (q.bands_size() == 0) {
        a->set_number(static_cast<double>(rng.Below(100)));
        break;
      }
      int best = 0;
      for (int b = 1; b < q.bands_size(); ++b) {
        if (q.bands(b).credit() > q.bands(best).credit()) best = b;
      }
      const v1::NumberBand& band = q.bands(positive ? best : rng.Below(q.bands_size()));
      double value = 0;
      if (band.has_min() && band.has_max()) {
        value = (band.min() + band.max()) / 2;
      } else if (band.has_min()) {
        value = band.min() + 1;
      } else if (band.has_max()) {
        value = std::max(0.0, band.max() - 1);
      }
      a->set_number(std::floor(value));
      break;
    }
    case v1::ANSWER_TYPE_DATE: {
      const int64_t days = positive ? rng.Below(300) : 300 + rng.Below(900);
      a->set_date(absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(answered_at - days * kDay),
                                   absl::UTCTimeZone()));
      break;
    }
    case v1::ANSWER_TYPE_TEXT:
      a->set_text(positive ? "documented; reviewed yearly" : "in preparation");
      break;
    case v1::ANSWER_TYPE_SUBCONTRACTORS: {
      if (!profile.uses_subcontractors()) {
        a->mutable_subcontractors();
        break;
      }
      const int64_t n = 1 + rng.Below(3);
      for (int64_t k = 0; k < n; ++k) {
        auto* e = a->mutable_subcontractors()->add_entries();
        e->set_company_name(absl::StrCat("Subcontractor ", rng.Below(100000), " KK"));
        e->set_access(static_cast<v1::AccessLevel>(1 + rng.Below(4)));
      }
      break;
    }
    default:
      return false;
  }
  // Strong suppliers attach what is asked for; weak ones often claim without it.
  if (positive && q.evidence().required() && rng.Chance(0.3 + 0.65 * m)) {
    v1::Evidence* e = a->add_evidence();
    e->set_kind(q.evidence().kinds_size() > 0 ? q.evidence().kinds(0) : v1::EVIDENCE_KIND_DOCUMENT);
    e->set_uri(absl::StrCat("doc://evidence/", q.id()));
  }
  return true;
}

std::optional<v1::Response> MakeResponse(const SupplierBaseSpec& spec,
                                         const v1::Template& questionnaire,
                                         const v1::SupplierProfile& profile, double m, Rng& rng) {
  // One supplier in twelve has not answered yet.
  if (rng.Chance(1.0 / 12)) return std::nullopt;
  const int64_t now = absl::ToUnixSeconds(spec.as_of);
  // Most answered within the ten months; a quarter 300-420 days ago (half of them are past the
  // usual 365-day validity), a few long ago.
  int64_t age_days = 0;
  switch (rng.Pick(std::array<double, 3>{0.70, 0.25, 0.05})) {
    case 0:
      age_days = 5 + rng.Below(295);
      break;
    case 1:
      age_days = 300 + rng.Below(120);
      break;
    default:
      age_days = 420 + rng.Below(280);
      break;
  }
  // At any time of day; answers in the month before. (Scans, below, run daily at the base's time
  // of day, so a signal's age in days moves only at that time.)
  const int64_t submitted = now - age_days * kDay - rng.Below(kDay);
  v1::Response r;
  r.set_template_id(questionnaire.id());
  r.set_template_revision(questionnaire.revision());
  r.set_state(v1::RESPONSE_STATE_SUBMITTED);
  SetTime(r.mutable_submitted_at(), submitted);
  for (const auto& section : questionnaire.sections()) {
    if (!ProfileAllows(section.condition(), profile)) continue;
    for (const auto& q : section.questions()) {
      if (!ProfileAllows(q.condition(), profile)) continue;
      v1::Answer a;
      if (MakeAnswer(q, profile, m, submitted - rng.Below(30 * kDay), rng, &a)) {
        *r.add_answers() = std::move(a);
      }
    }
  }
  return r;
}

struct IssueType {
  v1::Factor factor;
  const char* issue;
};
constexpr std::array<IssueType, 12> kScanIssues = {{
    {v1::FACTOR_PATCHING_CADENCE, "unpatched_cve"},
    {v1::FACTOR_NETWORK_SECURITY, "exposed_rdp"},
    {v1::FACTOR_NETWORK_SECURITY, "open_telnet"},
    {v1::FACTOR_DNS_HEALTH, "spf_record_missing"},
    {v1::FACTOR_DNS_HEALTH, "dmarc_missing"},
    {v1::FACTOR_DNS_HEALTH, "dnssec_missing"},
    {v1::FACTOR_APPLICATION_SECURITY, "tls_weak_protocol"},
    {v1::FACTOR_APPLICATION_SECURITY, "missing_hsts"},
    {v1::FACTOR_ENDPOINT_SECURITY, "outdated_os"},
    {v1::FACTOR_IP_REPUTATION, "botnet_activity"},
    {v1::FACTOR_LEAKED_CREDENTIALS, "leaked_credentials"},
    {v1::FACTOR_PATCHING_CADENCE, "eol_software"},
}};

std::vector<v1::Signal> MakeSignals(const SupplierBaseSpec& spec, const v1::Template& questionnaire,
                                    const std::string& id, double m, Rng& rng) {
  std::vector<const v1::SignalLink*> links;
  for (const auto& section : questionnaire.sections()) {
    for (const auto& q : section.questions()) {
      for (const auto& l : q.signal_links()) links.push_back(&l);
    }
  }
  const int64_t now = absl::ToUnixSeconds(spec.as_of);
  // A weaker supplier shows more issues: exponential with mean 1 + 6 (1 - m), at most 40.
  const double mean = 1 + 6 * (1 - m);
  const int n = std::min(40, static_cast<int>(-std::log(1 - rng.Uniform()) * mean));
  std::vector<v1::Signal> out;
  out.reserve(n);
  for (int k = 0; k < n; ++k) {
    v1::Signal s;
    s.set_id(absl::StrCat(id, "-sig", k));
    // Half on issue types the questionnaire links to answers, so some contradict a "yes".
    if (!links.empty() && rng.Chance(0.5)) {
      const v1::SignalLink* l = links[rng.Below(static_cast<int64_t>(links.size()))];
      s.set_factor(l->factor());
      s.set_issue_type(l->issue_type());
    } else {
      const IssueType& t = kScanIssues[rng.Below(kScanIssues.size())];
      s.set_factor(t.factor);
      s.set_issue_type(t.issue);
    }
    s.set_severity(static_cast<v1::Severity>(
        2 + rng.Pick(std::array<double, 5>{0.10, 0.25, 0.35, 0.22, 0.08})));
    s.set_asset(rng.Chance(0.5) ? absl::StrCat(id, ".example.jp")
                                : absl::StrCat("www.", id, ".example.jp"));
    s.set_source("synthetic-scan");
    if (s.factor() == v1::FACTOR_PATCHING_CADENCE && rng.Chance(0.7)) {
      s.set_cve(absl::StrFormat("CVE-20%02d-%05d", 20 + rng.Below(7), 1000 + rng.Below(50000)));
    }
    const int64_t observed = now - (1 + rng.Below(400)) * kDay;
    SetTime(s.mutable_observed_at(), observed);
    int64_t last = observed + rng.Below(std::max<int64_t>(1, (now - observed) / kDay)) * kDay;
    // Stronger suppliers fix more, and sooner.
    if (rng.Chance(0.35 + 0.5 * m)) {
      const int64_t resolved =
          observed + (1 + rng.Below(static_cast<int64_t>(90 * (1.2 - m)))) * kDay;
      if (resolved < now) {
        SetTime(s.mutable_resolved_at(), resolved);
        last = std::min(last, resolved);
      }
    }
    SetTime(s.mutable_last_observed_at(), last);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<v1::Engagement> MakeEngagement(const std::string& id, const v1::Supplier& supplier,
                                             Rng& rng) {
  if (!rng.Chance(0.3)) return std::nullopt;
  v1::Engagement e;
  e.set_supplier(absl::StrCat("suppliers/", id));
  e.set_title(absl::StrCat("Contract with ", supplier.display_name().en()));
  e.set_criticality(
      static_cast<v1::Criticality>(1 + rng.Pick(std::array<double, 4>{0.35, 0.40, 0.20, 0.05})));
  e.set_access(static_cast<v1::AccessLevel>(
      1 + rng.Pick(std::array<double, 5>{0.30, 0.35, 0.20, 0.10, 0.05})));
  e.add_data_classes(v1::DATA_CLASS_INTERNAL);
  if (rng.Chance(0.4)) e.add_data_classes(v1::DATA_CLASS_CONFIDENTIAL);
  if (supplier.profile().handles_personal_data() && rng.Chance(0.5)) {
    e.add_data_classes(v1::DATA_CLASS_PERSONAL);
  }
  e.set_outage_unacceptable(rng.Chance(0.1));
  e.set_physical_or_ot(supplier.profile().operates_ot() && rng.Chance(0.5));
  return e;
}

}  // namespace

std::string SupplierId(int64_t index) { return absl::StrFormat("g%07d", index); }

absl::Status ValidateSpec(const SupplierBaseSpec& spec) {
  if (spec.tenant.empty()) return absl::InvalidArgumentError("tenant: required");
  if (spec.suppliers < 1 || spec.suppliers > kMaxSuppliers) {
    return absl::InvalidArgumentError(
        absl::StrCat("suppliers: must be 1 to ", kMaxSuppliers, ", got ", spec.suppliers));
  }
  const int64_t pairs = spec.suppliers * (spec.suppliers - 1) / 4;
  const int64_t most = std::min(spec.suppliers * kMaxRelationshipsPerSupplier, pairs);
  if (spec.relationships < 0 || spec.relationships > most) {
    return absl::InvalidArgumentError(absl::StrCat("relationships: must be 0 to ", most, " for ",
                                                   spec.suppliers, " suppliers, got ",
                                                   spec.relationships));
  }
  if (spec.writers < 1 || spec.writers > 64) {
    return absl::InvalidArgumentError("writers: must be 1 to 64");
  }
  if (spec.batch < 1 || spec.batch > 10000) {
    return absl::InvalidArgumentError("batch: must be 1 to 10000");
  }
  return absl::OkStatus();
}

GeneratedSupplier GenerateSupplier(const SupplierBaseSpec& spec, const v1::Template& questionnaire,
                                   int64_t index) {
  GeneratedSupplier g;
  g.id = SupplierId(index);
  Rng profile_rng(spec.seed, kProfileStream, static_cast<uint64_t>(index));
  g.supplier = MakeSupplier(g.id, index, profile_rng);
  const double m = Maturity(profile_rng);
  g.engagement = MakeEngagement(g.id, g.supplier, profile_rng);
  Rng answer_rng(spec.seed, kAnswerStream, static_cast<uint64_t>(index));
  g.response = MakeResponse(spec, questionnaire, g.supplier.profile(), m, answer_rng);
  Rng signal_rng(spec.seed, kSignalStream, static_cast<uint64_t>(index));
  g.signals = MakeSignals(spec, questionnaire, g.id, m, signal_rng);
  return g;
}

std::vector<std::pair<std::string, v1::Relationship>> GenerateRelationships(
    const SupplierBaseSpec& spec) {
  std::vector<std::pair<std::string, v1::Relationship>> out;
  out.reserve(static_cast<size_t>(spec.relationships));
  absl::flat_hash_set<std::pair<int64_t, int64_t>> seen;
  Rng rng(spec.seed, kRelationStream, 0);
  const int64_t n = spec.suppliers;
  const int64_t start = absl::ToUnixSeconds(spec.as_of);
  while (static_cast<int64_t>(out.size()) < spec.relationships) {
    // Contractors skew to the first suppliers; a subcontractor is any later one, so chains run
    // down through several levels and never loop.
    const double u = rng.Uniform();
    const int64_t from = std::min(n - 2, static_cast<int64_t>(u * u * static_cast<double>(n)));
    const int64_t to = from + 1 + rng.Below(n - from - 1);
    if (!seen.insert({from, to}).second) continue;
    v1::Relationship r;
    r.set_from_supplier(absl::StrCat("suppliers/", SupplierId(from)));
    r.set_to_supplier(absl::StrCat("suppliers/", SupplierId(to)));
    r.add_services(rng.Chance(0.5) ? "maintenance" : "development");
    r.add_data_classes(rng.Chance(0.3) ? v1::DATA_CLASS_CONFIDENTIAL : v1::DATA_CLASS_INTERNAL);
    r.set_access(static_cast<v1::AccessLevel>(
        1 + rng.Pick(std::array<double, 5>{0.30, 0.35, 0.25, 0.07, 0.03})));
    r.set_source(v1::RELATIONSHIP_SOURCE_DECLARED);
    r.set_confidence(1);
    r.set_verified(rng.Chance(0.3));
    SetTime(r.mutable_start_time(), start - (30 + rng.Below(1500)) * kDay);
    out.emplace_back(absl::StrFormat("rel%07d", out.size()), std::move(r));
  }
  return out;
}

namespace {

// Writes suppliers [begin, end): one batch of creates, their responses, one signal import and
// their engagements.
absl::Status WriteChunk(store::Store* store, const v1::Template& questionnaire,
                        const SupplierBaseSpec& spec, int64_t begin, int64_t end,
                        SupplierBaseStats* stats) {
  store::MutationContext ctx{spec.actor};
  std::vector<GeneratedSupplier> chunk;
  std::vector<std::pair<std::string, v1::Supplier>> creates;
  for (int64_t i = begin; i < end; ++i) {
    chunk.push_back(GenerateSupplier(spec, questionnaire, i));
    creates.emplace_back(chunk.back().id, chunk.back().supplier);
  }
  if (auto st = store->CreateSuppliers(spec.tenant, creates, ctx); !st.ok()) return st.status();
  std::vector<store::SupplierSignals> imports;
  for (GeneratedSupplier& g : chunk) {
    ++stats->suppliers;
    if (g.response) {
      auto st = store->CreateResponse(spec.tenant, g.id, "r1", *g.response, ctx);
      if (!st.ok()) return st.status();
      ++stats->responses;
      stats->answers += g.response->answers_size();
    }
    if (g.engagement) {
      auto st = store->CreateEngagement(spec.tenant, absl::StrCat("e", g.id), *g.engagement, ctx);
      if (!st.ok()) return st.status();
      ++stats->engagements;
    }
    stats->signals += static_cast<int64_t>(g.signals.size());
    for (const v1::Signal& s : g.signals) stats->resolved_signals += s.has_resolved_at() ? 1 : 0;
    if (!g.signals.empty()) imports.push_back({g.id, std::move(g.signals)});
  }
  if (!imports.empty()) {
    if (auto st = store->ImportSignalsForSuppliers(spec.tenant, imports, ctx); !st.ok()) {
      return st.status();
    }
  }
  return absl::OkStatus();
}

void Add(const SupplierBaseStats& from, SupplierBaseStats* to) {
  to->suppliers += from.suppliers;
  to->responses += from.responses;
  to->answers += from.answers;
  to->signals += from.signals;
  to->resolved_signals += from.resolved_signals;
  to->engagements += from.engagements;
  to->relationships += from.relationships;
}

// Runs work(begin, end, stats) over [0, total) in chunks of `batch` on `writers` threads; the
// first error stops every thread.
absl::Status InParallel(
    int writers, int64_t total, int64_t batch, SupplierBaseStats* stats,
    const std::function<absl::Status(int64_t, int64_t, SupplierBaseStats*)>& work,
    const std::function<void(int64_t)>& progress) {
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> finished{0};
  std::mutex mu;
  absl::Status first_error;
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&] {
      SupplierBaseStats local;
      while (!failed.load()) {
        const int64_t begin = next.fetch_add(batch);
        if (begin >= total) break;
        const int64_t end = std::min(total, begin + batch);
        absl::Status st = work(begin, end, &local);
        if (!st.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          if (first_error.ok()) first_error = st;
          failed = true;
          break;
        }
        const int64_t done = finished.fetch_add(end - begin) + (end - begin);
        if (progress) {
          std::lock_guard<std::mutex> lock(mu);
          progress(done);
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      Add(local, stats);
    });
  }
  for (auto& t : threads) t.join();
  return first_error;
}

}  // namespace

absl::StatusOr<SupplierBaseStats> WriteSupplierBase(store::Store* store,
                                                    const v1::Template& questionnaire,
                                                    const SupplierBaseSpec& spec,
                                                    const std::function<void(int64_t)>& progress) {
  if (absl::Status st = ValidateSpec(spec); !st.ok()) return st;
  SupplierBaseStats stats;
  absl::Status st = InParallel(
      spec.writers, spec.suppliers, spec.batch, &stats,
      [&](int64_t begin, int64_t end, SupplierBaseStats* local) {
        return WriteChunk(store, questionnaire, spec, begin, end, local);
      },
      progress);
  if (!st.ok()) return st;
  const std::vector<std::pair<std::string, v1::Relationship>> relationships =
      GenerateRelationships(spec);
  store::MutationContext ctx{spec.actor};
  st = InParallel(
      spec.writers, static_cast<int64_t>(relationships.size()), spec.batch, &stats,
      [&](int64_t begin, int64_t end, SupplierBaseStats* local) {
        for (int64_t k = begin; k < end; ++k) {
          const auto& [id, r] = relationships[static_cast<size_t>(k)];
          auto created = store->CreateRelationship(spec.tenant, id, r, ctx);
          if (!created.ok()) return created.status();
          ++local->relationships;
        }
        return absl::OkStatus();
      },
      nullptr);
  if (!st.ok()) return st;
  return stats;
}

}  // namespace supplyrisk::supplier_base
