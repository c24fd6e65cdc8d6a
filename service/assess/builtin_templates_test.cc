#include "service/assess/builtin_templates.h"

#include <string>

#include "engine/catalog/catalog.h"
#include "engine/questionnaire/registry.h"
#include "gtest/gtest.h"

namespace supplyrisk::assess {
namespace {

int LinkedQuestions(const v1::Template& t) {
  int n = 0;
  for (const auto& s : t.sections()) {
    for (const auto& q : s.questions()) n += q.signal_links().empty() ? 0 : 1;
  }
  return n;
}

// The embedded copies are the files of testdata/templates as they are now (a genrule over the
// shipped filegroup), and they load with the shipped lint rules.
TEST(BuiltinTemplatesTest, LoadCleanlyWithTheirSignalLinks) {
  questionnaire::TemplateRegistry registry(catalog::BuiltinCatalog());
  ASSERT_TRUE(LoadBuiltinTemplates(&registry).ok());
  for (const char* id : {"cpsf-supplier", "sme-basic", "scs-star3", "scs-star4"}) {
    EXPECT_NE(registry.Latest(id), nullptr) << id;
  }
  ASSERT_NE(registry.Latest("sme-basic"), nullptr);
  EXPECT_GE(LinkedQuestions(*registry.Latest("sme-basic")), 5);
  // The VPN gateway question names its assets.
  bool scoped = false;
  for (const auto& s : registry.Latest("cpsf-supplier")->sections()) {
    for (const auto& q : s.questions()) {
      if (q.id() != "pt.remote_gateway") continue;
      for (const auto& l : q.signal_links()) scoped = scoped || !l.asset_patterns().empty();
    }
  }
  EXPECT_TRUE(scoped);
}

}  // namespace
}  // namespace supplyrisk::assess
