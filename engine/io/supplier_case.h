// A supplier case folder of testdata/suppliers: profile.textproto, response.textproto,
// signals.jsonl, engagement.textproto and case.txt ("template <id>" and "as_of <date>" lines). Read
// by the golden test, the benchmark and the demo.
#ifndef SUPPLYRISK_ENGINE_IO_SUPPLIER_CASE_H_
#define SUPPLYRISK_ENGINE_IO_SUPPLIER_CASE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::io {

struct SupplierCase {
  std::string name;  // the folder's last path component
  std::string template_id;
  absl::Time as_of;
  supplyrisk::v1::SupplierProfile profile;
  supplyrisk::v1::Response response;
  std::vector<supplyrisk::v1::Signal> signals;  // empty when signals.jsonl is absent
  bool has_engagement = false;                  // engagement.textproto is optional
  supplyrisk::v1::Engagement engagement;
};

// Reads the case in folder `dir`. case.txt, profile.textproto and response.textproto must exist;
// errors name the file and line.
absl::StatusOr<SupplierCase> LoadSupplierCase(const std::string& dir);

}  // namespace supplyrisk::io

#endif  // SUPPLYRISK_ENGINE_IO_SUPPLIER_CASE_H_
