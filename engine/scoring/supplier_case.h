#ifndef SUPPLYRISK_ENGINE_SCORING_SUPPLIER_CASE_H_
#define SUPPLYRISK_ENGINE_SCORING_SUPPLIER_CASE_H_

// A supplier case folder of testdata/suppliers: profile.textproto,
// response.textproto, signals.jsonl, engagement.textproto and case.txt
// ("template <id>" and "as_of <date>" lines). Explicit loader used by the
// golden test, the benchmark and the demo.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::scoring {

struct SupplierCase {
  std::string name;
  std::string template_id;
  absl::Time as_of;
  supplyrisk::v1::SupplierProfile profile;
  supplyrisk::v1::Response response;
  std::vector<supplyrisk::v1::Signal> signals;
  bool has_engagement = false;
  supplyrisk::v1::Engagement engagement;
};

absl::StatusOr<SupplierCase> LoadSupplierCase(const std::string& dir);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_SUPPLIER_CASE_H_
