#ifndef SUPPLYRISK_CLIENTS_REPORT_NAME_UUID_H_
#define SUPPLYRISK_CLIENTS_REPORT_NAME_UUID_H_

// Name-based UUIDs (RFC 4122 section 4.3, version 5: SHA-1 of a namespace and a name) for the
// elements of exported documents. The same name always gives the same UUID, so exporting the same
// assessment twice gives the same document, and one subject (a supplier, a scanner) keeps its UUID
// across documents, as OSCAL asks ("assigned per-subject").
//
//   std::string id = NameUuid("supplier:suppliers/acme");  // "xxxxxxxx-xxxx-5xxx-yxxx-..."

#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::report {

// Version 5 UUID of `name` in supplyrisk's own namespace, lower-case hex in 8-4-4-4-12 form.
std::string NameUuid(absl::string_view name);

// The same in another namespace, given as 16 raw bytes (RFC 4122 appendix C lists the standard
// ones); what the test vectors check.
std::string NameUuid(absl::string_view namespace_bytes, absl::string_view name);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_NAME_UUID_H_
