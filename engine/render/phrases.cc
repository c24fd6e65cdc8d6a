#include "engine/render/phrases.h"

#include <algorithm>
#include <vector>

namespace supplyrisk::render {
namespace {

// English patterns reproduce the engine's texts as they were written before rendering moved here,
// byte for byte, so stored English reports read the same.
constexpr Phrase kPhrases[] = {
    // Answers as given (Discrepancy.claimed, Finding.answers). English shows them as stored.
    {"answer.no", "no", "いいえ"},
    {"answer.not_applicable", "not_applicable", "該当なし"},
    {"answer.partial", "partial", "一部"},
    {"answer.subcontractors", "{count} subcontractors", "委託先 {count} 社"},
    {"answer.text", "text", "記述回答"},
    {"answer.unanswered", "unanswered", "未回答"},
    {"answer.unknown", "unknown", "不明"},
    {"answer.unspecified", "unspecified", "未指定"},
    {"answer.yes", "yes", "はい"},

    // CPSF names.
    {"component.COMPONENT", "COMPONENT", "モノ"},
    {"component.DATA", "DATA", "データ"},
    {"component.ORGANIZATION", "ORGANIZATION", "ソシキ"},
    {"component.PEOPLE", "PEOPLE", "ヒト"},
    {"component.PROCEDURE", "PROCEDURE", "プロシージャ"},
    {"component.SYSTEM", "SYSTEM", "システム"},
    {"layer.L1", "L1", "第1層"},
    {"layer.L2", "L2", "第2層"},
    {"layer.L3", "L3", "第3層"},
    {"factor.APPLICATION_SECURITY", "APPLICATION_SECURITY", "アプリケーションセキュリティ"},
    {"factor.DNS_HEALTH", "DNS_HEALTH", "DNSの健全性"},
    {"factor.ENDPOINT_SECURITY", "ENDPOINT_SECURITY", "エンドポイントセキュリティ"},
    {"factor.IP_REPUTATION", "IP_REPUTATION", "IPレピュテーション"},
    {"factor.LEAKED_CREDENTIALS", "LEAKED_CREDENTIALS", "漏えいした認証情報"},
    {"factor.NETWORK_SECURITY", "NETWORK_SECURITY", "ネットワークセキュリティ"},
    {"factor.PATCHING_CADENCE", "PATCHING_CADENCE", "パッチ適用の速さ"},
    {"severity.CRITICAL", "CRITICAL", "緊急"},
    {"severity.HIGH", "HIGH", "高"},
    {"severity.INFO", "INFO", "情報"},
    {"severity.LOW", "LOW", "低"},
    {"severity.MEDIUM", "MEDIUM", "中"},
    {"severity.POSITIVE", "POSITIVE", "良好"},
    {"severity.UNSPECIFIED", "UNSPECIFIED", "未指定"},

    // Supplier profile flags and what contradicted them.
    {"profile_flag.1", "handling personal data", "個人情報を取り扱っている"},
    {"profile_flag.2", "having a website", "ウェブサイトを持っている"},
    {"profile_flag.3", "operating control systems", "制御システムを運用している"},
    {"profile_flag.4", "supplying IoT devices", "IoT機器を供給している"},
    {"profile_flag.5", "using subcontractors", "委託先を利用している"},
    {"profile_flag.6", "developing software", "ソフトウェアを開発している"},
    {"profile_flag.7", "using cloud services", "クラウドサービスを利用している"},
    {"profile_flag.unknown", "an unknown flag", "不明なフラグ"},
    {"profile_source.engagement_data_classes", "the engagement's data classes",
     "取引で預けるデータの区分"},
    {"profile_source.engagement_physical_or_ot",
     "the engagement (physical sites or control systems)",
     "取引の内容（物理拠点または制御システム）"},
    {"profile_source.observation", "an observation", "外部からの観測結果"},
    {"profile_source.response_subcontractors", "the response's subcontractor list",
     "回答の委託先一覧"},

    // Separators of lists inside a text.
    {"sep.claims", "; ", "、"},
    {"sep.conditions", "; ", "；"},
    {"sep.list", ", ", "、"},
    {"quote", "'{text}'", "「{text}」"},

    // Findings (summary, and .fix for the remediation).
    {"advice.fallback", "Put in place and evidence: {question}",
     "次の対策を実施し、証跡を示してください: 「{question}」"},
    {"finding.discrepancy.claim", "'{question}' answered {answer}",
     "質問「{question}」への回答「{answer}」"},
    {"finding.discrepancy.history", "history of {issue} on {asset} contradicts {count} claim(s): ",
     "{asset} で過去に観測された {issue} が {count} 件の回答と矛盾しています: "},
    {"finding.discrepancy.observed", "observed {issue} on {asset} contradicts {count} claim(s): ",
     "{asset} で観測された {issue} が {count} 件の回答と矛盾しています: "},
    {"finding.discrepancy.profile",
     "profile says not {flag} but {source} shows it: the sections it hid are asked and count "
     "unanswered",
     "プロフィールでは「{flag}」に該当しないとされていますが、{source}から該当することが分かり"
     "ます: 隠されていたセクションを質問し、回答されるまで未回答として扱います"},
    {"finding.discrepancy.profile.fix",
     "correct the supplier profile and answer the sections it hid",
     "サプライヤーのプロフィールを訂正し、隠されていたセクションに回答してください"},
    {"finding.discrepancy.voided", " (and {count} follow-up answer(s) with them)",
     "（関連する追加質問の回答 {count} 件も無効になります）"},
    {"finding.failing_cell",
     "cell {cell} scores {score}, below {threshold}: the overall score is capped at {cap}",
     "セル {cell} のスコアは {score} で、基準の {threshold} を下回っています: 総合スコアの上限は "
     "{cap} です"},
    {"finding.failing_measure", "measure {measure} ({title}) earns {credit}",
     "対策 {measure}（{title}）の達成度は {credit} です"},
    {"finding.future_dated",
     "{count} answer(s) given after as_of or dated in the future: no credit",
     "{count} 件の回答が評価基準日より後に提出されたか、将来の日付になっています: 評価しません"},
    {"finding.future_dated.fix", "date answers by when things happened, never ahead",
     "回答の日付は実際に行った日とし、先の日付にしないでください"},
    {"finding.invalid_na",
     "'{question}' answered not applicable, which the template does not allow: no credit",
     "質問「{question}」に「該当なし」と回答されていますが、このテンプレートでは認められません: "
     "評価しません"},
    {"finding.knockout.answered", "knockout: '{question}' answered {answer}",
     "ノックアウト: 質問「{question}」への回答は「{answer}」です"},
    {"finding.knockout.contradicted",
     "knockout: '{question}' is claimed but signal {signal} observes otherwise",
     "ノックアウト: 質問「{question}」は満たしていると回答されていますが、シグナル {signal} "
     "の観測結果はこれと矛盾しています"},
    {"finding.knockout.unanswered", "knockout: '{question}' is unanswered",
     "ノックアウト: 質問「{question}」が未回答です"},
    {"finding.missing_evidence",
     "{count} positive answer(s) lack the required evidence and are capped",
     "肯定的な回答 {count} 件に必要な証跡がないため、評価に上限を設けています"},
    {"finding.missing_evidence.fix", "attach the requested documents, reports or records",
     "求められている文書、報告書または記録を添付してください"},
    {"finding.open_signal", "{count} open {issue} ({factor})",
     "未解決の {issue}（{factor}）が {count} 件あります"},
    {"finding.open_signal.assets", " on {assets}", "（対象: {assets}）"},
    {"finding.open_signal.fix", "fix {issue} and have it rescanned",
     "{issue} を修正し、再スキャンを受けてください"},
    {"finding.patch_sla.median",
     "median {median} days to fix {severity} vulnerabilities exceeds the {days}-day SLA",
     "深刻度「{severity}」の脆弱性の修正日数の中央値 {median} 日が SLA の {days} 日を超えています"},
    {"finding.patch_sla.median.fix", "make patching a scheduled procedure with an owner",
     "パッチ適用を、担当者を決めた定期的な手順にしてください"},
    {"finding.patch_sla.open",
     "{count} open {severity} vulnerabilit(ies) older than the {days}-day SLA",
     "深刻度「{severity}」の脆弱性 {count} 件が SLA の {days} 日を過ぎても未解決です"},
    {"finding.patch_sla.open.fix", "patch or isolate within {days} days",
     "{days} 日以内にパッチを適用するか隔離してください"},
    {"finding.severe",
     "{count} severe open observation(s) ({observations}): the overall score is scaled into [0, "
     "{cap}]",
     "重大な未解決の観測結果が {count} 件あります（{observations}）: 総合スコアを 0〜{cap} "
     "の範囲に縮小します"},
    {"finding.severe.fix", "close or isolate these exposures and have them rescanned",
     "これらの露出を閉じるか隔離し、再スキャンを受けてください"},
    {"finding.severe.item", "{issue} on {asset}", "{asset} の {issue}"},
    {"finding.severe.item_open", "{issue} on {asset}, open {days} days",
     "{asset} の {issue}（{days} 日間未解決）"},
    {"finding.severe.more", "...", "ほか"},
    {"finding.stale_answer",
     "{count} answer(s) are past their validity (oldest {days} days) and decay",
     "{count} 件の回答が有効期限を過ぎており（最も古いもので {days} 日）、評価が減衰しています"},
    {"finding.stale_answer.fix", "ask the supplier to confirm or update its answers",
     "サプライヤーに回答の確認または更新を依頼してください"},
    {"finding.unanswered", "{count} question(s) unanswered or answered unknown: no credit",
     "{count} 件の質問が未回答または「不明」と回答されています: 評価しません"},
    {"finding.unanswered.fix", "answer every question; unknown counts as no",
     "すべての質問に回答してください。「不明」は「いいえ」として扱います"},

    // Decision reasons.
    {"reason.discrepancy.claim", "{question} ('{answer}')",
     "質問「{question}」（回答「{answer}」）"},
    {"reason.discrepancy.many", "observed {observed} contradicts {count} answers: {claims}",
     "観測された {observed} が {count} 件の回答と矛盾しています: {claims}"},
    {"reason.chain_beyond_cap",
     "{count} relationship(s) past the depth cap pass the engagement's data or access further: "
     "that coverage is not assessed",
     "深さの上限を超えて {count} 件の委託関係が委託データやアクセスをさらに渡しています: "
     "その範囲は評価されていません"},
    {"reason.chain_lowered",
     "the subcontractor chain caps the effective score at {score} (own {own}): {party}, which "
     "receives {what} {route}",
     "再委託チェーンにより実効スコアが {score} に制限されています（自社 {own}）: {route}{what}を"
     "受け取る {party}"},
    {"reason.subcontractor_failing",
     "subcontractor {party} scores {score}, below the star-{star} minimum {minimum}, and receives "
     "{what} {route}{reject}",
     "再委託先 {party} のスコア {score} は ★{star} の最低点 {minimum} を下回っており、{route}{what}"
     "を受け取っています{reject}"},
    {"reason.subcontractor_failing.reject",
     ": the policy does not let this data or access reach a failing party",
     "。基準を満たさない委託先にこのデータやアクセスを渡すことはポリシーで認められていません"},
    {"reason.subcontractor_unassessed",
     "subcontractor {party} receives {what} {route} but has no current assessment",
     "再委託先 {party} は {route}{what}を受け取っていますが、有効な評価がありません"},
    {"reason.subcontractor_unidentified",
     "{party}, named in the answers, matches no supplier record and receives {what} {route}",
     "回答に記載された {party} はサプライヤー台帳に該当がなく、{route}{what}を受け取っています"},
    {"chain.route.direct", "directly", "直接"},
    {"chain.route.via", "via {parties}", "{parties} 経由で"},
    {"chain.nothing", "nothing of the engagement", "委託内容なし"},
    {"chain.data.DATA_CLASS_PUBLIC", "public data", "公開情報"},
    {"chain.data.DATA_CLASS_INTERNAL", "internal data", "社内情報"},
    {"chain.data.DATA_CLASS_CONFIDENTIAL", "confidential data", "機密情報"},
    {"chain.data.DATA_CLASS_IMPORTANT_CONFIDENTIAL", "important confidential data",
     "重要な機密情報"},
    {"chain.data.DATA_CLASS_PERSONAL", "personal data", "個人情報"},
    {"chain.data.DATA_CLASS_SPECIAL_CARE_PERSONAL", "special-care personal data", "要配慮個人情報"},
    {"chain.data.DATA_CLASS_OT_OPERATIONAL", "control-system data", "制御系データ"},
    {"chain.access.ACCESS_LEVEL_PORTAL", "portal access", "ポータルへのアクセス"},
    {"chain.access.ACCESS_LEVEL_REMOTE", "remote access to internal systems",
     "内部システムへのリモートアクセス"},
    {"chain.access.ACCESS_LEVEL_PRIVILEGED", "privileged access", "特権アクセス"},
    {"chain.access.ACCESS_LEVEL_ONSITE_OT", "maintenance access to control systems",
     "制御システムへの保守アクセス"},
    {"reason.discrepancy.observation", "{issue} on {asset}", "{issue}（{asset}）"},
    {"reason.discrepancy.one", "observed {observed} contradicts 1 answer: {claims}",
     "観測された {observed} が回答と矛盾しています: {claims}"},
    // A profile flag's claim names no question (the English keeps the engine's empty id).
    {"reason.discrepancy.profile_claim", " ('not {flag}')",
     "プロフィールで「{flag}」に該当しないとした申告"},
    {"reason.knockout", "knockout answer on {questions}: fails the gate regardless of score",
     "ノックアウトとなる回答があります（{questions}）: スコアにかかわらず基準を満たしません"},
    {"reason.layer_minimum",
     "layer {layer} score {score} is below the star-{star} minimum {minimum}{margin}",
     "{layer}のスコア {score} が ★{star} の最低点 {minimum} を下回っています{margin}"},
    {"reason.low_confidence",
     "confidence {confidence} is below {minimum}: answer the open questions, attach evidence and "
     "refresh stale answers",
     "信頼度 {confidence} が {minimum} を下回っています: 未回答の質問に回答し、証跡を添付し、"
     "古い回答を更新してください"},
    {"reason.meets_requirements", "meets every star-{star} requirement",
     "★{star} のすべての要件を満たしています"},
    {"reason.open_signal.unknown", "open observation(s) {signals}", "未解決の観測結果 {signals}"},
    {"reason.overall_below_minimum",
     "overall {score} is below the star-{star} minimum {minimum}{margin}",
     "総合スコア {score} が ★{star} の最低点 {minimum} を下回っています{margin}"},
    {"reason.required_level.star3",
     "star 3 required: no important confidential data, no critical dependency, no access to "
     "internal systems",
     "★3 が必要です: 重要な機密データを預けず、重要な依存関係もなく、内部システムへのアクセスも"
     "ありません"},
    {"reason.required_level.star4", "star 4 required: {causes}", "★4 が必要です: {causes}"},
    {"reason.stale_answers",
     "strong but stale: {count} answer(s) are past their validity (freshness {freshness}); without "
     "decay the overall score would be about {score} against the star-{star} minimum {minimum}: "
     "{action}",
     "内容は十分ですが古くなっています: {count} 件の回答が有効期限を過ぎています（鮮度 "
     "{freshness}）。減衰がなければ総合スコアは約 {score} で、★{star} の最低点は {minimum} です: "
     "{action}"},
    {"reason.stale_answers.by", "reassess by {date}", "{date} までに再評価してください"},
    {"reason.stale_answers.within", "reassess within {days} days",
     "{days} 日以内に再評価してください"},
    {"reason.star_not_met", "SCS star {star} not met: {count} item(s) missing ({items})",
     "SCS ★{star} の要件を満たしていません: {count} 項目が不足しています（{items}）"},
    {"reason.star_not_met.folded",
     "SCS star {star} not met: {count} item(s) missing, all resting on answers past their "
     "validity: the reassessment re-checks them",
     "SCS ★{star} の要件を満たしていません: {count} 項目が不足していますが、いずれも有効期限を"
     "過ぎた回答によるもので、再評価で確認し直します"},
    {"reason.too_many_conditions",
     "{count} conditions exceed the policy maximum of {maximum}: {conditions}",
     "条件が {count} 件あり、ポリシーの上限 {maximum} 件を超えています: {conditions}"},
    {"reason.too_many_conditions.folded", "folded into the reassessment", "再評価に含めて確認"},
    {"reason.too_many_conditions.item", "{id} ({title})", "{title}（{id}）"},
    {"reason.within_margin", " (within the condition margin)", "（条件付き承認の許容範囲内）"},
    {"required_cause.access_to_internal_systems", "access_to_internal_systems",
     "内部システムへのアクセスがある"},
    {"required_cause.important_confidential_data", "important_confidential_data",
     "重要な機密データを預ける"},
    {"required_cause.outage_unacceptable", "outage_unacceptable", "停止が許容されない"},

    // Conditions (their remediation advice).
    {"condition.assess_subcontractor", "have {party} assessed: it receives {what}",
     "{party}（{what}を受け取る）の評価を実施してください"},
    {"condition.identify_subcontractor",
     "identify {party} by its corporate number and have it assessed: it receives {what}",
     "{party} を法人番号で特定し、評価を実施してください（{what}を受け取る）"},
    {"condition.subcontractor", "have {party} reach the required level, or stop passing it {what}",
     "{party} に必要な水準への改善を求めるか、{what}を渡すのをやめてください"},
    {"condition.measure", "put measure {measure} in place and evidence it",
     "対策 {measure}（{title}）を実施し、証跡を示してください"},
    {"condition.observation.many",
     "fix {issue} (signal {signal}) and confirm questions {questions}",
     "{issue}（シグナル {signal}）を修正し、質問{questions}の回答を確認してください"},
    {"condition.observation.one", "fix {issue} (signal {signal}) and confirm question {questions}",
     "{issue}（シグナル {signal}）を修正し、質問{questions}の回答を確認してください"},
    {"condition.reassess",
     "reassess: have the supplier confirm or update its {count} answer(s) past their validity",
     "再評価: 有効期限を過ぎた {count} 件の回答の確認または更新をサプライヤーに依頼してください"},
    {"condition.reassess.by",
     "reassess by {date}: have the supplier confirm or update its {count} answer(s) past their "
     "validity",
     "{date} までに再評価: 有効期限を過ぎた {count} 件の回答の確認または更新をサプライヤーに"
     "依頼してください"},
    {"condition.refresh_questionnaire", "complete and refresh the questionnaire with evidence",
     "証跡を添えて質問票に漏れなく回答し、内容を更新してください"},

    // SCS star readiness items the engine itself checks (profiles name theirs).
    {"star_item.security_action_one_star_declaration", "SECURITY ACTION one-star declaration",
     "SECURITY ACTION 一つ星の自己宣言"},
    {"star_item.security_action_two_star_declaration", "SECURITY ACTION two-star declaration",
     "SECURITY ACTION 二つ星の自己宣言"},
};

const std::vector<Phrase>& Sorted() {
  static const std::vector<Phrase>* const sorted = [] {
    auto* v = new std::vector<Phrase>(std::begin(kPhrases), std::end(kPhrases));
    std::stable_sort(v->begin(), v->end(),
                     [](const Phrase& a, const Phrase& b) { return a.key < b.key; });
    return v;
  }();
  return *sorted;
}

}  // namespace

absl::Span<const Phrase> AllPhrases() { return Sorted(); }

absl::string_view Pattern(absl::string_view key, Language lang) {
  const auto& all = Sorted();
  auto it = std::lower_bound(all.begin(), all.end(), key,
                             [](const Phrase& p, absl::string_view k) { return p.key < k; });
  if (it == all.end() || it->key != key) return key;
  return lang == Language::kJa ? it->ja : it->en;
}

std::string Fill(absl::string_view pattern, absl::Span<const Arg> args) {
  std::string out;
  out.reserve(pattern.size() + 32);
  size_t i = 0;
  while (i < pattern.size()) {
    const size_t open = pattern.find('{', i);
    if (open == absl::string_view::npos) break;
    const size_t close = pattern.find('}', open + 1);
    if (close == absl::string_view::npos) break;
    out.append(pattern.data() + i, open - i);
    const absl::string_view name = pattern.substr(open + 1, close - open - 1);
    const Arg* found = nullptr;
    for (const Arg& a : args) {
      if (a.first == name) found = &a;
    }
    if (found != nullptr) {
      out.append(found->second.data(), found->second.size());
    } else {
      out.append(pattern.data() + open, close + 1 - open);
    }
    i = close + 1;
  }
  out.append(pattern.data() + i, pattern.size() - i);
  return out;
}

std::string Say(Language lang, absl::string_view key, absl::Span<const Arg> args) {
  return Fill(Pattern(key, lang), args);
}

}  // namespace supplyrisk::render
