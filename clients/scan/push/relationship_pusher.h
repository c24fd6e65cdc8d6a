// Pushes the relationships a scanner discovered (nth parties seen from DNS) to a supplyriskd
// through ChainService, as a caller with the scanner role, so they join the chain views
// (concentration, incident impact). Connection and token as for signals (signal_pusher.h).
//
// A scan repeated later must not add the same relationship twice: each relationship's id is
// derived from its contractor and the party it names, so the second scan finds it and refreshes
// its evidence (services, dependency classes, confidence, last evidence time) instead.
//
//   PushOptions options{"127.0.0.1:50051", "var/supplyrisk/scanner.token"};
//   absl::StatusOr<RelationshipPushResult> pushed = PushRelationships(options, relationships);
#ifndef SUPPLYRISK_CLIENTS_SCAN_PUSH_RELATIONSHIP_PUSHER_H_
#define SUPPLYRISK_CLIENTS_SCAN_PUSH_RELATIONSHIP_PUSHER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/scan/push/signal_pusher.h"
#include "supplyrisk/v1/relationship.pb.h"

namespace supplyrisk::scan {

struct RelationshipPushResult {
  int created = 0;
  int refreshed = 0;  // found from an earlier scan, evidence brought up to date
};

// "d-" and 24 hex digits of SHA-256 over the contractor and the party (its name key), so one
// provider of one supplier is one relationship however often it is scanned.
std::string DiscoveredRelationshipId(const v1::Relationship& relationship);

// Precondition: every relationship is DISCOVERED and names its contractor and a party. The first
// server error ends the push and is returned with its code (earlier relationships stay written:
// each is its own call, and a retry refreshes them).
absl::StatusOr<RelationshipPushResult> PushRelationships(
    const PushOptions& options, const std::vector<v1::Relationship>& relationships);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PUSH_RELATIONSHIP_PUSHER_H_
