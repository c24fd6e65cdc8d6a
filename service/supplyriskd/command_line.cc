#include "service/supplyriskd/command_line.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/scoring/model.h"

namespace supplyrisk::daemon {

std::string VersionLine(absl::string_view program) {
  return absl::StrCat(program, " ", scoring::kEngineVersion, " (API supplyrisk.v1)");
}

std::string HelpText(absl::string_view flags_file) {
  std::vector<const absl::CommandLineFlag*> own;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (absl::EndsWith(flag->Filename(), flags_file)) own.push_back(flag);
  }
  std::sort(own.begin(), own.end(),
            [](const absl::CommandLineFlag* a, const absl::CommandLineFlag* b) {
              return a->Name() < b->Name();
            });
  std::string text = absl::StrCat("usage: ", absl::ProgramUsageMessage(), "\n\nflags:\n");
  for (const absl::CommandLineFlag* flag : own) {
    const std::string value = flag->DefaultValue();
    absl::StrAppend(&text, "  --", flag->Name(), value.empty() ? "" : absl::StrCat("=", value),
                    "\n      ", flag->Help(), "\n");
  }
  absl::StrAppend(&text, "  --help, -h\n      print this help and exit\n",
                  "  --version\n      print the version and exit\n");
  return text;
}

void ParseCommandLine(int argc, char** argv, absl::string_view flags_file) {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h" || arg == "-help") {
      std::fputs(HelpText(flags_file).c_str(), stdout);
      std::exit(0);
    }
    if (arg == "--version" || arg == "-version") {
      const absl::string_view path = argv[0];
      const size_t slash = path.rfind('/');
      std::printf(
          "%s\n",
          VersionLine(slash == absl::string_view::npos ? path : path.substr(slash + 1)).c_str());
      std::exit(0);
    }
  }
  absl::ParseCommandLine(argc, argv);
}

}  // namespace supplyrisk::daemon
