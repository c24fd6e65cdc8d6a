#ifndef SUPPLYRISK_CLIENTS_CLI_COMMANDS_H_
#define SUPPLYRISK_CLIENTS_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace supplyrisk::cli {

// Each returns the process exit code: 0 success, 1 the input has problems, 2 usage error. `args`
// excludes the verb itself.
int RunTemplateCommand(const std::vector<std::string>& args);
int RunScoreCommand(const std::vector<std::string>& args);
int RunScanCommand(const std::vector<std::string>& args);
int RunChainCommand(const std::vector<std::string>& args);
int RunRescoreCommand(const std::vector<std::string>& args);
int RunQuestionnaireCommand(const std::vector<std::string>& args);
int RunReportCommand(const std::vector<std::string>& args);
int RunSuppliersCommand(const std::vector<std::string>& args);

}  // namespace supplyrisk::cli

#endif  // SUPPLYRISK_CLIENTS_CLI_COMMANDS_H_
