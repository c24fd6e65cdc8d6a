#ifndef SUPPLYRISK_ENGINE_SCORING_INPUT_TEXT_H_
#define SUPPLYRISK_ENGINE_SCORING_INPUT_TEXT_H_

// Parsing the per-supplier scoring inputs from text: profiles, responses and engagements as
// textproto, signal histories as JSON Lines (one supplyrisk.v1.Signal in proto3 JSON per line), and
// the as-of time. Errors name the source, the line and the problem. Reading the texts from files is
// engine/io's job (file_loaders.h).

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scoring {

// Parses textproto `text` into `out`; unknown fields are errors. `source` prefixes errors as
// "source:LINE:COL: message". A string field that is not valid UTF-8 (the text format lets an
// escape spell one; the wire format refuses it) is an error "source: FIELD: not valid UTF-8".
absl::Status ParseTextProto(absl::string_view text, absl::string_view source,
                            google::protobuf::Message* out);

// JSON Lines: one `T` in proto3 JSON per line; blank lines and lines starting with '#' are skipped,
// unknown fields are errors named "source:LINE: not a <type>: <problem>".
absl::Status ParseJsonLines(absl::string_view text, absl::string_view source,
                            google::protobuf::Message* scratch,
                            const std::function<void(google::protobuf::Message&)>& take);
template <typename T>
absl::StatusOr<std::vector<T>> ParseJsonLinesOf(absl::string_view text, absl::string_view source) {
  std::vector<T> out;
  T scratch;
  absl::Status status = ParseJsonLines(text, source, &scratch, [&](google::protobuf::Message& m) {
    out.push_back(std::move(static_cast<T&>(m)));
  });
  if (!status.ok()) return status;
  return out;
}

// Signal histories (ParseJsonLinesOf<Signal>).
absl::StatusOr<std::vector<supplyrisk::v1::Signal>> ParseSignalsJsonl(absl::string_view text,
                                                                      absl::string_view source);

// "2026-11-01" (midnight UTC) or an RFC 3339 time.
absl::StatusOr<absl::Time> ParseAsOf(absl::string_view text);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_INPUT_TEXT_H_
