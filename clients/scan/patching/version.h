// Version comparison the way NVD's CPE-match ranges need it: dotted numeric versions with
// suffixes, compared segment by segment (1.2.10 > 1.2.9; 8.9p1 > 8.9; 2.4.57-1 > 2.4.57;
// 1.0rc1 < 1.0).
#ifndef SUPPLYRISK_CLIENTS_SCAN_PATCHING_VERSION_H_
#define SUPPLYRISK_CLIENTS_SCAN_PATCHING_VERSION_H_

#include "absl/strings/string_view.h"

namespace supplyrisk::scan {

// Negative, zero or positive as `a` is older than, the same as or newer than `b`. Versions split
// into runs of digits and runs of letters; '.', '-', '_', '+' and ':' only separate. Digit runs
// compare as numbers, letter runs case-insensitively, and a digit run is newer than a letter run
// in the same place. When one version is a prefix of the other, the longer is newer unless its
// next run is a pre-release word (alpha, beta, rc, pre, dev, preview), so 8.9p1 > 8.9 but
// 1.0rc1 < 1.0.
int CompareVersions(absl::string_view a, absl::string_view b);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PATCHING_VERSION_H_
