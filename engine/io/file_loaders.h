// Reading the engine's inputs from files: the one place under engine/ that touches the file system.
// Every loader reads the whole file and hands the bytes to the pure parser of its kind
// (catalog::ParseCatalogText, questionnaire::ParseTemplateText, policy::ParsePolicyText,
// scoring::ParseTextProto, scoring::ParseSignalsJsonl), so the scoring libraries themselves only
// ever parse from memory and can be linked where there is no file system.
//
// Used by the CLI, the benchmarks and the tests; the service gets its inputs from requests and the
// store, never from here.
#ifndef SUPPLYRISK_ENGINE_IO_FILE_LOADERS_H_
#define SUPPLYRISK_ENGINE_IO_FILE_LOADERS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/loader.h"
#include "google/protobuf/message.h"
#include "supplyrisk/v1/policy.pb.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::io {

// The whole content of `path`. NOT_FOUND ("PATH: cannot read file") when it cannot be opened.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Whether `path` can be opened for reading.
bool FileExists(const std::string& path);

// Reads, parses and validates a catalogue file. NOT_FOUND when the file cannot be opened; parse and
// validation errors are prefixed with the path.
absl::StatusOr<catalog::CatalogIndex> LoadCatalogFile(const std::string& path);

// Reads and parses a template file. The status is an error only when the file cannot be read; parse
// problems are in the result's syntax_errors, each naming `path`.
absl::StatusOr<questionnaire::LoadedTemplate> LoadTemplateFile(const std::string& path);

// Reads, parses and validates a scoring policy file; a file that cannot be read is NOT_FOUND.
absl::StatusOr<supplyrisk::v1::ScoringPolicy> LoadPolicyFile(const std::string& path);

// Reads a textproto file into `out` (profiles, responses, engagements); unknown fields are errors,
// prefixed "PATH:LINE:COL:".
absl::Status LoadTextProtoFile(const std::string& path, google::protobuf::Message* out);

// Reads a signal history in JSON Lines (one supplyrisk.v1.Signal in proto3 JSON per line).
absl::StatusOr<std::vector<supplyrisk::v1::Signal>> LoadSignalsFile(const std::string& path);

}  // namespace supplyrisk::io

#endif  // SUPPLYRISK_ENGINE_IO_FILE_LOADERS_H_
