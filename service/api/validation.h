#ifndef SUPPLYRISK_SERVICE_API_VALIDATION_H_
#define SUPPLYRISK_SERVICE_API_VALIDATION_H_

// Request validation. Each function adds every problem it finds to `violations`, with the field
// path from the request's root (`prefix`), and never stops at the first one. Functions taking a
// mutable message also canonicalise it (e.g. domains to IDNA A-labels) so that what is stored is
// the canonical form.

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"
#include "service/api/errors.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::api {

// Final segment of a resource name: 1-63 of [a-z0-9-], starting with a letter or digit, not ending
// with '-'.
bool ValidResourceId(absl::string_view id);
// Checks `id` and adds a violation when it is not valid; an empty id is allowed when `optional`
// (the server generates one).
void CheckResourceId(absl::string_view field, absl::string_view id, bool optional,
                     FieldViolations* violations);

// Parses "<collection>/<id>" into id; false (with a violation) when malformed or empty.
bool ParseName(absl::string_view field, absl::string_view name, absl::string_view collection,
               std::string* id, FieldViolations* violations);
// Parses "suppliers/{s}/<collection>/{id}".
bool ParseChildName(absl::string_view field, absl::string_view name, absl::string_view collection,
                    std::string* supplier_id, std::string* id, FieldViolations* violations);

// request_id: empty or a UUID (8-4-4-4-12 hex).
void CheckRequestId(absl::string_view field, absl::string_view request_id,
                    FieldViolations* violations);

// A page size that is not negative.
void CheckPageSize(absl::string_view field, int page_size, FieldViolations* violations);

void CheckTimestamp(absl::string_view field, const google::protobuf::Timestamp& t,
                    FieldViolations* violations);

// Display name (ja or en set), identifiers, domains (canonicalised), size, industry, profile.
// `name`/`etag` are output fields and ignored.
void ValidateSupplier(absl::string_view prefix, v1::Supplier* supplier,
                      FieldViolations* violations);

// Supplier reference, title, data classes, access and criticality.
void ValidateEngagement(absl::string_view prefix, const v1::Engagement& engagement,
                        FieldViolations* violations);

// Supplier reference, factor, issue type, severity, asset, times, CVE.
void ValidateSignal(absl::string_view prefix, const v1::Signal& signal,
                    FieldViolations* violations);

// Answers against the questions of `tmpl`: the question exists, the value has the question's answer
// type, options exist, dates are real dates, evidence is well-formed, no question is answered twice
// in one request. Bounds: 2000 answers, 500 subcontractor entries and 50 evidence items per answer.
void ValidateAnswers(absl::string_view prefix,
                     const google::protobuf::RepeatedPtrField<v1::Answer>& answers,
                     const v1::Template& tmpl, FieldViolations* violations);

// Plain text a person typed: at most `max_chars` bytes, no control characters except newline and
// tab.
void CheckText(absl::string_view field, absl::string_view text, size_t max_bytes,
               FieldViolations* violations);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_VALIDATION_H_
