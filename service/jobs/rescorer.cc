#include "service/jobs/rescorer.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/policy/policy.h"
#include "service/assess/error_subject.h"

namespace supplyrisk::jobs {
namespace {

constexpr int kMaxErrorSamples = 20;
constexpr int kMaxGradeChanges = 1000;
constexpr int kListPage = 1000;

// A supplier id from "suppliers/{id}"; empty (which fails to score, and is counted) for a name
// of another form.
std::string IdOf(absl::string_view name) { return names::ParseSupplier(name).value_or(""); }

// Every supplier id of one index listing, in order.
absl::Status ListAll(store::Store* store, absl::string_view tenant, const store::SupplierQuery& q,
                     const store::Snapshot* snapshot, std::set<std::string>* out) {
  std::string token;
  do {
    absl::StatusOr<store::Page<store::SupplierRecord>> page =
        store->ListSuppliers(tenant, q, {kListPage, token}, snapshot);
    if (!page.ok()) return page.status();
    for (const auto& rec : page->items) out->insert(IdOf(rec.supplier.name()));
    token = page->next_page_token;
  } while (!token.empty());
  return absl::OkStatus();
}

// What one supplier's rescoring came to.
struct Outcome {
  std::string id;
  absl::StatusOr<v1::Assessment> assessment = absl::UnknownError("not scored");
  std::string from_grade;
  double from_score = 0;
};

// The Assessor's refusal of a supplier with no response submitted by the as_of.
bool IsNoResponse(const absl::Status& st) {
  if (!absl::IsFailedPrecondition(st)) return false;
  std::optional<assess::ErrorSubject> subject = assess::SubjectOf(st);
  return subject.has_value() && subject->precondition == "RESPONSE";
}

}  // namespace

absl::StatusOr<RescoreState> Rescorer::StateOf(const v1::Job& job) {
  RescoreState state;
  if (!state.ParseFromString(job.result())) {
    return absl::DataLossError(absl::StrCat(job.name(), ": stored rescoring state does not parse"));
  }
  return state;
}

bool Rescorer::Overlaps(const RescoreSpec& a, const RescoreSpec& b) {
  if (a.dry_run() || b.dry_run()) return false;  // a dry run writes nothing to overlap with
  const bool a_grade = !a.dirty_only() && !a.grade().empty();
  const bool b_grade = !b.dirty_only() && !b.grade().empty();
  return !(a_grade && b_grade && a.grade() != b.grade());
}

absl::StatusOr<std::optional<v1::Job>> Rescorer::FindOverlapping(absl::string_view tenant,
                                                                 const RescoreSpec& spec) const {
  std::string token;
  do {
    absl::StatusOr<store::Page<v1::Job>> page = store_->ListJobs(tenant, {kListPage, token});
    if (!page.ok()) return page.status();
    for (const v1::Job& job : page->items) {
      if (job.kind() != kRescoreJobKind) continue;
      if (job.state() != v1::JOB_STATE_PENDING && job.state() != v1::JOB_STATE_RUNNING) continue;
      RescoreSpec other;
      if (!other.ParseFromString(job.request())) {
        return absl::DataLossError(absl::StrCat(job.name(), ": stored request does not parse"));
      }
      if (Overlaps(spec, other)) return std::optional<v1::Job>(job);
    }
    token = page->next_page_token;
  } while (!token.empty());
  return std::optional<v1::Job>();
}

absl::StatusOr<v1::Job> Rescorer::Start(absl::string_view tenant, absl::string_view actor,
                                        const RescoreSpec& spec, absl::string_view job_id) const {
  v1::Job job;
  job.set_kind(std::string(kRescoreJobKind));
  job.set_state(v1::JOB_STATE_PENDING);
  job.set_request(spec.SerializeAsString());
  store::MutationContext ctx;
  ctx.actor = std::string(actor);
  return store_->CreateJob(tenant, job_id, job, ctx);
}

absl::StatusOr<std::vector<std::string>> Rescorer::SelectDirty(absl::string_view tenant,
                                                               absl::Time as_of) const {
  std::unique_ptr<store::Snapshot> snapshot = store_->GetSnapshot();
  std::set<std::string> chosen;
  store::SupplierQuery q;
  q.index = store::SupplierIndex::kDirty;
  absl::Status st = ListAll(store_, tenant, q, snapshot.get(), &chosen);
  if (!st.ok()) return st;
  q.index = store::SupplierIndex::kReviewDue;
  q.due_by = as_of;
  st = ListAll(store_, tenant, q, snapshot.get(), &chosen);
  if (!st.ok()) return st;
  // A changed supplier changes the chains it is part of: its contractors, theirs, and so on up to
  // the depth chains are followed to.
  std::vector<std::string> frontier(chosen.begin(), chosen.end());
  for (int depth = 0; depth < options_.contractor_depth && !frontier.empty(); ++depth) {
    std::vector<std::string> next;
    for (const std::string& id : frontier) {
      std::string token;
      do {
        absl::StatusOr<store::Page<v1::Relationship>> page =
            store_->ListContractors(tenant, id, {kListPage, token}, snapshot.get());
        if (!page.ok()) return page.status();
        for (const v1::Relationship& rel : page->items) {
          std::string from = IdOf(rel.from_supplier());
          if (chosen.insert(from).second) next.push_back(std::move(from));
        }
        token = page->next_page_token;
      } while (!token.empty());
    }
    frontier = std::move(next);
  }
  return std::vector<std::string>(chosen.begin(), chosen.end());
}

absl::StatusOr<std::vector<std::string>> Rescorer::NextPage(absl::string_view tenant,
                                                            const RescoreSpec& spec,
                                                            RescoreState* state) const {
  std::vector<std::string> ids;
  const int n = std::max(1, options_.page_size);
  if (spec.dirty_only()) {
    const int64_t from = state->next_target();
    const int64_t to = std::min<int64_t>(from + n, state->targets_size());
    for (int64_t i = from; i < to; ++i) ids.push_back(state->targets(static_cast<int>(i)));
    state->set_next_target(to);
    if (to >= state->targets_size()) state->set_finished(true);
  } else {
    store::SupplierQuery q;
    if (!spec.grade().empty()) {
      q.index = store::SupplierIndex::kGrade;
      q.grade = spec.grade();
    }
    absl::StatusOr<store::Page<store::SupplierRecord>> page =
        store_->ListSuppliers(tenant, q, {n, state->page_token()});
    if (!page.ok()) return page.status();
    for (const auto& rec : page->items) ids.push_back(IdOf(rec.supplier.name()));
    state->set_page_token(page->next_page_token);
    state->set_total(state->total() + static_cast<int64_t>(ids.size()));
    if (page->next_page_token.empty()) state->set_finished(true);
  }
  return ids;
}

void Rescorer::ScorePage(absl::string_view tenant, absl::string_view actor,
                         const assess::Assessor& assessor, bool dry_run,
                         const std::vector<std::string>& ids, RescoreState* state) const {
  const absl::Time as_of = absl::FromUnixMicros(state->as_of_micros());
  std::vector<Outcome> outcomes(ids.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < ids.size(); i = next.fetch_add(1)) {
      Outcome& o = outcomes[i];
      o.id = ids[i];
      // The standing before this job: the summary's latest, unless this job already stored one
      // (a resumed page), when history says what came before it.
      absl::StatusOr<store::SupplierSummary> sum = store_->GetSupplierSummary(tenant, o.id);
      if (!sum.ok()) {
        o.assessment = sum.status();
        continue;
      }
      if (sum->has_assessment() && sum->latest_as_of_micros() < state->as_of_micros()) {
        o.from_grade = sum->grade();
        o.from_score = sum->overall_score();
      } else if (sum->has_assessment()) {
        absl::StatusOr<std::vector<store::ScorePoint>> trend =
            store_->ScoreTrend(tenant, o.id, absl::InfinitePast(), as_of);
        if (!trend.ok()) {
          o.assessment = trend.status();
          continue;
        }
        if (!trend->empty()) {
          o.from_grade = trend->back().grade;
          o.from_score = trend->back().overall_score;
        }
      }
      assess::AssessRequest request;
      request.tenant = tenant;
      request.actor = actor;
      request.supplier_id = o.id;
      request.as_of = as_of;
      if (!dry_run) {
        o.assessment = assessor.Assess(request);
        // Nothing to score before a response is submitted, and that submission marks it again:
        // the mark goes, so the supplier is not picked up by every dirty-only run until then.
        if (IsNoResponse(o.assessment.status())) {
          absl::Status cleared = store_->ClearDirtyMark(tenant, o.id, sum->dirty_generation(),
                                                        as_of, {std::string(actor)});
          if (!cleared.ok()) o.assessment = cleared;
        }
        continue;
      }
      // What a real run would make of it: a confirmation when the facts equal the latest's (and
      // the latest is not after as_of), a new version otherwise.
      absl::StatusOr<assess::Evaluation> evaluated = assessor.Evaluate(request);
      if (!evaluated.ok()) {
        o.assessment = evaluated.status();
        continue;
      }
      o.assessment = std::move(evaluated->assessment);
      const bool same = sum->has_assessment() && !sum->latest_facts_digest().empty() &&
                        sum->latest_facts_digest() == evaluated->bookkeeping.facts_digest &&
                        sum->latest_as_of_micros() <= state->as_of_micros();
      if (same) *o.assessment->mutable_confirm_time() = o.assessment->as_of();
    }
  };
  const int threads = std::max(1, std::min<int>(options_.threads, static_cast<int>(ids.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  for (const Outcome& o : outcomes) {
    state->set_done(state->done() + 1);
    if (!o.assessment.ok()) {
      const absl::Status& st = o.assessment.status();
      // No submitted response: nothing to score yet, reported apart from failures.
      if (IsNoResponse(st)) {
        state->set_not_scored(state->not_scored() + 1);
        continue;
      }
      state->set_failed(state->failed() + 1);
      if (state->error_samples_size() < kMaxErrorSamples) {
        state->add_error_samples(absl::StrCat(names::Supplier(o.id), ": ", st.ToString()));
      }
      continue;
    }
    const v1::Assessment& a = *o.assessment;
    if (a.has_confirm_time()) {
      state->set_unchanged(state->unchanged() + 1);
    } else {
      state->set_changed(state->changed() + 1);
    }
    if (a.grade() != o.from_grade) {
      state->set_grade_changes_total(state->grade_changes_total() + 1);
      if (state->grade_changes_size() < kMaxGradeChanges) {
        GradeChange* g = state->add_grade_changes();
        g->set_supplier(names::Supplier(o.id));
        g->set_from_grade(o.from_grade);
        g->set_to_grade(a.grade());
        g->set_from_score(o.from_score);
        g->set_to_score(a.overall_score());
      }
    }
  }
}

absl::Status Rescorer::Run(absl::string_view tenant, absl::string_view actor,
                           absl::string_view job_id) const {
  absl::StatusOr<v1::Job> job = store_->GetJob(tenant, job_id);
  if (!job.ok()) return job.status();
  if (job->kind() != kRescoreJobKind) {
    return absl::FailedPreconditionError(absl::StrCat(job->name(), " is not a rescoring"));
  }
  if (job->state() != v1::JOB_STATE_PENDING && job->state() != v1::JOB_STATE_RUNNING) {
    return absl::FailedPreconditionError(absl::StrCat(job->name(), " has ended"));
  }
  RescoreSpec spec;
  if (!spec.ParseFromString(job->request())) {
    return absl::DataLossError(absl::StrCat(job->name(), ": stored request does not parse"));
  }
  // Under another policy: an Assessor of its own, with a model cache of its own (models are cached
  // by policy version, which the other policy may share).
  v1::ScoringPolicy policy;
  assess::ModelCache models;
  std::optional<assess::Assessor> own;
  if (!spec.policy().empty()) {
    absl::Status usable = !spec.dry_run()
                              ? absl::FailedPreconditionError("another policy is for dry runs only")
                          : !policy.ParseFromString(spec.policy())
                              ? absl::DataLossError("the stored policy does not parse")
                              : policy::ValidatePolicy(policy);
    if (!usable.ok()) {
      // Nothing can be scored under it: the job ends here, saying why, so that it neither waits
      // to be resumed nor holds back the tenant's next rescoring.
      v1::Job failed = *job;
      failed.set_state(v1::JOB_STATE_FAILED);
      failed.set_error(absl::StrCat("policy: ", usable.message()));
      store::MutationContext ctx;
      ctx.actor = std::string(actor);
      absl::Status ended = store_->UpdateJob(tenant, job_id, failed, job->etag(), ctx).status();
      return ended.ok() ? usable : ended;
    }
    assess::AssessorDeps deps = assessor_->deps();
    deps.policy = &policy;
    deps.models = &models;
    own.emplace(std::move(deps));
  }
  const assess::Assessor& assessor = own.has_value() ? *own : *assessor_;
  absl::StatusOr<RescoreState> state = StateOf(*job);
  if (!state.ok()) return state.status();
  store::MutationContext ctx;
  ctx.actor = std::string(actor);
  // Writes the state; false when the job was cancelled meanwhile (the run stops).
  auto checkpoint = [&](v1::JobState job_state) -> absl::StatusOr<bool> {
    v1::Job next = *job;
    next.set_state(job_state);
    next.set_result(state->SerializeAsString());
    next.set_progress(state->total() > 0 && !state->finished()
                          ? std::min(1.0, static_cast<double>(state->done()) / state->total())
                          : (state->finished() ? 1.0 : 0.0));
    absl::StatusOr<v1::Job> written = store_->UpdateJob(tenant, job_id, next, job->etag(), ctx);
    if (store::IsEtagMismatch(written.status())) {
      absl::StatusOr<v1::Job> now = store_->GetJob(tenant, job_id);
      if (!now.ok()) return now.status();
      if (now->state() == v1::JOB_STATE_CANCELLED) return false;
      return written.status();
    }
    if (!written.ok()) return written.status();
    *job = *std::move(written);
    return true;
  };
  if (state->as_of_micros() == 0) {
    state->set_as_of_micros(absl::ToUnixMicros(options_.clock()));
  }
  if (spec.dirty_only() && !state->selected()) {
    absl::StatusOr<std::vector<std::string>> targets =
        SelectDirty(tenant, absl::FromUnixMicros(state->as_of_micros()));
    if (!targets.ok()) return targets.status();
    for (std::string& id : *targets) state->add_targets(std::move(id));
    state->set_selected(true);
    state->set_total(state->targets_size());
    if (targets->empty()) state->set_finished(true);
  }
  absl::StatusOr<bool> going = checkpoint(v1::JOB_STATE_RUNNING);
  if (!going.ok()) return going.status();
  while (*going && !state->finished()) {
    if (options_.stopping && options_.stopping()) return absl::OkStatus();
    absl::StatusOr<std::vector<std::string>> ids = NextPage(tenant, spec, &*state);
    if (!ids.ok()) return ids.status();
    ScorePage(tenant, actor, assessor, spec.dry_run(), *ids, &*state);
    going = checkpoint(v1::JOB_STATE_RUNNING);
    if (!going.ok()) return going.status();
    if (options_.after_page && !options_.after_page(*state)) return absl::OkStatus();
  }
  if (!*going) return absl::OkStatus();  // cancelled
  going = checkpoint(v1::JOB_STATE_SUCCEEDED);
  return going.ok() ? absl::OkStatus() : going.status();
}

}  // namespace supplyrisk::jobs
