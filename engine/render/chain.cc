// Texts of the decision reasons and conditions that come from an engagement's subcontractor
// chain (Assessment.effective_risk): who the party is, how the engagement's scope reaches it,
// and what it receives.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "engine/render/renderer.h"

namespace supplyrisk::render {
namespace {

using supplyrisk::v1::Assessment;
using supplyrisk::v1::DecisionReason;

// The party's name as the chain knows it (display name, else its id without the prefix).
std::string PartyLabel(const Renderer& r, const Assessment& a, absl::string_view id) {
  const auto& er = a.effective_risk();
  for (int i = 0; i < er.receivers_size() && i < er.receiver_paths_size(); ++i) {
    const auto& path = er.receiver_paths(i);
    if (path.hops().empty() || path.hops(path.hops_size() - 1).to() != id) continue;
    const auto& node = er.receivers(i);
    const std::string& ja = node.display_name().ja();
    const std::string& en = node.display_name().en();
    if (r.lang() == Language::kJa && !ja.empty()) return ja;
    if (!en.empty()) return en;
    if (!ja.empty()) return ja;
    if (!node.party_name().empty()) return node.party_name();
  }
  absl::string_view bare = id;
  if (!absl::ConsumePrefix(&bare, "suppliers/")) absl::ConsumePrefix(&bare, "party:");
  return std::string(bare);
}

// What reaches the end of `path`: its data classes and access, in words.
std::string Received(const Renderer& r, const supplyrisk::v1::ChainPath& path) {
  if (path.hops().empty()) return r.Say("chain.nothing");
  const supplyrisk::v1::ChainHop& last = path.hops(path.hops_size() - 1);
  std::vector<std::string> parts;
  for (int d : last.data_classes()) {
    parts.push_back(r.Coded(
        "chain.data", supplyrisk::v1::DataClass_Name(static_cast<supplyrisk::v1::DataClass>(d))));
  }
  if (last.access() > supplyrisk::v1::ACCESS_LEVEL_NONE) {
    parts.push_back(r.Coded("chain.access", supplyrisk::v1::AccessLevel_Name(last.access())));
  }
  if (parts.empty()) return r.Say("chain.nothing");
  return r.Join(parts, "sep.list");
}

// "directly" for a direct subcontractor, else "via B, C" (the parties between).
std::string Route(const Renderer& r, const Assessment& a, const supplyrisk::v1::ChainPath& path) {
  std::vector<std::string> via;
  for (int i = 0; i + 1 < path.hops_size(); ++i) via.push_back(PartyLabel(r, a, path.hops(i).to()));
  if (via.empty()) return r.Say("chain.route.direct");
  return r.Say("chain.route.via", {{"parties", r.Join(via, "sep.list")}});
}

// The path of the receiver `party`, when the assessment's chain has it.
const supplyrisk::v1::ChainPath* PathOf(const Assessment& a, absl::string_view party) {
  const auto& er = a.effective_risk();
  for (int i = 0; i < er.receiver_paths_size(); ++i) {
    const auto& path = er.receiver_paths(i);
    if (!path.hops().empty() && path.hops(path.hops_size() - 1).to() == party) return &path;
  }
  return nullptr;
}

}  // namespace

bool ChainReasonText(const Renderer& r, const Assessment& a, const DecisionReason& reason,
                     absl::string_view star, std::string* text) {
  const std::string& code = reason.code();
  if (code == "chain_beyond_cap") {
    *text = r.Say("reason.chain_beyond_cap", {{"count", absl::StrCat(reason.count())}});
    return true;
  }
  if (code != "chain_lowered" && code != "subcontractor_failing" &&
      code != "subcontractor_unassessed" && code != "subcontractor_unidentified") {
    return false;
  }
  const std::string party = PartyLabel(r, a, reason.party());
  const std::string what = Received(r, reason.path());
  const std::string route = Route(r, a, reason.path());
  if (code == "chain_lowered") {
    *text = r.Say("reason.chain_lowered", {{"score", Fixed(reason.score(), 1)},
                                           {"own", Fixed(reason.minimum(), 1)},
                                           {"party", party},
                                           {"route", route},
                                           {"what", what}});
  } else if (code == "subcontractor_failing") {
    *text = r.Say("reason.subcontractor_failing",
                  {{"party", party},
                   {"score", Fixed(reason.score(), 1)},
                   {"star", star},
                   {"minimum", Fixed(reason.minimum(), 1)},
                   {"route", route},
                   {"what", what},
                   {"reject", reason.rejecting() ? r.Say("reason.subcontractor_failing.reject")
                                                 : std::string()}});
  } else {
    *text =
        r.Say(absl::StrCat("reason.", code), {{"party", party}, {"route", route}, {"what", what}});
  }
  return true;
}

bool ChainConditionAdvice(const Renderer& r, const Assessment& a, absl::string_view id,
                          std::string* advice) {
  for (const char* kind : {"subcontractor", "assess_subcontractor", "identify_subcontractor"}) {
    absl::string_view party = id;
    if (!absl::ConsumePrefix(&party, absl::StrCat(kind, ":"))) continue;
    const supplyrisk::v1::ChainPath* path = PathOf(a, party);
    *advice = r.Say(absl::StrCat("condition.", kind),
                    {{"party", PartyLabel(r, a, party)},
                     {"what", path != nullptr ? Received(r, *path) : r.Say("chain.nothing")}});
    return true;
  }
  return false;
}

}  // namespace supplyrisk::render
