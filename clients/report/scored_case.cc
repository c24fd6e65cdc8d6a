#include "clients/report/scored_case.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/catalog/catalog.h"
#include "engine/io/file_loaders.h"
#include "engine/policy/policy.h"
#include "engine/render/render.h"
#include "engine/scoring/scorer.h"

namespace supplyrisk::report {
namespace {

absl::StatusOr<supplyrisk::v1::Template> LoadTemplate(const std::string& id) {
  auto loaded = io::LoadTemplateFile(absl::StrCat("testdata/templates/", id, ".textproto"));
  if (!loaded.ok()) return loaded.status();
  if (!loaded->ok()) return absl::InvalidArgumentError(absl::StrCat(id, ": does not parse"));
  return loaded->tmpl;
}

}  // namespace

absl::Status ScoredCase::Rescore(render::Language lang) {
  scoring::SupplierInput in;
  in.profile = &c.profile;
  in.response = &c.response;
  in.signals = c.signals;
  in.engagement = c.has_engagement ? &c.engagement : nullptr;
  in.as_of = c.as_of;
  const std::string supplier = absl::StrCat("suppliers/", c.name);
  in.supplier = supplier;
  a.Clear();
  if (auto s = scoring::ScoreSupplier(*model, in, {}, &a); !s.ok()) return s;
  a.set_supplier(supplier);
  return render::RenderAssessment(*model, lang, &a);
}

AssessmentResultsSources ScoredCase::Sources(render::Language lang) const {
  AssessmentResultsSources in;
  in.assessment = &a;
  in.model = model.get();
  in.response = &c.response;
  for (const supplyrisk::v1::Signal& s : c.signals) in.signals.push_back(&s);
  in.lang = lang;
  return in;
}

absl::StatusOr<std::unique_ptr<ScoredCase>> ScoreCase(const std::string& cases_dir,
                                                      const std::string& name,
                                                      render::Language lang) {
  auto s = std::make_unique<ScoredCase>();
  auto c = io::LoadSupplierCase(absl::StrCat(cases_dir, "/", name));
  if (!c.ok()) return c.status();
  s->c = *std::move(c);
  for (auto [id, t] :
       {std::pair<std::string, supplyrisk::v1::Template*>{s->c.template_id, &s->tmpl},
        {"scs-star3", &s->star3},
        {"scs-star4", &s->star4}}) {
    auto loaded = LoadTemplate(id);
    if (!loaded.ok()) return loaded.status();
    *t = *std::move(loaded);
  }
  scoring::ModelInput mi;
  mi.catalog = &catalog::BuiltinCatalog();
  mi.questionnaire = &s->tmpl;
  mi.readiness = {&s->star3, &s->star4};
  mi.policy = &policy::DefaultPolicy();
  auto m = scoring::ScoringModel::Create(mi);
  if (!m.ok()) return m.status();
  s->model = *std::move(m);
  if (auto st = s->Rescore(lang); !st.ok()) return st;
  return s;
}

}  // namespace supplyrisk::report
