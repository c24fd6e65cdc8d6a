#ifndef SUPPLYRISK_CLIENTS_REPORT_HTML_PAGE_H_
#define SUPPLYRISK_CLIENTS_REPORT_HTML_PAGE_H_

// Building blocks of the HTML reports: escaping, a self-contained page (inline CSS, A4 print, no
// external asset of any kind) and inline SVG charts that are well-formed XML. Every text that
// reaches a page passes through Escape, since supplier-supplied strings (names, comments, assets)
// end up in these pages.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/render/language.h"

namespace supplyrisk::report {

// Text for HTML or XML, in element content and in quoted attributes: & < > " ' escaped.
std::string Escape(absl::string_view text);

// `text` cut to at most `max_bytes` at a character boundary, with "…" when cut.
std::string Shorten(const std::string& text, size_t max_bytes);

// A whole page: <!DOCTYPE html>, lang, UTF-8, the report's title, the inline style sheet, `body`.
std::string Page(render::Language lang, absl::string_view title, absl::string_view body);

// <section id="ID"><h2>TITLE</h2>CONTENT</section>; `title` is escaped, `content` is not.
std::string Section(absl::string_view id, absl::string_view title, absl::string_view content);

// A table; cells are escaped. `classes` per row (may be empty).
std::string Table(const std::vector<std::string>& head,
                  const std::vector<std::vector<std::string>>& rows);

// The letter a 0-100 score reads as on the A-F scale of the factor bars (A >= 90, B >= 80,
// C >= 70, D >= 60, E >= 50, F below).
char FactorLetter(double score);

// Horizontal bars, one per (label, value 0-100), each with its A-F letter (with_letters) or its
// value as a percentage; bars with a negative value are drawn empty and labelled `unobserved`.
std::string BarsSvg(const std::vector<std::pair<std::string, double>>& bars,
                    absl::string_view unobserved, bool with_letters = true);

// The CPSF 3x6 heat map: scores[layer][component] 0-100 (negative: no measures), coverage 0-1.
std::string HeatMapSvg(const std::vector<std::string>& layer_names,
                       const std::vector<std::string>& component_names,
                       const std::vector<std::vector<double>>& scores,
                       const std::vector<std::vector<double>>& coverage);

// A score line over time: (day label, score) in order.
std::string TrendSvg(const std::vector<std::pair<std::string, double>>& points);

// A layered graph: nodes (id, label, depth, grade) in columns by depth, edges (from id, to id).
struct GraphNode {
  std::string id, label, grade;
  int depth = 0;
  bool failing = false;
};
std::string LayeredGraphSvg(const std::vector<GraphNode>& nodes,
                            const std::vector<std::pair<std::string, std::string>>& edges);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_HTML_PAGE_H_
