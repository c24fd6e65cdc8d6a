#ifndef SUPPLYRISK_CLIENTS_CLI_TEMPLATE_COMMAND_H_
#define SUPPLYRISK_CLIENTS_CLI_TEMPLATE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace supplyrisk::cli {

// `supplyrisk template ...` writing to the given streams, so tests can compare the exact output.
// RunTemplateCommand (commands.h) calls it with std::cout and std::cerr. `args` excludes the word
// "template".
//
//   lint FILE... [--catalog PATH]
//       Prints every problem of every file as FILE:LINE: field: message on
//       `out`; 0 when all files are valid, 1 when any has a problem. Files
//       linted together know one another, so a star 4 profile is checked
//       against the star 3 profile it includes.
//   coverage FILE [--json] [--catalog PATH]
//       The CPSF matrix and the other counts on `out`, as text or JSON; 0, or
//       1 when the file does not parse. Lint problems only warn on `err`.
//   diff OLD NEW
//       The semantic diff of two revisions on `out`; 0, or 1 when a file does
//       not parse.
//
// Bad usage or an unreadable file (or catalogue): a message on `err` and 2.
int RunTemplateCommandTo(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err);

}  // namespace supplyrisk::cli

#endif  // SUPPLYRISK_CLIENTS_CLI_TEMPLATE_COMMAND_H_
