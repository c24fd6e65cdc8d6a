#include "service/store/recorded_assessment.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/key_codec.h"
#include "service/store/record_io.h"
#include "service/store/schema.h"
#include "service/store/validation.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::store {
namespace {

constexpr absl::string_view kConfirmationsSegment = "/confirmations/";
constexpr absl::string_view kLatestChanged = "the latest assessment changed; store a new version";

}  // namespace

std::string ConfirmationName(absl::string_view supplier_id, absl::string_view assessment_id,
                             int64_t as_of_micros) {
  return absl::StrCat(names::Assessment(supplier_id, assessment_id), kConfirmationsSegment,
                      as_of_micros);
}

bool ParseRecordedName(absl::string_view resource, RecordedName* out) {
  *out = RecordedName();
  size_t at = resource.find(kConfirmationsSegment);
  absl::string_view version = resource;
  if (at != absl::string_view::npos) {
    version = resource.substr(0, at);
    absl::string_view micros = resource.substr(at + kConfirmationsSegment.size());
    if (micros.empty() || !absl::SimpleAtoi(micros, &out->as_of_micros)) return false;
    out->confirmation = true;
  }
  return names::ParseSupplierChild(names::kAssessments, version, &out->supplier_id,
                                   &out->assessment_id);
}

absl::StatusOr<std::string> ReadRecorded(Txn& txn, const std::string& resource) {
  RecordedName name;
  if (!ParseRecordedName(resource, &name)) {
    return absl::DataLossError(
        absl::StrCat("idempotency record names \"", resource, "\", not an assessment"));
  }
  std::string micros;
  absl::StatusOr<bool> found =
      txn.Get(kIdxAssessmentId, Key(txn.tenant, name.supplier_id, name.assessment_id), &micros);
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
  absl::string_view in = micros;
  int64_t as_of = 0;
  if (!ConsumeInt64(&in, &as_of)) {
    return absl::DataLossError(absl::StrCat("index entry of ", resource, " is bad"));
  }
  std::string value;
  found = txn.Get(kAssessments,
                  AssessmentKey(txn.tenant, name.supplier_id, as_of, name.assessment_id), &value);
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
  if (!name.confirmation) return value;
  std::string confirmation;
  found =
      txn.Get(kConfirmations,
              ConfirmationKey(txn.tenant, name.supplier_id, name.assessment_id, name.as_of_micros),
              &confirmation);
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
  supplyrisk::v1::Assessment a;
  if (!a.ParseFromString(value)) return absl::DataLossError("stored assessment does not parse");
  *a.mutable_confirm_time() = MicrosTs(name.as_of_micros);
  return SerializeDeterministic(a);
}

absl::Status LatestChangedError() { return absl::AbortedError(kLatestChanged); }

bool IsLatestChanged(const absl::Status& status) {
  return absl::IsAborted(status) && status.message() == kLatestChanged;
}

}  // namespace supplyrisk::store
