#include "service/supplyriskd/command_line.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, command_line_test_bound, 7, "a bound this test defines");

namespace supplyrisk::daemon {
namespace {

// absl takes the usage message once per process.
void SetUsageOnce() {
  static const bool set = [] {
    absl::SetProgramUsageMessage("command_line_test [--command_line_test_bound=N]");
    return true;
  }();
  (void)set;
}

TEST(CommandLineTest, HelpListsOnlyTheBinarysOwnFlagsWithDefaults) {
  SetUsageOnce();
  const std::string help = HelpText("service/supplyriskd/command_line_test.cc");
  EXPECT_TRUE(absl::StartsWith(help, "usage: command_line_test [--command_line_test_bound=N]\n"))
      << help;
  EXPECT_TRUE(
      absl::StrContains(help, "  --command_line_test_bound=7\n      a bound this test defines\n"))
      << help;
  EXPECT_TRUE(absl::StrContains(help, "--version")) << help;
  // gtest's and absl's own flags belong to other files.
  EXPECT_FALSE(absl::StrContains(help, "gtest_filter")) << help;
  EXPECT_FALSE(absl::StrContains(help, "--flagfile")) << help;
}

TEST(CommandLineTest, VersionNamesProgramEngineAndApi) {
  const std::string line = VersionLine("supplyriskd");
  EXPECT_TRUE(absl::StartsWith(line, "supplyriskd engine-")) << line;
  EXPECT_TRUE(absl::EndsWith(line, "(API supplyrisk.v1)")) << line;
}

TEST(CommandLineDeathTest, HelpAndVersionExitZeroOnStdout) {
  SetUsageOnce();
  const char* help[] = {"command_line_test", "--listen=x", "-h"};
  EXPECT_EXIT(ParseCommandLine(3, const_cast<char**>(help), "command_line_test.cc"),
              ::testing::ExitedWithCode(0), "");
  const char* version[] = {"/usr/bin/command_line_test", "--version"};
  EXPECT_EXIT(ParseCommandLine(2, const_cast<char**>(version), "command_line_test.cc"),
              ::testing::ExitedWithCode(0), "");
  const char* unknown[] = {"command_line_test", "--no_such_flag=1"};
  EXPECT_EXIT(ParseCommandLine(2, const_cast<char**>(unknown), "command_line_test.cc"),
              ::testing::ExitedWithCode(1), "no_such_flag");
}

}  // namespace
}  // namespace supplyrisk::daemon
