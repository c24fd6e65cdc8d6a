#include "engine/chain/declared_subcontractors.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "engine/common/resource_names.h"

namespace supplyrisk::chain {
namespace {

// Legal-form words, compared after folding (lower case, no blanks or punctuation).
constexpr absl::string_view kLegalForms[] = {
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "（株）", "(株)",
    "㈱",       "（有）",   "(有)",     "㈲",       "coltd",    "corp",   "corporation",
    "inc",      "kk",       "llc",      "ltd",      "limited",  "co"};

// One UTF-8 sequence starting at text[i]; its length (1 for a stray byte).
size_t SequenceLength(absl::string_view text, size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  const size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
  return std::min(n, text.size() - i);
}

std::string Fold(absl::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size();) {
    const size_t n = SequenceLength(name, i);
    absl::string_view seq = name.substr(i, n);
    i += n;
    if (n == 1) {
      const char c = seq[0];
      if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
        out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
      } else if (c == '(' || c == ')') {
        out.push_back(c);  // kept for "(株)"
      }
      continue;
    }
    // Full-width ASCII (U+FF01-U+FF5E) to its half-width letter or digit.
    if (n == 3 && static_cast<unsigned char>(seq[0]) == 0xef) {
      const unsigned b1 = static_cast<unsigned char>(seq[1]),
                     b2 = static_cast<unsigned char>(seq[2]);
      const unsigned cp = (0xfu << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      if (cp >= 0xff01 && cp <= 0xff5e) {
        const char c = static_cast<char>(cp - 0xff01 + 0x21);
        if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
          out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
        } else if (c == '(' || c == ')') {
          out.push_back(c);
        }
        continue;
      }
    }
    // Ideographic space and the Japanese middle dot and commas are blanks and punctuation.
    if (seq == "\xe3\x80\x80" || seq == "\xe3\x83\xbb" || seq == "\xe3\x80\x81" ||
        seq == "\xe3\x80\x82") {
      continue;
    }
    out.append(seq.data(), seq.size());
  }
  return out;
}

}  // namespace

std::string CompanyNameKey(absl::string_view name) {
  std::string key = Fold(name);
  // Legal forms at either end ("株式会社関東精密", "Kanto Seimitsu Co., Ltd.").
  bool changed = true;
  while (changed && !key.empty()) {
    changed = false;
    for (absl::string_view form : kLegalForms) {
      if (key.size() > form.size() && absl::StartsWith(key, form)) {
        key.erase(0, form.size());
        changed = true;
      } else if (key.size() > form.size() && absl::EndsWith(key, form)) {
        key.erase(key.size() - form.size());
        changed = true;
      }
    }
  }
  absl::StrReplaceAll({{"(", ""}, {")", ""}}, &key);
  return key;
}

std::vector<v1::Relationship> DeclaredRelationships(const v1::Response& response,
                                                    absl::Span<const KnownSupplier> known) {
  std::string self, response_id;
  names::ParseSupplierChild("responses", response.name(), &self, &response_id);
  absl::flat_hash_map<std::string, const KnownSupplier*> by_name, by_number, by_key;
  for (const KnownSupplier& k : known) {
    by_name.emplace(k.name, &k);
    if (!k.corporate_number.empty()) by_number.emplace(k.corporate_number, &k);
    for (const std::string& n : k.display_names) {
      const std::string key = CompanyNameKey(n);
      if (!key.empty()) by_key.emplace(key, &k);
    }
  }
  // (target, access) -> relationship; target is the supplier name, else "?" + the party's key.
  std::map<std::pair<std::string, int>, v1::Relationship> merged;
  std::map<std::pair<std::string, int>, std::set<std::string>> services;
  std::map<std::pair<std::string, int>, std::set<int>> data;
  for (const v1::Answer& answer : response.answers()) {
    if (!answer.has_subcontractors()) continue;
    for (const v1::SubcontractorDeclaration& e : answer.subcontractors().entries()) {
      const KnownSupplier* match = nullptr;
      if (auto it = by_name.find(e.supplier()); !e.supplier().empty() && it != by_name.end()) {
        match = it->second;
      } else if (auto n = by_number.find(e.corporate_number());
                 !e.corporate_number().empty() && n != by_number.end()) {
        match = n->second;
      } else if (auto k = by_key.find(CompanyNameKey(e.company_name())); k != by_key.end()) {
        match = k->second;
      }
      const std::string party_key = CompanyNameKey(e.company_name());
      if (match == nullptr && party_key.empty()) continue;  // nothing names it
      if (match != nullptr && match->name == names::Supplier(self)) continue;
      const std::pair<std::string, int> target = {match != nullptr ? match->name : "?" + party_key,
                                                  static_cast<int>(e.access())};
      v1::Relationship& r = merged[target];
      if (r.from_supplier().empty()) {
        r.set_from_supplier(names::Supplier(self));
        if (match != nullptr) {
          r.set_to_supplier(match->name);
        } else {
          r.set_party_name(e.company_name());
          r.set_party_corporate_number(e.corporate_number());
        }
        r.set_access(e.access());
        r.set_source(v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE);
        r.set_confidence(1);
        *r.mutable_last_evidence_time() = response.submitted_at();
        r.set_source_response(response.name());
      }
      for (const std::string& s : e.services()) services[target].insert(s);
      for (int d : e.data_classes()) data[target].insert(d);
    }
  }
  std::vector<v1::Relationship> out;
  out.reserve(merged.size());
  for (auto& [target, r] : merged) {
    for (const std::string& s : services[target]) r.add_services(s);
    for (int d : data[target]) r.add_data_classes(static_cast<v1::DataClass>(d));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace supplyrisk::chain
