#ifndef SUPPLYRISK_SERVICE_API_VALIDATION_H_
#define SUPPLYRISK_SERVICE_API_VALIDATION_H_

// Request validation. Each function adds every problem it finds to `violations`, with the field
// path from the request's root (`prefix`), and never stops at the first one. Functions taking a
// mutable message also canonicalise it (e.g. domains to IDNA A-labels) so that what is stored is
// the canonical form.

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "engine/validation/inputs.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "service/api/errors.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::api {

// The checks of scoring inputs every entry point shares (the CLI runs them too) live in the
// engine; FieldViolations is an engine Violations, so they add to a request's list directly. Times
// are checked against `limits` (the server's clock and its --clock_skew).
using validation::CheckPastTimestamp;
using validation::CheckText;
using validation::CheckTimestamp;
using validation::kDefaultClockSkew;
using validation::ParseName;
using validation::TimeLimits;
using validation::ValidateAnswers;
using validation::ValidateEngagement;
using validation::ValidateResponse;
using validation::ValidateSignal;
using validation::ValidResourceId;

// Checks `id` and adds a violation when it is not valid; an empty id is allowed when `optional`
// (the server generates one).
void CheckResourceId(absl::string_view field, absl::string_view id, bool optional,
                     FieldViolations* violations);

// Parses "suppliers/{s}/<collection>/{id}".
bool ParseChildName(absl::string_view field, absl::string_view name, absl::string_view collection,
                    std::string* supplier_id, std::string* id, FieldViolations* violations);

// request_id: empty or a UUID (8-4-4-4-12 hex).
void CheckRequestId(absl::string_view field, absl::string_view request_id,
                    FieldViolations* violations);

// A page size that is not negative.
void CheckPageSize(absl::string_view field, int page_size, FieldViolations* violations);

// An update's mask (AIP-134): required, and each path one of `updatable`; a path of `fixed` is
// refused with its reason (why the field cannot change). Violations name "update_mask" and
// "update_mask.paths[i]".
void CheckUpdateMask(const google::protobuf::FieldMask& mask,
                     const absl::flat_hash_set<std::string>& updatable,
                     const absl::flat_hash_map<std::string, std::string>& fixed,
                     FieldViolations* violations);

// Display name (ja or en set), identifiers, domains (canonicalised), size, industry, profile.
// `name`/`etag` are output fields and ignored.
void ValidateSupplier(absl::string_view prefix, v1::Supplier* supplier,
                      FieldViolations* violations);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_VALIDATION_H_
