#ifndef SUPPLYRISK_CLIENTS_CLI_TEMPLATE_COMMAND_H_
#define SUPPLYRISK_CLIENTS_CLI_TEMPLATE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace supplyrisk::cli {

// `supplyrisk template ...` writing to the given streams, so tests can compare
// the exact output. RunTemplateCommand (commands.h) calls it with std::cout and
// std::cerr.
//   lint FILE... [--catalog PATH]              0 valid, 1 problems (FILE:LINE:
//   field: message) coverage FILE [--json] [--catalog PATH]    0, or 1 when the
//   file does not parse diff OLD NEW                               0, or 1 when
//   a file does not parse
// Bad usage or an unreadable file: a message on `err` and 2.
int RunTemplateCommandTo(const std::vector<std::string>& args,
                         std::ostream& out, std::ostream& err);

}  // namespace supplyrisk::cli

#endif  // SUPPLYRISK_CLIENTS_CLI_TEMPLATE_COMMAND_H_
