#include "clients/report/words.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace supplyrisk::report {
namespace {

constexpr render::Phrase kWords[] = {
    // How a measure's credit was reached (MeasureCredit.basis).
    {"basis.answered", "answered", "回答あり"},
    {"basis.capped_no_evidence", "capped for missing evidence", "証跡なしのため上限適用"},
    {"basis.compensated", "compensated", "代替策で補完"},
    {"basis.confirmed", "confirmed by a scan", "スキャンで確認"},
    {"basis.contradicted", "contradicted by a scan", "スキャン結果と矛盾"},
    {"basis.decayed", "decayed with age", "経過により減衰"},
    {"basis.not_applicable", "not applicable", "該当なし"},
    {"basis.unanswered", "unanswered", "未回答"},
    {"basis.unknown", "answered unknown", "不明と回答"},

    // Kinds of evidence (EvidenceKind).
    {"evidence.EVIDENCE_KIND_CERTIFICATE", "certificate", "認証"},
    {"evidence.EVIDENCE_KIND_DOCUMENT", "document", "文書"},
    {"evidence.EVIDENCE_KIND_RECORD", "record", "記録"},
    {"evidence.EVIDENCE_KIND_REPORT", "report", "報告書"},
    {"evidence.EVIDENCE_KIND_SCREENSHOT", "screenshot", "画面写し"},
    {"evidence.EVIDENCE_KIND_UNSPECIFIED", "unspecified", "種類不明"},

    // OSCAL Assessment Results.
    {"oscal.answer.comment", "Comment: {comment}", "コメント: {comment}"},
    {"oscal.answer.description", "Answered: {answer}", "回答: {answer}"},
    {"oscal.answer.evidence", "{kind} evidence: {where}", "証跡（{kind}）: {where}"},
    {"oscal.decision", "Decision for {engagement}: {outcome}.", "{engagement} の判定: {outcome}。"},
    {"oscal.finding.description", "Credit {credit} of 1, threshold {threshold}: {basis}.",
     "達成度 {credit}/1（基準 {threshold}）: {basis}。"},
    {"oscal.finding.not_applicable", "Declared not applicable: no credit and no risk recorded.",
     "該当なしと申告: 達成度もリスクも記録しない。"},
    {"oscal.plan", "Questionnaire {template} revision {revision} with the scans on record",
     "質問票 {template} 改訂 {revision} と記録済みのスキャン"},
    {"oscal.platform", "supplyrisk scoring engine {version}", "supplyrisk 評価エンジン {version}"},
    {"oscal.result.description",
     "Grade {grade}, overall score {score} of 100, confidence {confidence}; questionnaire "
     "{questionnaire}, scans {signals}.",
     "評価 {grade}、総合スコア {score}/100、信頼度 {confidence}。質問票 {questionnaire}、スキャン "
     "{signals}。"},
    {"oscal.result.title", "Cyber risk of {supplier} as of {day}",
     "{supplier} のサイバーリスク（{day} 時点）"},
    {"oscal.risk.deadline", "Due {day} as a condition of {engagement}.",
     "{engagement} の条件として {day} までに対応。"},
    {"oscal.risk.description", "{measure} is below the policy's threshold: {finding}",
     "{measure} が基準に達していない: {finding}"},
    {"oscal.risk.statement.fallback", "Put in place and evidence: {measure}",
     "対策を実施し証跡を示すこと: {measure}"},
    {"oscal.signal.description", "{severity}; first seen {first}, last seen {last}; {state}.",
     "{severity}。初回検出 {first}、最終検出 {last}。{state}。"},
    {"oscal.signal.detail", "Detail: {detail}", "詳細: {detail}"},
    {"oscal.signal.open", "open", "未解決"},
    {"oscal.signal.resolved", "resolved {day}", "{day} に解決"},
    {"oscal.signal.title", "{factor}: {issue} on {asset}", "{factor}: {asset} の {issue}"},
    {"oscal.title", "Supplier cyber risk assessment: {supplier}",
     "サプライヤーのサイバーリスク評価: {supplier}"},
    {"oscal.tool.description", "Outside-in scanner whose observations were scored.",
     "観測結果が評価に使われた外部スキャナー。"},

    // Decision outcomes.
    {"outcome.DECISION_OUTCOME_APPROVE", "approve", "承認"},
    {"outcome.DECISION_OUTCOME_APPROVE_WITH_CONDITIONS", "approve with conditions", "条件付き承認"},
    {"outcome.DECISION_OUTCOME_REJECT", "reject", "却下"},
    {"outcome.DECISION_OUTCOME_UNSPECIFIED", "no decision", "判定なし"},

    // Reports (reports.h).
    {"report.after", "Now", "今回"},
    {"report.as_of", "As of", "評価時点"},
    {"report.before", "Before", "前回"},
    {"report.cell", "Cell", "セル"},
    {"report.chain.concentration",
     "Concentration: {party} serves {count} suppliers of the base ({share} of the critical "
     "ones){spof}",
     "集中: {party} は {count} 社のサプライヤーが利用（重要サプライヤーの {share}）{spof}"},
    {"report.chain.effective", "Effective score {score} ({grade}); own score {own}",
     "実効スコア {score}（{grade}）、自社スコア {own}"},
    {"report.chain.no_engagement", "No engagement: the chain is weighed per engagement.",
     "取引の指定なし: 委託先チェーンは取引ごとに評価する。"},
    {"report.chain.none", "No subcontractor receives this engagement's data or access.",
     "この取引のデータやアクセスを受け取る委託先はない。"},
    {"report.chain.spof", ": a single point of failure", "。単一障害点"},
    {"report.chain.unknown",
     "{unassessed} unassessed, {unidentified} unidentified, {beyond} beyond the depth cap",
     "未評価 {unassessed}、特定不能 {unidentified}、深さ上限超 {beyond}"},
    {"report.chain.worst", "Worst: {party} ({grade}), path {path}",
     "最も弱い委託先: {party}（{grade}）、経路 {path}"},
    {"report.claimed", "Answered", "回答"},
    {"report.conditions.none", "No conditions.", "条件なし。"},
    {"report.confidence", "Confidence", "信頼度"},
    {"report.corporate_number", "Corporate number", "法人番号"},
    {"report.coverage", "Coverage", "回答率"},
    {"report.decision.title", "Decision sheet: {supplier}", "判定シート: {supplier}"},
    {"report.due", "Due", "期限"},
    {"report.effort", "Effort (days)", "工数（日）"},
    {"report.engagement", "Engagement", "取引"},
    {"report.factor", "Factor", "要素"},
    {"report.failing", "Failing", "基準未達"},
    {"report.finding", "Finding", "指摘"},
    {"report.flips.none", "No decision changed.", "判定の変化なし。"},
    {"report.flips.unknown", "No earlier assessments were given: changes cannot be shown.",
     "前回の評価が与えられていないため、変化は示せない。"},
    {"report.full.title", "Supplier report: {supplier}", "サプライヤーレポート: {supplier}"},
    {"report.grade", "Grade", "評価"},
    {"report.input_digest", "Input digest", "入力ダイジェスト"},
    {"report.issue", "Issue type", "問題の種類"},
    {"report.mean", "Mean score", "平均スコア"},
    {"report.median", "Median days to fix", "修正までの中央値（日）"},
    {"report.meets", "Meets SLA", "期限内"},
    {"report.met", "met", "達成"},
    {"report.missing", "Missing", "不足項目"},
    {"report.model_version", "Model version", "モデルバージョン"},
    {"report.more", "and {count} more (see the supplier report)",
     "ほか {count} 件（サプライヤーレポートを参照）"},
    {"report.no", "no", "いいえ"},
    {"report.none", "None.", "なし。"},
    {"report.not_met", "not met", "未達"},
    {"report.observed", "Observed", "観測"},
    {"report.open", "Open", "未解決"},
    {"report.open_issues", "Open issues", "未解決"},
    {"report.party", "Party", "委託先"},
    {"report.policy_version", "Policy version", "ポリシーバージョン"},
    {"report.portfolio.title", "Portfolio report: {count} suppliers",
     "ポートフォリオレポート: {count} 社"},
    {"report.positive", "Positive", "良好"},
    {"report.question", "Question", "設問"},
    {"report.remediation", "Remediation", "是正策"},
    {"report.required_star", "Required: star {star}", "必要な水準: ★{star}"},
    {"report.resolved", "Resolved", "解決済み"},
    {"report.score", "Score", "スコア"},
    {"report.section.all_findings", "Findings", "指摘事項"},
    {"report.section.audit", "For audit", "監査用情報"},
    {"report.section.chain", "Subcontractor chain", "委託先チェーン"},
    {"report.section.concentration", "Shared subcontractors (concentration)",
     "共有されている委託先（集中）"},
    {"report.section.conditions", "Conditions", "条件"},
    {"report.section.discrepancies", "Answers contradicted by scans", "回答とスキャン結果の矛盾"},
    {"report.section.factor_detail", "External factors", "外部観測の要素"},
    {"report.section.factors", "The four weaknesses (A-F)", "4つの要対応項目（A-F）"},
    {"report.section.figures", "Grade, score and confidence", "評価・スコア・信頼度"},
    {"report.section.findings", "Top findings", "主な指摘事項"},
    {"report.section.flips", "Decision flips since the previous assessment",
     "前回評価からの判定の変化"},
    {"report.section.grades", "Grade distribution", "評価の分布"},
    {"report.section.heatmap", "CPSF 3 layers x 6 components (score, coverage)",
     "CPSF 3層×6構成要素（スコア、回答率）"},
    {"report.section.issues", "Most common open issues", "多い未解決の問題"},
    {"report.section.outcome", "Outcome", "判定"},
    {"report.section.patching", "Patching cadence", "パッチ適用の速さ"},
    {"report.section.stars", "Star readiness", "★の達成状況"},
    {"report.section.trend", "Score trend", "スコアの推移"},
    {"report.section.weak_cells", "Weakest CPSF cells across the base", "全体で弱い CPSF セル"},
    {"report.severity", "Severity", "重大度"},
    {"report.shared_by", "Shared by", "共有するサプライヤー数"},
    {"report.sla", "SLA (days)", "期限（日）"},
    {"report.source", "Source", "根拠"},
    {"report.source.answer", "answer", "回答"},
    {"report.source.assessment", "assessment", "評価"},
    {"report.source.both", "answer and scan", "回答とスキャン"},
    {"report.source.scan", "scan", "スキャン"},
    {"report.spof", "single point of failure", "単一障害点"},
    {"report.star", "Star", "★"},
    {"report.supplier", "Supplier", "サプライヤー"},
    {"report.suppliers", "Suppliers", "サプライヤー数"},
    {"report.trend.change", "Last change ({from} to {to}): {what}",
     "直近の変化（{from} → {to}）: {what}"},
    {"report.trend.inputs", "{count} input(s) changed: {names}", "入力 {count} 件が変化: {names}"},
    {"report.trend.model", "model {from} to {to}", "モデル {from} → {to}"},
    {"report.trend.same", "same inputs, a later as_of", "入力は同一、評価時点のみ変化"},
    {"report.trend.single", "One assessment on record.", "評価は1回のみ。"},
    {"report.unassessed",
     "{count} more supplier(s) have no assessment yet and are not counted here.",
     "評価がまだないサプライヤー {count} 社はここに含まれていない。"},
    {"report.unobserved", "unobserved", "未観測"},
    {"report.valid_until", "Valid until {day}", "有効期限 {day}"},
    {"report.yes", "yes", "はい"},

    // Questionnaire sheets (questionnaire_sheet.h).
    {"sheet.condition.all", "all of ({items})", "すべて満たす（{items}）"},
    {"sheet.condition.answer", "{question} is {values}", "{question} が {values}"},
    {"sheet.condition.any", "any of ({items})", "いずれかを満たす（{items}）"},
    {"sheet.condition.not", "not ({item})", "次に当たらない（{item}）"},
    {"sheet.condition.profile", "profile {flag} is {value}", "プロファイル {flag} が {value}"},
    {"sheet.condition.shown", "Answer only when: {condition}",
     "回答するのは次の場合のみ: {condition}"},
    {"sheet.heading.answer", "Answer", "回答"},
    {"sheet.heading.choices", "Choices", "選択肢"},
    {"sheet.heading.comment", "Comment", "コメント"},
    {"sheet.heading.condition", "Condition", "回答条件"},
    {"sheet.heading.evidence", "Evidence (kind | where | sha256:HEX | description, one per line)",
     "証跡（種類 | 所在 | sha256:HEX | 説明、1行に1件）"},
    {"sheet.heading.help_en", "Help (English)", "補足（英語）"},
    {"sheet.heading.help_ja", "Help (Japanese)", "補足（日本語）"},
    {"sheet.heading.id", "Question ID", "設問ID"},
    {"sheet.heading.kind", "Answer kind", "回答の形式"},
    {"sheet.heading.section", "Section", "区分"},
    {"sheet.heading.text_en", "Question (English)", "設問（英語）"},
    {"sheet.heading.text_ja", "Question (Japanese)", "設問（日本語）"},
    {"sheet.kind.ANSWER_TYPE_DATE", "date (YYYY-MM-DD)", "日付（YYYY-MM-DD）"},
    {"sheet.kind.ANSWER_TYPE_MULTIPLE_CHOICE", "choices (separate with ;)",
     "複数選択（; で区切る）"},
    {"sheet.kind.ANSWER_TYPE_NUMBER", "number", "数値"},
    {"sheet.kind.ANSWER_TYPE_SINGLE_CHOICE", "one choice", "単一選択"},
    {"sheet.kind.ANSWER_TYPE_SUBCONTRACTORS",
     "subcontractor list: answer through the API or a response file, not here",
     "委託先一覧: このシートではなく API または回答ファイルで回答"},
    {"sheet.kind.ANSWER_TYPE_TEXT", "text", "記述"},
    {"sheet.kind.ANSWER_TYPE_YES_NO", "yes / no", "はい / いいえ"},

    // Yes/no answers as a sheet shows them.
    {"yesno.YES_NO_NO", "no", "いいえ"},
    {"yesno.YES_NO_NOT_APPLICABLE", "not applicable", "該当なし"},
    {"yesno.YES_NO_PARTIAL", "partial", "一部"},
    {"yesno.YES_NO_UNKNOWN", "unknown", "不明"},
    {"yesno.YES_NO_YES", "yes", "はい"},
};

}  // namespace

absl::Span<const render::Phrase> AllWords() { return kWords; }

std::string Words(Language lang, absl::string_view key, absl::Span<const Arg> args) {
  const auto* end = std::end(kWords);
  const auto* it =
      std::lower_bound(std::begin(kWords), end, key,
                       [](const render::Phrase& p, absl::string_view k) { return p.key < k; });
  if (it == end || it->key != key) return std::string(key);
  return render::Fill(lang == Language::kJa ? it->ja : it->en, args);
}

std::string Day(Language lang, absl::Time t) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  if (lang == Language::kEn) return absl::FormatTime("%Y-%m-%d", t, utc);
  const absl::TimeZone::CivilInfo c = utc.At(t);
  return absl::StrFormat("%d年%d月%d日", c.cs.year(), c.cs.month(), c.cs.day());
}

std::string Fixed(double v, int digits) { return absl::StrFormat("%.*f", digits, v); }

}  // namespace supplyrisk::report
