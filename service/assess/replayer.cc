#include "service/assess/replayer.h"

#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/scoring/inputs.h"
#include "engine/scoring/scorer.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "service/assess/error_subject.h"
#include "service/assess/input_loader.h"

namespace supplyrisk::assess {
namespace {

using google::protobuf::util::MessageDifferencer;

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// A stored assessment with what it scored, loaded again.
struct Rescore {
  v1::Assessment stored;
  std::optional<v1::Engagement> engagement;
  LoadedInputs inputs;
};

std::string AssessmentName(absl::string_view supplier_id, absl::string_view assessment_id) {
  return names::Assessment(supplier_id, assessment_id);
}

absl::Status Precondition(absl::string_view name, absl::string_view what,
                          absl::string_view message) {
  return WithSubject(absl::FailedPreconditionError(message),
                     ErrorSubject{"assessment", std::string(name), std::string(what)});
}

bool DecidedAnEngagement(const v1::Assessment& a) {
  for (const v1::AssessmentInput& in : a.inputs()) {
    if (in.kind() == v1::ASSESSMENT_INPUT_KIND_ENGAGEMENT) return true;
  }
  return a.has_decision() && (a.decision().outcome() != v1::DECISION_OUTCOME_UNSPECIFIED ||
                              !a.decision().engagement().empty());
}

// The stored assessment, its engagement (when still stored) and its other inputs as of its as_of,
// with the server's model for them, which must be the assessment's model version.
absl::StatusOr<std::unique_ptr<Rescore>> LoadRescore(const AssessorDeps& deps,
                                                     absl::string_view tenant,
                                                     absl::string_view supplier_id,
                                                     absl::string_view assessment_id) {
  const std::string name = AssessmentName(supplier_id, assessment_id);
  absl::StatusOr<v1::Assessment> stored =
      deps.store->GetAssessment(tenant, supplier_id, assessment_id);
  if (!stored.ok()) return WithSubject(stored.status(), ErrorSubject{"assessment", name, ""});
  auto out = std::make_unique<Rescore>();
  out->stored = *std::move(stored);
  const std::string& engagement = out->stored.decision().engagement();
  if (DecidedAnEngagement(out->stored) && engagement.empty()) {
    // An inline engagement is kept in the assessment itself (older assessments did not keep it).
    if (!out->stored.has_inline_engagement()) {
      return Precondition(name, "INLINE_ENGAGEMENT",
                          absl::StrCat(name,
                                       " decided an inline engagement it does not keep, so its "
                                       "inputs cannot be loaded again"));
    }
    out->engagement = out->stored.inline_engagement();
  }
  if (!engagement.empty()) {
    const std::string id = names::ParseTopLevel(names::kEngagements, engagement).value_or("");
    absl::StatusOr<v1::Engagement> e = deps.store->GetEngagement(tenant, id);
    if (e.ok()) {
      out->engagement = *std::move(e);
    } else if (!absl::IsNotFound(e.status())) {
      return e.status();
    }
    // A deleted engagement is an input removed since: scored without it, the replay shows that.
  }
  absl::StatusOr<LoadedInputs> inputs =
      LoadInputs(deps, tenant, supplier_id, ToTime(out->stored.as_of()),
                 out->engagement.has_value() ? &*out->engagement : nullptr);
  if (!inputs.ok()) return inputs.status();
  out->inputs = *std::move(inputs);
  const std::string& running = out->inputs.model->model->model_version();
  if (running != out->stored.model_version()) {
    return Precondition(name, "MODEL_VERSION",
                        absl::StrCat(name, " was scored with model version ",
                                     out->stored.model_version(), "; this server runs ", running));
  }
  return out;
}

std::string TextOf(const google::protobuf::Message& m, const google::protobuf::FieldDescriptor* f,
                   int index) {
  std::string out;
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetUseUtf8StringEscaping(true);
  printer.PrintFieldValueToString(m, f, index, &out);
  return out;
}

// Keeps the first difference MessageDifferencer reports.
class FirstDifference : public MessageDifferencer::Reporter {
 public:
  void ReportAdded(const google::protobuf::Message&, const google::protobuf::Message& message2,
                   const std::vector<MessageDifferencer::SpecificField>& path) override {
    Keep(path, nullptr, &message2);
  }
  void ReportDeleted(const google::protobuf::Message& message1, const google::protobuf::Message&,
                     const std::vector<MessageDifferencer::SpecificField>& path) override {
    Keep(path, &message1, nullptr);
  }
  void ReportModified(const google::protobuf::Message& message1,
                      const google::protobuf::Message& message2,
                      const std::vector<MessageDifferencer::SpecificField>& path) override {
    Keep(path, &message1, &message2);
  }

  bool found = false;
  std::string path, stored, replayed;

 private:
  // `stored` and `replayed` are the top-level messages; the path leads to the field.
  void Keep(const std::vector<MessageDifferencer::SpecificField>& fields,
            const google::protobuf::Message* stored_root,
            const google::protobuf::Message* replayed_root) {
    if (found || fields.empty()) return;
    found = true;
    std::vector<std::string> parts;
    for (const auto& f : fields) {
      if (f.field == nullptr) {
        parts.push_back(absl::StrCat("(unknown ", f.unknown_field_number, ")"));
        continue;
      }
      const int index = f.index >= 0 ? f.index : f.new_index;
      parts.push_back(f.field->is_repeated() && index >= 0
                          ? absl::StrCat(f.field->name(), "[", index, "]")
                          : f.field->name());
    }
    path = absl::StrJoin(parts, ".");
    stored = ValueAt(stored_root, fields, /*replayed=*/false);
    replayed = ValueAt(replayed_root, fields, /*replayed=*/true);
  }

  // The value at the end of `fields` in `root`, as text; empty when absent.
  static std::string ValueAt(const google::protobuf::Message* root,
                             const std::vector<MessageDifferencer::SpecificField>& fields,
                             bool replayed) {
    const google::protobuf::Message* m = root;
    for (size_t i = 0; m != nullptr && i < fields.size(); ++i) {
      const auto& f = fields[i];
      if (f.field == nullptr) return "";
      const int index = replayed ? f.new_index : f.index;
      const auto* r = m->GetReflection();
      if (f.field->is_repeated()) {
        if (index < 0 || index >= r->FieldSize(*m, f.field)) return "";
      } else if (f.field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE &&
                 !r->HasField(*m, f.field)) {
        return "";
      }
      if (i + 1 == fields.size()) return TextOf(*m, f.field, f.field->is_repeated() ? index : -1);
      if (f.field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) return "";
      m = f.field->is_repeated() ? &r->GetRepeatedMessage(*m, f.field, index)
                                 : &r->GetMessage(*m, f.field);
    }
    return "";
  }
};

void Change(const v1::AssessmentInput* recorded, const v1::AssessmentInput* current,
            v1::InputChangeKind kind, std::vector<v1::InputChange>* out) {
  const v1::AssessmentInput& any = recorded != nullptr ? *recorded : *current;
  v1::InputChange& c = out->emplace_back();
  c.set_kind(any.kind());
  c.set_name(any.name());
  c.set_change(kind);
  if (recorded != nullptr) c.set_recorded_digest(absl::BytesToHexString(recorded->digest()));
  if (current != nullptr) c.set_current_digest(absl::BytesToHexString(current->digest()));
}

std::string Describe(const v1::InputChange& c) {
  const std::string what =
      absl::StrCat(v1::AssessmentInputKind_Name(c.kind()).substr(22), " \"", c.name(), "\"");
  switch (c.change()) {
    case v1::INPUT_CHANGE_KIND_REMOVED:
      return absl::StrCat(what, " is no longer stored");
    case v1::INPUT_CHANGE_KIND_ADDED:
      return absl::StrCat(what, " was not scored (stored since)");
    default:
      return absl::StrCat(what, " changed (digest ", c.recorded_digest().substr(0, 12), "… is now ",
                          c.current_digest().substr(0, 12), "…)");
  }
}

}  // namespace

std::vector<v1::InputChange> Replayer::ChangedInputs(const v1::Assessment& stored,
                                                     const v1::Assessment& replayed) {
  // Grouped by (kind, name): a name may repeat (one signal id under two issue types), and then the
  // group's digests are compared as a whole.
  using Key = std::pair<int, std::string>;
  std::map<Key, std::pair<std::vector<const v1::AssessmentInput*>,
                          std::vector<const v1::AssessmentInput*>>>
      groups;
  for (const auto& in : stored.inputs()) groups[{in.kind(), in.name()}].first.push_back(&in);
  for (const auto& in : replayed.inputs()) groups[{in.kind(), in.name()}].second.push_back(&in);
  std::vector<v1::InputChange> out;
  for (const auto& [key, sides] : groups) {
    const auto& [then, now] = sides;
    bool same = then.size() == now.size();
    for (size_t i = 0; same && i < then.size(); ++i) {
      same = then[i]->digest() == now[i]->digest();
    }
    if (same) continue;
    if (now.empty()) {
      for (const auto* in : then) Change(in, nullptr, v1::INPUT_CHANGE_KIND_REMOVED, &out);
    } else if (then.empty()) {
      for (const auto* in : now) Change(nullptr, in, v1::INPUT_CHANGE_KIND_ADDED, &out);
    } else {
      Change(then.front(), now.front(), v1::INPUT_CHANGE_KIND_CHANGED, &out);
    }
  }
  return out;
}

absl::StatusOr<ReplayReport> Replayer::Replay(absl::string_view tenant,
                                              absl::string_view supplier_id,
                                              absl::string_view assessment_id) const {
  absl::StatusOr<std::unique_ptr<Rescore>> loaded =
      LoadRescore(deps_, tenant, supplier_id, assessment_id);
  if (!loaded.ok()) return loaded.status();
  Rescore& r = **loaded;
  const v1::Engagement* engagement = r.engagement.has_value() ? &*r.engagement : nullptr;
  const scoring::SupplierInput input = r.inputs.Input(engagement);
  ReplayReport report;
  report.model_version = r.stored.model_version();
  absl::Status scored = scoring::ScoreSupplier(*r.inputs.model->model, input, {}, &report.replayed);
  if (!scored.ok()) return scored;
  // What the Assessor and the store add to the engine's assessment.
  AddServiceFacts(r.inputs, engagement, &report.replayed);
  report.replayed.set_name(r.stored.name());
  report.identical = SerializeDeterministic(report.replayed) == SerializeDeterministic(r.stored);
  report.changed_inputs = ChangedInputs(r.stored, report.replayed);
  if (report.identical) return report;
  FirstDifference first;
  MessageDifferencer differ;
  differ.ReportDifferencesTo(&first);
  differ.Compare(r.stored, report.replayed);
  if (first.found) {
    report.first_difference = first.path;
    report.stored_value = first.stored;
    report.replayed_value = first.replayed;
  } else {
    // Equal messages with other bytes: only unknown fields or serialisation can differ.
    report.first_difference = "(bytes)";
  }
  return report;
}

absl::StatusOr<v1::Explanation> Replayer::Explain(absl::string_view tenant,
                                                  absl::string_view supplier_id,
                                                  absl::string_view assessment_id,
                                                  absl::string_view target) const {
  absl::StatusOr<std::unique_ptr<Rescore>> loaded =
      LoadRescore(deps_, tenant, supplier_id, assessment_id);
  if (!loaded.ok()) return loaded.status();
  Rescore& r = **loaded;
  const v1::Engagement* engagement = r.engagement.has_value() ? &*r.engagement : nullptr;
  const scoring::SupplierInput input = r.inputs.Input(engagement);
  // The inputs' digests decide whether these are the inputs scored, without scoring again.
  v1::Assessment now;
  scoring::RecordInputs(r.inputs.model->model->model_digest(), input, &now);
  if (now.input_digest() != r.stored.input_digest()) {
    std::vector<v1::InputChange> changes = ChangedInputs(r.stored, now);
    std::vector<std::string> said;
    for (const auto& c : changes) said.push_back(Describe(c));
    if (said.empty()) said.push_back("its input digest was computed another way");
    return Precondition(r.stored.name(), "INPUT_CHANGED",
                        absl::StrCat("the inputs of ", r.stored.name(),
                                     " are no longer the ones scored, so its scores cannot be "
                                     "explained: ",
                                     absl::StrJoin(said, "; ")));
  }
  return scoring::Explain(*r.inputs.model->model, input, target);
}

}  // namespace supplyrisk::assess
