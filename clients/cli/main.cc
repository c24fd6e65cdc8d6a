// supplyrisk: the command-line client. Each verb lives in its own file; this file only dispatches
// so verbs can grow without touching one another.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "clients/cli/commands.h"
#include "engine/scoring/model.h"

namespace {

void PrintUsage() {
  std::fprintf(
      stderr,
      "usage: supplyrisk <verb> ...\n"
      "  template lint FILE...            check templates; FILE:LINE: field: message\n"
      "  template coverage FILE [--json]  CPSF matrix, categories, directives, factors\n"
      "  template diff OLD NEW            semantic diff of two revisions\n"
      "  score --template T --response R [--profile P] [--signals S.jsonl]\n"
      "        [--engagement E] [--policy P] [--format text|json|oscal]\n"
      "  scan DOMAIN... [--families dns,tls,ports,web] [--format jsonl|text]\n"
      "        [--resolver IP:PORT] [--ports LIST] [--push SUPPLIER ...]\n"
      "  chain SUPPLIER --relationships R.jsonl [--parties P.jsonl] [--engagement E]\n"
      "        [--depth N] [--format text|json|dot]\n"
      "  rescore --server HOST:PORT --token_file FILE [--dirty-only | --grade G]\n"
      "        [--request_id UUID] [--wait] [--format text|json]\n"
      "  questionnaire export TEMPLATE --format xlsx|csv -o FILE [--lang ja|en]\n"
      "  questionnaire import FILE [--base R.textproto] [-o OUT.textproto]\n"
      "  report ASSESSMENT.json [--kind decision|full] -o FILE.html\n"
      "  report --portfolio A.json... -o FILE.html\n"
      "  report SUPPLIER|--portfolio --server HOST:PORT --token_file FILE -o FILE.html\n"
      "  suppliers --server HOST:PORT --token_file FILE [--format csv|text|json] [-o FILE]\n"
      "  VERB --help                     the verb's options\n"
      "  --version                       the engine and API versions\n"
      "exit codes: 0 success, 1 the input or the server refused (each problem named on\n"
      "stderr), 2 usage. Results go to stdout or -o; messages and progress to stderr.\n"
      "No colour is used, so output reads the same on a terminal and in a pipe.\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintUsage();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::printf("supplyrisk %s (API supplyrisk.v1)\n", supplyrisk::scoring::kEngineVersion);
    return 0;
  }
  const std::string verb = args[0];
  args.erase(args.begin());
  // `--help` or `-h` anywhere before "--" shows the verb's usage on stdout and succeeds, whatever
  // else the line holds.
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      args = {"--help"};
      break;
    }
  }
  if (verb == "template") return supplyrisk::cli::RunTemplateCommand(args);
  if (verb == "score") return supplyrisk::cli::RunScoreCommand(args);
  if (verb == "scan") return supplyrisk::cli::RunScanCommand(args);
  if (verb == "chain") return supplyrisk::cli::RunChainCommand(args);
  if (verb == "rescore") return supplyrisk::cli::RunRescoreCommand(args);
  if (verb == "questionnaire") return supplyrisk::cli::RunQuestionnaireCommand(args);
  if (verb == "report") return supplyrisk::cli::RunReportCommand(args);
  if (verb == "suppliers") return supplyrisk::cli::RunSuppliersCommand(args);
  std::fprintf(stderr, "supplyrisk: unknown verb '%s'\n", verb.c_str());
  PrintUsage();
  return 2;
}
