// A local CVE feed in NVD's CVE API 2.0 JSON format: the parts the patching matcher needs.
#ifndef SUPPLYRISK_CLIENTS_SCAN_PATCHING_CVE_FEED_H_
#define SUPPLYRISK_CLIENTS_SCAN_PATCHING_CVE_FEED_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::scan {

// One cpeMatch entry; the bounds are empty when absent.
struct CpeMatch {
  bool vulnerable = false;
  std::string criteria;  // the cpe:2.3 string
  std::string vendor, product, version, update;
  std::string start_including, start_excluding, end_including, end_excluding;
};

struct CveRecord {
  std::string id;
  std::string published;  // as NVD writes it, e.g. "2024-07-01T13:15:10.237"
  double base_score = 0;  // CVSS 3.1, else 3.0, else 2; 0 when none
  std::vector<CpeMatch> matches;
};

inline constexpr size_t kMaxFeedBytes = 64 << 20;

// Parses one NVD CVE API 2.0 page. InvalidArgument for input over `max_bytes`, malformed JSON,
// or a CVE whose fields are the wrong shape, naming the CVE and the field.
absl::StatusOr<std::vector<CveRecord>> ParseCveFeed(absl::string_view json,
                                                    size_t max_bytes = kMaxFeedBytes);

// Reads and parses the file at `path` (one saved NVD API page). NotFound when it cannot be
// opened; errors are prefixed with the path.
absl::StatusOr<std::vector<CveRecord>> LoadCveFeedFile(const std::string& path,
                                                       size_t max_bytes = kMaxFeedBytes);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PATCHING_CVE_FEED_H_
