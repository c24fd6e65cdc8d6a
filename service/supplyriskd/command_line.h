// The manners every server-side binary shares on its command line: `--help` (or `-h`) prints the
// usage and the binary's own flags on stdout and exits 0; `--version` prints one line and exits 0.
// Everything else goes to absl::ParseCommandLine, which rejects unknown flags.
//
//   int main(int argc, char** argv) {
//     absl::SetProgramUsageMessage("supplyriskd [--listen=host:port] ...");
//     supplyrisk::daemon::ParseCommandLine(argc, argv, "service/supplyriskd/main.cc");
//     ...
#ifndef SUPPLYRISK_SERVICE_SUPPLYRISKD_COMMAND_LINE_H_
#define SUPPLYRISK_SERVICE_SUPPLYRISKD_COMMAND_LINE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::daemon {

// "supplyriskd engine-2 (API supplyrisk.v1)": the program name, the scoring engine version and the
// API package it serves.
std::string VersionLine(absl::string_view program);

// The help text: the program usage message, then one entry per flag defined in a source file whose
// path ends with `flags_file`, sorted by name, each with its default and help.
std::string HelpText(absl::string_view flags_file);

// Handles --help, -h and --version (printing to stdout and exiting 0), else parses the flags as
// absl::ParseCommandLine does (exiting non-zero on an unknown or malformed flag).
// Precondition: absl::SetProgramUsageMessage was called.
void ParseCommandLine(int argc, char** argv, absl::string_view flags_file);

}  // namespace supplyrisk::daemon

#endif  // SUPPLYRISK_SERVICE_SUPPLYRISKD_COMMAND_LINE_H_
