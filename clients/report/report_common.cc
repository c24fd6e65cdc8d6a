#include "clients/report/report_common.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "clients/report/html_page.h"
#include "clients/report/words.h"
#include "engine/render/phrases.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;

std::string Coded(absl::string_view prefix, absl::string_view code, render::Language lang) {
  const std::string key = absl::StrCat(prefix, ".", code);
  const absl::string_view pattern = render::Pattern(key, lang);
  return pattern == key ? std::string(code) : std::string(pattern);
}

template <typename Ids>
bool Shares(const Ids& a, const google::protobuf::RepeatedPtrField<std::string>& b) {
  for (const std::string& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

}  // namespace

absl::Time AsOf(const v1::Assessment& a) { return absl::FromUnixSeconds(a.as_of().seconds()); }

std::string Text(const v1::LocalizedText& t, render::Language lang, const std::string& fallback) {
  const std::string& first = lang == render::Language::kJa ? t.ja() : t.en();
  const std::string& second = lang == render::Language::kJa ? t.en() : t.ja();
  if (!first.empty()) return first;
  if (!second.empty()) return second;
  return fallback;
}

std::string SupplierName(const v1::Supplier* s, const std::string& resource,
                         render::Language lang) {
  if (s == nullptr) return resource.empty() ? "-" : resource;
  return Text(s->display_name(), lang, resource.empty() ? s->name() : resource);
}

std::string SeverityName(v1::Severity s, render::Language lang) {
  return Coded("severity", absl::StripPrefix(v1::Severity_Name(s), "SEVERITY_"), lang);
}

std::string FactorName(v1::Factor f, render::Language lang) {
  return Coded("factor", absl::StripPrefix(v1::Factor_Name(f), "FACTOR_"), lang);
}

std::vector<std::string> LayerNames(render::Language lang) {
  return {Coded("layer", "L1", lang), Coded("layer", "L2", lang), Coded("layer", "L3", lang)};
}

std::vector<std::string> ComponentNames(render::Language lang) {
  std::vector<std::string> out;
  for (int c = 1; c <= 6; ++c) {
    out.push_back(Coded(
        "component",
        absl::StripPrefix(v1::Component_Name(static_cast<v1::Component>(c)), "COMPONENT_"), lang));
  }
  return out;
}

std::string CpsfCellName(v1::Layer l, v1::Component c, render::Language lang) {
  const int li = static_cast<int>(l) - 1, ci = static_cast<int>(c) - 1;
  if (li < 0 || li > 2 || ci < 0 || ci > 5) return "-";
  return absl::StrCat(LayerNames(lang)[li], "/", ComponentNames(lang)[ci]);
}

std::string FindingSource(const v1::Finding& f, render::Language lang) {
  const bool answer = !f.question_ids().empty();
  const bool scan = !f.signal_ids().empty();
  return Words(lang, answer && scan ? "report.source.both"
                     : answer       ? "report.source.answer"
                     : scan         ? "report.source.scan"
                                    : "report.source.assessment");
}

absl::Time FindingDue(const v1::Assessment& a, const v1::Finding& f) {
  absl::Time due = absl::InfiniteFuture();
  for (const v1::DecisionCondition& c : a.decision().conditions()) {
    if (!c.has_due()) continue;
    if (Shares(f.question_ids(), c.remediation().question_ids()) ||
        Shares(f.signal_ids(), c.signal_ids())) {
      due = std::min(due, absl::FromUnixSeconds(c.due().seconds()));
    }
  }
  return due;
}

double FindingEffort(const v1::Assessment& a, const v1::Finding& f) {
  double days = 0;
  for (const v1::RemediationStep& s : a.remediation_plan()) {
    if (Shares(f.question_ids(), s.question_ids())) days += s.effort_days();
  }
  return days;
}

std::string NodeName(const v1::ChainNode& n, render::Language lang) {
  const std::string fallback = !n.party_name().empty() ? n.party_name() : n.supplier();
  return Text(n.display_name(), lang, fallback);
}

std::string ChainGraph(const v1::Assessment& a, render::Language lang) {
  const v1::EffectiveRisk& e = a.effective_risk();
  std::vector<GraphNode> nodes;
  nodes.push_back({a.supplier(), a.supplier(), a.grade(), 0, false});
  std::set<std::string> seen = {a.supplier()};
  const auto id_of = [](const v1::ChainNode& n) {
    return n.supplier().empty() ? absl::StrCat("party:", n.party_name()) : n.supplier();
  };
  std::vector<v1::ChainNode> all(e.receivers().begin(), e.receivers().end());
  all.insert(all.end(), e.unassessed().begin(), e.unassessed().end());
  all.insert(all.end(), e.unidentified().begin(), e.unidentified().end());
  std::stable_sort(all.begin(), all.end(), [](const v1::ChainNode& x, const v1::ChainNode& y) {
    return x.depth() < y.depth();
  });
  for (const v1::ChainNode& n : all) {
    const std::string id = id_of(n);
    if (!seen.insert(id).second) continue;
    nodes.push_back({id, NodeName(n, lang), n.assessed() ? n.grade() : "?", std::max(1, n.depth()),
                     e.has_worst() && id_of(e.worst()) == id});
  }
  std::vector<std::pair<std::string, std::string>> edges;
  std::set<std::pair<std::string, std::string>> have;
  for (const v1::ChainPath& p : e.receiver_paths()) {
    for (const v1::ChainHop& h : p.hops()) {
      if (have.insert({h.from(), h.to()}).second) edges.emplace_back(h.from(), h.to());
    }
  }
  return LayeredGraphSvg(nodes, edges);
}

std::string ChangeReason(const v1::Assessment& before, const v1::Assessment& after,
                         render::Language lang) {
  std::map<std::pair<int, std::string>, std::string> was;
  for (const v1::AssessmentInput& i : before.inputs()) was[{i.kind(), i.name()}] = i.digest();
  std::vector<std::string> changed;
  std::set<std::pair<int, std::string>> now;
  for (const v1::AssessmentInput& i : after.inputs()) {
    now.insert({i.kind(), i.name()});
    auto it = was.find({i.kind(), i.name()});
    if (it == was.end() || it->second != i.digest()) {
      changed.push_back(
          absl::StrCat(absl::AsciiStrToLower(absl::StripPrefix(
                           v1::AssessmentInputKind_Name(i.kind()), "ASSESSMENT_INPUT_KIND_")),
                       i.name().empty() ? "" : absl::StrCat(" ", i.name())));
    }
  }
  for (const auto& [key, digest] : was) {
    if (now.count(key) == 0) changed.push_back(absl::StrCat("-", key.second));
  }
  std::vector<std::string> parts;
  if (!changed.empty()) {
    const size_t count = changed.size();
    if (changed.size() > 5) {
      const size_t more = changed.size() - 5;
      changed.resize(5);
      changed.push_back(absl::StrCat("+", more));
    }
    parts.push_back(
        Words(lang, "report.trend.inputs",
              {{"count", absl::StrCat(count)}, {"names", absl::StrJoin(changed, ", ")}}));
  }
  if (before.model_version() != after.model_version()) {
    parts.push_back(Words(lang, "report.trend.model",
                          {{"from", before.model_version()}, {"to", after.model_version()}}));
  }
  if (parts.empty()) return Words(lang, "report.trend.same");
  return absl::StrJoin(parts, "; ");
}

}  // namespace supplyrisk::report
