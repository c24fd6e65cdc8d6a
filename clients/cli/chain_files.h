// A subcontractor chain given as files, for the CLI's `chain` and `score` verbs: relationships and
// what is known of each party, one proto3 JSON message per line.
#ifndef SUPPLYRISK_CLIENTS_CLI_CHAIN_FILES_H_
#define SUPPLYRISK_CLIENTS_CLI_CHAIN_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/relationship.pb.h"

namespace supplyrisk::cli {

// One supplyrisk.v1.Relationship per line, each checked as the server checks a relationship record
// (validation::RelationshipUse::kRecord). Errors name the file, the line and each bad field.
absl::StatusOr<std::vector<v1::Relationship>> LoadRelationshipsFile(const std::string& path);

// One supplyrisk.v1.ChainNode per line: a party's grade and score (a supplier without a record is
// unassessed).
absl::StatusOr<std::vector<v1::ChainNode>> LoadPartiesFile(const std::string& path);

}  // namespace supplyrisk::cli

#endif  // SUPPLYRISK_CLIENTS_CLI_CHAIN_FILES_H_
