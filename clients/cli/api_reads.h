#ifndef SUPPLYRISK_CLIENTS_CLI_API_READS_H_
#define SUPPLYRISK_CLIENTS_CLI_API_READS_H_

// Reads the CLI's report verbs make of supplyriskd: every supplier with its standing, every
// engagement, a supplier's assessments newest first. Each list is paged to its end (a short page
// is never taken for the last one) and bounded, so a huge tenant fails with a message rather than
// exhausting memory.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/scan/push/signal_pusher.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/chain_service.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/supplier_service.pb.h"

namespace supplyrisk::cli {

class ApiReader {
 public:
  explicit ApiReader(scan::ServerConnection server) : server_(std::move(server)) {}

  // Every supplier of the caller's tenant, with its standing (same order). At most `max`.
  absl::Status AllSuppliers(std::vector<v1::Supplier>* suppliers,
                            std::vector<v1::SupplierStanding>* standings, int max = 100000);
  absl::StatusOr<std::vector<v1::Engagement>> AllEngagements(int max = 100000);
  absl::StatusOr<v1::Supplier> GetSupplier(const std::string& name);
  // The tenant's concentration analysis, every dependency class.
  absl::StatusOr<v1::ListConcentrationsResponse> Concentrations();
  // The supplier's assessments, newest first, at most `max`; FULL in `language` when `full`.
  absl::StatusOr<std::vector<v1::Assessment>> Assessments(const std::string& supplier, bool full,
                                                          const std::string& language, int max);

 private:
  scan::ServerConnection server_;
};

// "host:port: message" for a failed call.
absl::Status CallError(const std::string& target, const grpc::Status& status);

}  // namespace supplyrisk::cli

#endif  // SUPPLYRISK_CLIENTS_CLI_API_READS_H_
