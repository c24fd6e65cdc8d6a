#include "engine/io/file_loaders.h"

#include <string>

#include "absl/status/status.h"
#include "engine/catalog/catalog.h"
#include "engine/io/supplier_case.h"
#include "engine/policy/policy.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "supplyrisk/v1/response.pb.h"

namespace supplyrisk::io {
namespace {

using ::testing::HasSubstr;

constexpr char kCatalogPath[] = "engine/catalog/data/cpsf_catalog.textproto";
constexpr char kPolicyPath[] = "testdata/policies/default.textproto";
constexpr char kMissing[] = "no/such/file.textproto";

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(ReadFileTest, ReadsTheWholeFile) {
  absl::StatusOr<std::string> text = ReadFile(kPolicyPath);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, policy::DefaultPolicyText());
  EXPECT_TRUE(FileExists(kPolicyPath));
}

TEST(ReadFileTest, MissingFileIsNotFoundAndNamed) {
  absl::StatusOr<std::string> text = ReadFile(kMissing);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Message(text.status()), "no/such/file.textproto: cannot read file");
  EXPECT_FALSE(FileExists(kMissing));
}

TEST(LoadCatalogFileTest, DataFileMatchesTheBuiltinCatalogue) {
  absl::StatusOr<catalog::CatalogIndex> from_file = LoadCatalogFile(kCatalogPath);
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->catalog().SerializeAsString(),
            catalog::BuiltinCatalog().catalog().SerializeAsString());
}

TEST(LoadCatalogFileTest, MissingFile) {
  absl::StatusOr<catalog::CatalogIndex> index = LoadCatalogFile(kMissing);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(index.status()), HasSubstr(kMissing));
}

TEST(LoadCatalogFileTest, ProblemsArePrefixedWithThePath) {
  // A template is not a catalogue: the parser rejects its first field.
  absl::StatusOr<catalog::CatalogIndex> index =
      LoadCatalogFile("testdata/templates/cpsf-supplier.textproto");
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(index.status()),
              HasSubstr("testdata/templates/cpsf-supplier.textproto: line "));
}

TEST(LoadTemplateFileTest, ShippedTemplateParses) {
  auto loaded = LoadTemplateFile("testdata/templates/cpsf-supplier.textproto");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(loaded->ok());
  EXPECT_EQ(loaded->file, "testdata/templates/cpsf-supplier.textproto");
  EXPECT_EQ(loaded->tmpl.id(), "cpsf-supplier");
}

TEST(LoadTemplateFileTest, MissingFileIsAnError) {
  auto loaded = LoadTemplateFile("/nonexistent/template.textproto");
  EXPECT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Message(loaded.status()),
            "cannot read template file '/nonexistent/template.textproto'");
}

TEST(LoadPolicyFileTest, DefaultPolicyFileEqualsTheEmbeddedOne) {
  auto loaded = LoadPolicyFile(kPolicyPath);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*loaded, policy::DefaultPolicy()));
}

TEST(LoadPolicyFileTest, MissingFile) {
  auto loaded = LoadPolicyFile(kMissing);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Message(loaded.status()), "cannot read policy file no/such/file.textproto");
}

TEST(LoadTextProtoFileTest, ErrorsNameTheFile) {
  v1::Response response;
  absl::Status missing = LoadTextProtoFile(kMissing, &response);
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  // A policy is not a response: its first field is unknown.
  absl::Status wrong = LoadTextProtoFile(kPolicyPath, &response);
  EXPECT_EQ(wrong.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(wrong), HasSubstr("testdata/policies/default.textproto:"));
}

TEST(LoadSignalsFileTest, ReadsACaseHistory) {
  auto signals = LoadSignalsFile("testdata/suppliers/sme-parts-maker/signals.jsonl");
  ASSERT_TRUE(signals.ok()) << signals.status();
  EXPECT_FALSE(signals->empty());
  EXPECT_EQ(LoadSignalsFile(kMissing).status().code(), absl::StatusCode::kNotFound);
}

TEST(LoadSupplierCaseTest, ReadsEveryFileOfTheFolder) {
  auto c = LoadSupplierCase("testdata/suppliers/sme-parts-maker");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->name, "sme-parts-maker");
  EXPECT_FALSE(c->template_id.empty());
  EXPECT_TRUE(c->has_engagement);
  EXPECT_FALSE(c->signals.empty());
  EXPECT_GT(c->response.answers_size(), 0);
}

TEST(LoadSupplierCaseTest, MissingFolder) {
  auto c = LoadSupplierCase("testdata/suppliers/no-such-case");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(c.status()), HasSubstr("no-such-case/case.txt"));
}

}  // namespace
}  // namespace supplyrisk::io
