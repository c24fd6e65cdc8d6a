#include "service/api/supplier_filter.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/common.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::api {
namespace {

struct Token {
  enum Kind { kWord, kString, kOp, kEnd } kind;
  std::string text;
};

// Splits into words, quoted strings and operators; false on an unterminated string or a stray
// character.
bool Tokenize(absl::string_view s, std::vector<Token>* out, std::string* problem) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '"') {
      size_t end = s.find('"', i + 1);
      if (end == absl::string_view::npos) {
        *problem = absl::StrCat("unterminated string at offset ", i);
        return false;
      }
      out->push_back({Token::kString, std::string(s.substr(i + 1, end - i - 1))});
      i = end + 1;
    } else if (c == '=' || c == '<' || c == '>' || c == '!') {
      std::string op(1, c);
      if (i + 1 < s.size() && s[i + 1] == '=') op += '=';
      if (op == "!") {
        *problem = absl::StrCat("'!' must be followed by '=' at offset ", i);
        return false;
      }
      out->push_back({Token::kOp, op});
      i += op.size();
    } else if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
               c == '-' || c == ':') {
      size_t start = i;
      while (i < s.size() && (absl::ascii_isalnum(static_cast<unsigned char>(s[i])) ||
                              s[i] == '_' || s[i] == '.' || s[i] == '-' || s[i] == ':')) {
        ++i;
      }
      out->push_back({Token::kWord, std::string(s.substr(start, i - start))});
    } else {
      *problem = absl::StrCat("unexpected character '", std::string(1, c), "' at offset ", i);
      return false;
    }
  }
  out->push_back({Token::kEnd, ""});
  return true;
}

bool ParseOp(absl::string_view op, FilterOp* out) {
  if (op == "=")
    *out = FilterOp::kEq;
  else if (op == "!=")
    *out = FilterOp::kNe;
  else if (op == "<")
    *out = FilterOp::kLt;
  else if (op == "<=")
    *out = FilterOp::kLe;
  else if (op == ">")
    *out = FilterOp::kGt;
  else if (op == ">=")
    *out = FilterOp::kGe;
  else
    return false;
  return true;
}

// An enum value given with or without its prefix, any case; never the UNSPECIFIED value.
bool EnumValue(const google::protobuf::EnumDescriptor* type, absl::string_view prefix,
               absl::string_view value, std::string* out) {
  std::string upper = absl::AsciiStrToUpper(value);
  std::string full = absl::StartsWith(upper, prefix) ? upper : absl::StrCat(prefix, upper);
  const google::protobuf::EnumValueDescriptor* found = type->FindValueByName(full);
  if (found == nullptr || found->number() == 0) return false;
  *out = full;
  return true;
}

}  // namespace

bool Compare(double value, FilterOp op, double operand) {
  switch (op) {
    case FilterOp::kEq:
      return value == operand;
    case FilterOp::kNe:
      return value != operand;
    case FilterOp::kLt:
      return value < operand;
    case FilterOp::kLe:
      return value <= operand;
    case FilterOp::kGt:
      return value > operand;
    case FilterOp::kGe:
      return value >= operand;
  }
  return false;
}

bool CompareText(absl::string_view value, FilterOp op, absl::string_view operand) {
  return op == FilterOp::kEq ? value == operand : value != operand;
}

bool StandsAlone(const std::vector<FilterTerm>& terms, size_t i) {
  const int g = terms[i].group;
  return (i == 0 || terms[i - 1].group != g) && (i + 1 == terms.size() || terms[i + 1].group != g);
}

std::vector<FilterTerm> ParseSupplierFilter(absl::string_view filter, FieldViolations* violations) {
  std::vector<FilterTerm> terms;
  if (filter.size() > 2000) {
    violations->Add("filter", "longer than 2000 characters");
    return terms;
  }
  std::vector<Token> tokens;
  std::string problem;
  if (!Tokenize(filter, &tokens, &problem)) {
    violations->Add("filter", problem);
    return terms;
  }
  size_t i = 0;
  int group = 0;
  if (tokens[0].kind == Token::kEnd) return terms;
  while (true) {
    if (tokens[i].kind != Token::kWord || i + 2 >= tokens.size() ||
        tokens[i + 1].kind != Token::kOp ||
        (tokens[i + 2].kind != Token::kWord && tokens[i + 2].kind != Token::kString)) {
      violations->Add("filter",
                      absl::StrCat("expected <field> <op> <value> at term ", terms.size() + 1));
      return terms;
    }
    FilterTerm term;
    term.group = group;
    term.field = tokens[i].text;
    ParseOp(tokens[i + 1].text, &term.op);
    const std::string& value = tokens[i + 2].text;
    bool equality_only = term.op == FilterOp::kEq || term.op == FilterOp::kNe;
    auto bad = [&](absl::string_view why) {
      violations->Add("filter", absl::StrCat(term.field, ": ", why));
    };
    if (term.field == "grade") {
      if (!equality_only) bad("only = and != apply");
      if (value.empty() || value.size() > 8) bad("a grade such as \"A\"");
      term.text = value;
    } else if (term.field == "decision") {
      if (!equality_only) bad("only = and != apply");
      if (!EnumValue(v1::DecisionOutcome_descriptor(), "DECISION_OUTCOME_", value, &term.text)) {
        bad("APPROVE, APPROVE_WITH_CONDITIONS or REJECT");
      }
    } else if (term.field == "factor_issue") {
      if (term.op != FilterOp::kEq) bad("only = applies");
      if (!EnumValue(v1::Factor_descriptor(), "FACTOR_", value, &term.text)) {
        bad("a factor such as DNS_HEALTH");
      }
    } else if (term.field == "size") {
      if (!equality_only) bad("only = and != apply");
      if (!EnumValue(v1::CompanySize_descriptor(), "COMPANY_SIZE_", value, &term.text)) {
        bad("MICRO, SMALL, MEDIUM or LARGE");
      }
    } else if (term.field == "open_issue" || term.field == "industry") {
      if (term.field == "open_issue" ? term.op != FilterOp::kEq : !equality_only) {
        bad("only = applies");
      }
      if (value.empty()) bad("needs a value");
      term.text = value;
    } else if (term.field == "star_ready" || term.field == "overall_score") {
      // SimpleAtod also reads "nan", "inf" and hex floats: a filter compares with numbers a
      // person wrote, so only finite decimals in the field's range are taken.
      const bool decimal =
          !value.empty() && value.find_first_not_of("0123456789.-+") == std::string::npos;
      if (!decimal || !absl::SimpleAtod(value, &term.number) || !std::isfinite(term.number)) {
        bad("needs a decimal number");
      } else if (term.field == "star_ready" &&
                 (term.number < 0 || term.number > 5 || term.number != std::floor(term.number))) {
        bad("a star level 0-5");
      } else if (term.field == "overall_score" && (term.number < 0 || term.number > 100)) {
        bad("a score 0-100");
      }
    } else if (term.field == "update_time") {
      std::string err;
      // RFC 3339 years have four digits; absl would also read "12026-01-01T00:00:00Z".
      const bool four_digit_year =
          value.size() > 4 && value[4] == '-' &&
          value.substr(0, 4).find_first_not_of("0123456789") == std::string::npos;
      if (!four_digit_year || !absl::ParseTime(absl::RFC3339_full, value, &term.time, &err) ||
          term.time < absl::UnixEpoch()) {
        bad("an RFC 3339 time from 1970 on, such as \"2026-01-01T00:00:00Z\"");
      }
    } else {
      violations->Add("filter",
                      absl::StrCat("unknown field \"", term.field,
                                   "\"; use grade, decision, star_ready, factor_issue, "
                                   "open_issue, overall_score, update_time, size, industry"));
    }
    terms.push_back(std::move(term));
    i += 3;
    if (tokens[i].kind == Token::kEnd) break;
    if (tokens[i].kind != Token::kWord || (tokens[i].text != "AND" && tokens[i].text != "OR")) {
      violations->Add("filter", absl::StrCat("expected AND or OR after term ", terms.size(),
                                             " (NOT and parentheses are not supported)"));
      break;
    }
    if (tokens[i].text == "AND") ++group;
    ++i;
  }
  return terms;
}

}  // namespace supplyrisk::api
