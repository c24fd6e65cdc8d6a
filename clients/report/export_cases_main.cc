// Test support: writes the OSCAL export of every case of a testdata/suppliers folder, in English
// and Japanese, as OUT_DIR/<case>.<lang>.json, for oscal_schema_test to validate.
//   export_cases CASES_DIR OUT_DIR
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "clients/report/oscal_assessment_results.h"
#include "clients/report/scored_case.h"

int main(int argc, char** argv) {
  namespace report = supplyrisk::report;
  namespace render = supplyrisk::render;
  if (argc != 3) {
    std::fprintf(stderr, "usage: export_cases CASES_DIR OUT_DIR\n");
    return 2;
  }
  int written = 0;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    for (auto [lang, code] :
         {std::pair{render::Language::kEn, "en"}, {render::Language::kJa, "ja"}}) {
      auto scored = report::ScoreCase(argv[1], name, lang);
      if (!scored.ok()) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(),
                     std::string(scored.status().message()).c_str());
        return 1;
      }
      auto json = report::ExportAssessmentResults((*scored)->Sources(lang));
      if (!json.ok()) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(),
                     std::string(json.status().message()).c_str());
        return 1;
      }
      std::ofstream(std::string(argv[2]) + "/" + name + "." + code + ".json") << *json;
      ++written;
    }
  }
  std::printf("%d documents\n", written);
  return written > 0 ? 0 : 1;
}
