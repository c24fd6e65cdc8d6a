#include "clients/report/html_page.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace supplyrisk::report {
namespace {

// Inline, so a page needs nothing but itself; Noto CJK is what Debian ships for Japanese.
constexpr char kStyle[] = R"css(
@page { size: A4; margin: 10mm 12mm; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Noto Sans", sans-serif; font-size: 9pt;
       color: #1a1a1a; max-width: 186mm; margin: 0 auto; }
h1 { font-size: 14pt; margin: 0 0 1mm; }
h2 { font-size: 10pt; border-bottom: 1px solid #999; margin: 2.5mm 0 1mm; padding-bottom: 0.3mm; }
p, ul { margin: 0.6mm 0; }
li { font-size: 8.5pt; }
td.short { white-space: nowrap; }
.pair { display: grid; grid-template-columns: 1fr 1fr; column-gap: 4mm; }
.sheet svg { max-height: 30mm; }
.meta { color: #555; font-size: 8.5pt; }
.outcome { font-size: 13pt; font-weight: bold; padding: 1mm 3mm; border-radius: 2mm;
           display: inline-block; }
.APPROVE { background: #d8f0d8; } .APPROVE_WITH_CONDITIONS { background: #fff1c2; }
.REJECT { background: #f8d0d0; } .UNSPECIFIED { background: #e6e6e6; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border: 1px solid #ccc; padding: 0.6mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.figures span { display: inline-block; margin-right: 6mm; }
.figures b { font-size: 12pt; }
svg { max-width: 100%; height: auto; }
section { break-inside: avoid; }
)css";

std::string Num(double v) { return absl::StrFormat("%.1f", v); }

// Red (0) through amber to green (100).
std::string ScoreColour(double score) {
  if (score < 0) return "#eeeeee";
  const double t = std::clamp(score / 100.0, 0.0, 1.0);
  const int r = static_cast<int>(t < 0.5 ? 220 : 220 - (t - 0.5) * 2 * 150);
  const int g = static_cast<int>(t < 0.5 ? 70 + t * 2 * 130 : 200);
  return absl::StrFormat("#%02x%02x%02x", r, g, 90);
}

}  // namespace

std::string Escape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters other than tab and line breaks are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string Shorten(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\xE2\x80\xA6";
}

std::string Page(render::Language lang, absl::string_view title, absl::string_view body) {
  return absl::StrCat("<!DOCTYPE html>\n<html lang=\"", render::LanguageCode(lang),
                      "\">\n<head>\n<meta charset=\"utf-8\">\n<title>", Escape(title),
                      "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n", body,
                      "</body>\n</html>\n");
}

std::string Section(absl::string_view id, absl::string_view title, absl::string_view content) {
  return absl::StrCat("<section id=\"", id, "\">\n<h2>", Escape(title), "</h2>\n", content,
                      "</section>\n");
}

std::string Table(const std::vector<std::string>& head,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table>\n<tr>";
  for (const std::string& h : head) absl::StrAppend(&out, "<th>", Escape(h), "</th>");
  out += "</tr>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const std::string& c : row) {
      // Short cells (a severity, a date, a grade) stay on one line so the text columns get room.
      absl::StrAppend(&out, c.size() <= 18 ? "<td class=\"short\">" : "<td>", Escape(c), "</td>");
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

char FactorLetter(double score) {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  if (score >= 50) return 'E';
  return 'F';
}

std::string BarsSvg(const std::vector<std::pair<std::string, double>>& bars,
                    absl::string_view unobserved, bool with_letters) {
  const int row = 22, label_w = 190, bar_w = 300;
  const int h = row * static_cast<int>(bars.size()) + 4;
  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
      "role=\"img\">\n",
      label_w + bar_w + 70, h, label_w + bar_w + 70, h);
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = static_cast<int>(i) * row + 2;
    const double score = bars[i].second;
    absl::StrAppend(&out, "<text x=\"0\" y=\"", y + 15, "\" font-size=\"12\">",
                    Escape(bars[i].first), "</text>\n");
    absl::StrAppend(&out, "<rect x=\"", label_w, "\" y=\"", y + 3, "\" width=\"", bar_w,
                    "\" height=\"14\" fill=\"#f0f0f0\" stroke=\"#ccc\"/>\n");
    if (score >= 0) {
      absl::StrAppend(&out, "<rect x=\"", label_w, "\" y=\"", y + 3, "\" width=\"",
                      Num(bar_w * std::clamp(score, 0.0, 100.0) / 100.0),
                      "\" height=\"14\" fill=\"", with_letters ? ScoreColour(score) : "#6b8fd6",
                      "\"/>\n");
      absl::StrAppend(&out, "<text x=\"", label_w + bar_w + 8, "\" y=\"", y + 15,
                      "\" font-size=\"12\" font-weight=\"bold\">",
                      with_letters
                          ? absl::StrCat(std::string(1, FactorLetter(score)), " ", Num(score))
                          : absl::StrFormat("%.0f%%", score),
                      "</text>\n");
    } else {
      absl::StrAppend(&out, "<text x=\"", label_w + bar_w + 8, "\" y=\"", y + 15,
                      "\" font-size=\"11\" fill=\"#777\">", Escape(unobserved), "</text>\n");
    }
  }
  return out + "</svg>\n";
}

std::string HeatMapSvg(const std::vector<std::string>& layer_names,
                       const std::vector<std::string>& component_names,
                       const std::vector<std::vector<double>>& scores,
                       const std::vector<std::vector<double>>& coverage) {
  const int cell_w = 88, cell_h = 40, left = 60, top = 22;
  const int w = left + cell_w * static_cast<int>(component_names.size());
  const int h = top + cell_h * static_cast<int>(layer_names.size());
  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
      "role=\"img\">\n",
      w, h, w, h);
  for (size_t c = 0; c < component_names.size(); ++c) {
    absl::StrAppend(&out, "<text x=\"", left + cell_w * static_cast<int>(c) + cell_w / 2,
                    "\" y=\"15\" font-size=\"11\" text-anchor=\"middle\">",
                    Escape(component_names[c]), "</text>\n");
  }
  for (size_t l = 0; l < layer_names.size(); ++l) {
    const int y = top + cell_h * static_cast<int>(l);
    absl::StrAppend(&out, "<text x=\"0\" y=\"", y + cell_h / 2 + 4, "\" font-size=\"11\">",
                    Escape(layer_names[l]), "</text>\n");
    for (size_t c = 0; c < component_names.size(); ++c) {
      const int x = left + cell_w * static_cast<int>(c);
      const double s = scores[l][c];
      absl::StrAppend(&out, "<rect x=\"", x, "\" y=\"", y, "\" width=\"", cell_w - 2,
                      "\" height=\"", cell_h - 2, "\" fill=\"", ScoreColour(s), "\"/>\n");
      absl::StrAppend(&out, "<text x=\"", x + cell_w / 2, "\" y=\"", y + 17,
                      "\" font-size=\"12\" text-anchor=\"middle\">", s < 0 ? "-" : Num(s),
                      "</text>\n");
      if (s >= 0) {
        absl::StrAppend(&out, "<text x=\"", x + cell_w / 2, "\" y=\"", y + 32,
                        "\" font-size=\"9\" text-anchor=\"middle\">",
                        absl::StrFormat("%.0f%%", 100 * coverage[l][c]), "</text>\n");
      }
    }
  }
  return out + "</svg>\n";
}

std::string TrendSvg(const std::vector<std::pair<std::string, double>>& points) {
  const int w = 520, h = 96, left = 30, bottom = 18;
  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
      "role=\"img\">\n",
      w, h, w, h);
  for (int v : {0, 50, 100}) {
    const double y = (h - bottom) - (h - bottom - 10) * v / 100.0;
    absl::StrAppend(&out, "<line x1=\"", left, "\" y1=\"", Num(y), "\" x2=\"", w, "\" y2=\"",
                    Num(y), "\" stroke=\"#ddd\"/>\n<text x=\"0\" y=\"", Num(y + 4),
                    "\" font-size=\"10\">", v, "</text>\n");
  }
  std::string path;
  const size_t n = points.size();
  for (size_t i = 0; i < n; ++i) {
    const double x = n == 1 ? left + (w - left) / 2.0
                            : left + 10 + (w - left - 20) * static_cast<double>(i) / (n - 1);
    const double y =
        (h - bottom) - (h - bottom - 10) * std::clamp(points[i].second, 0.0, 100.0) / 100.0;
    absl::StrAppend(&path, i ? " " : "", Num(x), ",", Num(y));
    absl::StrAppend(&out, "<circle cx=\"", Num(x), "\" cy=\"", Num(y),
                    "\" r=\"3\" fill=\"#2a5db0\"/>\n");
    if (i == 0 || i + 1 == n || n <= 6) {
      absl::StrAppend(&out, "<text x=\"", Num(x), "\" y=\"", h - 4,
                      "\" font-size=\"9\" text-anchor=\"middle\">", Escape(points[i].first),
                      "</text>\n");
    }
  }
  if (n > 1) {
    absl::StrAppend(&out, "<polyline points=\"", path,
                    "\" fill=\"none\" stroke=\"#2a5db0\" stroke-width=\"2\"/>\n");
  }
  return out + "</svg>\n";
}

std::string LayeredGraphSvg(const std::vector<GraphNode>& nodes,
                            const std::vector<std::pair<std::string, std::string>>& edges) {
  const int col_w = 170, row_h = 44, box_w = 150, box_h = 32;
  std::map<int, int> per_depth;
  std::map<std::string, std::pair<int, int>> at;  // id -> (x, y) of the box's top left
  int max_rows = 1, max_depth = 0;
  for (const GraphNode& n : nodes) {
    const int r = per_depth[n.depth]++;
    at[n.id] = {n.depth * col_w + 4, r * row_h + 4};
    max_rows = std::max(max_rows, r + 1);
    max_depth = std::max(max_depth, n.depth);
  }
  const int w = (max_depth + 1) * col_w, h = max_rows * row_h + 8;
  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
      "role=\"img\">\n",
      w, h, w, h);
  for (const auto& [from, to] : edges) {
    auto a = at.find(from), b = at.find(to);
    if (a == at.end() || b == at.end()) continue;
    absl::StrAppend(&out, "<line x1=\"", a->second.first + box_w, "\" y1=\"",
                    a->second.second + box_h / 2, "\" x2=\"", b->second.first, "\" y2=\"",
                    b->second.second + box_h / 2, "\" stroke=\"#888\"/>\n");
  }
  for (const GraphNode& n : nodes) {
    const auto [x, y] = at[n.id];
    absl::StrAppend(&out, "<rect x=\"", x, "\" y=\"", y, "\" width=\"", box_w, "\" height=\"",
                    box_h, "\" rx=\"4\" fill=\"", n.failing ? "#f8d0d0" : "#eef3fb",
                    "\" stroke=\"#666\"/>\n");
    const std::string label = Shorten(n.label, 36);
    absl::StrAppend(&out, "<text x=\"", x + 5, "\" y=\"", y + 13, "\" font-size=\"10\">",
                    Escape(label), "</text>\n<text x=\"", x + 5, "\" y=\"", y + 27,
                    "\" font-size=\"10\" fill=\"#444\">", Escape(n.grade), "</text>\n");
  }
  return out + "</svg>\n";
}

}  // namespace supplyrisk::report
