#include "clients/cli/template_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "supplyrisk/v1/questionnaire_report.pb.h"

namespace supplyrisk::cli {
namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result RunCli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = RunTemplateCommandTo(args, out, err);
  return {code, out.str(), err.str()};
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Files in `dir` ending in `suffix`, as workspace-relative paths, sorted.
std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (absl::EndsWith(name, suffix)) files.push_back(dir + "/" + name);
  }
  std::sort(files.begin(), files.end());
  return files;
}

constexpr char kInvalidDir[] = "testdata/templates/invalid";

TEST(TemplateLintTest, EveryInvalidTemplateMatchesItsGolden) {
  const auto files = ListFiles(kInvalidDir, ".textproto");
  EXPECT_GE(files.size(), 20u) << "too few broken templates";
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const std::string golden =
        file.substr(0, file.size() - std::string(".textproto").size()) + ".expected";
    ASSERT_TRUE(fs::exists(golden)) << "missing golden " << golden;
    const std::string expected = ReadFile(golden);
    ASSERT_FALSE(expected.empty());
    const Result r = RunCli({"lint", file});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, expected) << "actual output:\n" << r.out;
    EXPECT_EQ(r.err, "");
    // One problem each: the golden holds a single line naming this file.
    std::vector<std::string> lines = absl::StrSplit(expected, '\n', absl::SkipEmpty());
    EXPECT_EQ(lines.size(), 1u);
    EXPECT_TRUE(absl::StartsWith(expected, file + ":")) << expected;
  }
  // Every golden belongs to a template.
  for (const std::string& golden : ListFiles(kInvalidDir, ".expected")) {
    const std::string base = golden.substr(0, golden.size() - std::string(".expected").size());
    EXPECT_TRUE(fs::exists(base + ".textproto")) << "orphan golden " << golden;
  }
}

TEST(TemplateLintTest, ShippedTemplatesAreValid) {
  const auto files = ListFiles("testdata/templates", ".textproto");
  ASSERT_GE(files.size(), 3u);
  std::vector<std::string> args = {"lint"};
  args.insert(args.end(), files.begin(), files.end());
  const Result r = RunCli(args);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  // Shipped templates meet the strict rules too (every observed question linked).
  args.push_back("--strict");
  const Result strict = RunCli(args);
  EXPECT_EQ(strict.code, 0) << strict.out << strict.err;
  EXPECT_EQ(strict.out, "");
  // Each alone, too (scs-star4 then cannot check the profile it includes).
  for (const std::string& f : files) {
    const Result one = RunCli({"lint", f});
    EXPECT_EQ(one.code, 0) << one.out << one.err;
  }
}

TEST(TemplateLintTest, ProblemsOfSeveralFilesAreAllReported) {
  const auto files = ListFiles(kInvalidDir, ".textproto");
  ASSERT_GE(files.size(), 2u);
  const Result r = RunCli({"lint", files[0], "testdata/templates/sme-basic.textproto", files[1]});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, ReadFile(files[0].substr(0, files[0].size() - 10) + ".expected") +
                       ReadFile(files[1].substr(0, files[1].size() - 10) + ".expected"));
}

TEST(TemplateCommandTest, UsageErrors) {
  EXPECT_EQ(RunCli({}).code, 2);
  EXPECT_EQ(RunCli({"frobnicate"}).code, 2);
  EXPECT_EQ(RunCli({"lint"}).code, 2);
  EXPECT_EQ(RunCli({"lint", "--bogus", "x"}).code, 2);
  EXPECT_EQ(RunCli({"coverage"}).code, 2);
  EXPECT_EQ(RunCli({"coverage", "a", "b"}).code, 2);
  EXPECT_EQ(RunCli({"diff", "a"}).code, 2);
  EXPECT_EQ(RunCli({"coverage", "testdata/templates/sme-basic.textproto", "--strict"}).code, 2);
  EXPECT_EQ(RunCli({"lint", "--catalog"}).code, 2);
  const Result missing = RunCli({"lint", "testdata/templates/no-such.textproto"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_TRUE(absl::StrContains(missing.err, "no-such.textproto")) << missing.err;
  const Result bad_catalog = RunCli({"lint", "--catalog", "/nonexistent/catalog.textproto",
                                     "testdata/templates/sme-basic.textproto"});
  EXPECT_EQ(bad_catalog.code, 2);
  EXPECT_EQ(RunCli({"--help"}).code, 0);
}

TEST(TemplateCommandTest, DiffMatchesGolden) {
  const Result r = RunCli({"diff", "testdata/questionnaire/diff_old.textproto",
                           "testdata/questionnaire/diff_new.textproto"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, ReadFile("testdata/questionnaire/diff_expected.txt"));
}

TEST(TemplateCommandTest, CoverageOfSmeBasic) {
  const Result json = RunCli({"coverage", "testdata/templates/sme-basic.textproto", "--json"});
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_EQ(json.err, "");
  EXPECT_TRUE(absl::StrContains(json.out, "\"questions\": 25,")) << json.out;
  EXPECT_TRUE(absl::StrContains(json.out, "\"template_id\": \"sme-basic\""));
  EXPECT_TRUE(absl::StrContains(json.out, "\"with_both\": 25")) << json.out;
  const Result text = RunCli({"coverage", "testdata/templates/sme-basic.textproto"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_TRUE(absl::StrContains(text.out, "questions: 25 in 3 sections, 25 scored")) << text.out;
  EXPECT_TRUE(absl::StrContains(text.out, "L1 organizations")) << text.out;
}

TEST(TemplateCommandTest, CoverageOfReadinessProfilesCountsItems) {
  const Result r = RunCli({"coverage", "testdata/templates/scs-star3.textproto", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "\"questions\": 25,")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "\"scs_categories_covered\": 7,")) << r.out;
}

supplyrisk::v1::TemplateCoverage CoverageOf(const std::string& file) {
  const Result r = RunCli({"coverage", file, "--json"});
  EXPECT_EQ(r.code, 0) << r.err;
  supplyrisk::v1::TemplateCoverage c;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &c).ok()) << r.out;
  return c;
}

// The bar for the full supplier questionnaire, read back from `coverage --json`.
TEST(TemplateCommandTest, CpsfSupplierCoverageMeetsTheBar) {
  const std::string file = "testdata/templates/cpsf-supplier.textproto";
  if (!fs::exists(file)) GTEST_SKIP() << file << " not present";
  const auto c = CoverageOf(file);
  EXPECT_GE(c.questions(), 100);
  EXPECT_EQ(c.categories_covered(), 20);
  EXPECT_EQ(c.categories_total(), 20);
  EXPECT_EQ(c.directives_covered(), 10);
  EXPECT_EQ(c.scs_categories_covered(), 7);
  EXPECT_EQ(c.cells_covered(), c.cells_populated());
  ASSERT_EQ(c.factors_size(), 7);
  for (int i = 0; i < 4; ++i) {  // the four seed factors
    EXPECT_GE(c.factors(i).questions(), 5) << supplyrisk::v1::Factor_Name(c.factors(i).factor());
  }
  EXPECT_EQ(c.languages().with_both(), c.languages().total());
}

TEST(TemplateCommandTest, ScsProfilesCoverAllCategories) {
  const auto star3 = CoverageOf("testdata/templates/scs-star3.textproto");
  const auto star4 = CoverageOf("testdata/templates/scs-star4.textproto");
  EXPECT_EQ(star3.scs_categories_covered(), 7);
  EXPECT_EQ(star4.scs_categories_covered(), 7);
  // Star 4 = the 25 star 3 items it includes plus its own.
  EXPECT_EQ(star3.questions(), 25);
  EXPECT_EQ(star3.questions() + star4.questions(), 44);
}

}  // namespace
}  // namespace supplyrisk::cli
