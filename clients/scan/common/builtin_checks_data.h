#ifndef SUPPLYRISK_CLIENTS_SCAN_COMMON_BUILTIN_CHECKS_DATA_H_
#define SUPPLYRISK_CLIENTS_SCAN_COMMON_BUILTIN_CHECKS_DATA_H_

namespace supplyrisk::scan::internal {

// Text of clients/scan/checks.textproto, embedded by a genrule (see BUILD.bazel).
extern const char kBuiltinChecksText[];

}  // namespace supplyrisk::scan::internal

#endif  // SUPPLYRISK_CLIENTS_SCAN_COMMON_BUILTIN_CHECKS_DATA_H_
