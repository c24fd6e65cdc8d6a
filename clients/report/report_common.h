#ifndef SUPPLYRISK_CLIENTS_REPORT_REPORT_COMMON_H_
#define SUPPLYRISK_CLIENTS_REPORT_REPORT_COMMON_H_

// Internal to clients/report's HTML reports: what several pages read off an assessment.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "engine/render/language.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::report {

absl::Time AsOf(const supplyrisk::v1::Assessment& a);
// The supplier's display name in `lang` (else the other language, else `resource`).
std::string SupplierName(const supplyrisk::v1::Supplier* s, const std::string& resource,
                         render::Language lang);
// t in `lang`, else the other language, else `fallback`.
std::string Text(const supplyrisk::v1::LocalizedText& t, render::Language lang,
                 const std::string& fallback);
std::string SeverityName(supplyrisk::v1::Severity s, render::Language lang);
std::string FactorName(supplyrisk::v1::Factor f, render::Language lang);
std::vector<std::string> LayerNames(render::Language lang);
std::vector<std::string> ComponentNames(render::Language lang);
std::string CpsfCellName(supplyrisk::v1::Layer l, supplyrisk::v1::Component c,
                         render::Language lang);
// "answer", "scan", "answer and scan", or "assessment" (a finding of the whole, such as a cell).
std::string FindingSource(const supplyrisk::v1::Finding& f, render::Language lang);
// The earliest due date of a decision condition about the finding's questions or signals;
// InfiniteFuture when none.
absl::Time FindingDue(const supplyrisk::v1::Assessment& a, const supplyrisk::v1::Finding& f);
// Effort days of the remediation steps about the finding's questions (0: none planned).
double FindingEffort(const supplyrisk::v1::Assessment& a, const supplyrisk::v1::Finding& f);
std::string NodeName(const supplyrisk::v1::ChainNode& n, render::Language lang);
// The engagement's receivers as a layered graph (SVG).
std::string ChainGraph(const supplyrisk::v1::Assessment& a, render::Language lang);
// What differs between two assessments of a supplier: the inputs changed, the model.
std::string ChangeReason(const supplyrisk::v1::Assessment& before,
                         const supplyrisk::v1::Assessment& after, render::Language lang);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_REPORT_COMMON_H_
