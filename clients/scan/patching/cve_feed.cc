#include "clients/scan/patching/cve_feed.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace supplyrisk::scan {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

const Value* Field(const Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? nullptr : &it->second;
}

std::string StringField(const Struct& s, const std::string& name) {
  const Value* v = Field(s, name);
  return v != nullptr && v->kind_case() == Value::kStringValue ? v->string_value() : "";
}

double Score(const Struct& metrics) {
  for (const char* key : {"cvssMetricV31", "cvssMetricV30", "cvssMetricV2"}) {
    const Value* list = Field(metrics, key);
    if (list == nullptr || !list->has_list_value() || list->list_value().values_size() == 0) {
      continue;
    }
    const Value& first = list->list_value().values(0);
    if (!first.has_struct_value()) continue;
    const Value* data = Field(first.struct_value(), "cvssData");
    if (data == nullptr || !data->has_struct_value()) continue;
    const Value* score = Field(data->struct_value(), "baseScore");
    if (score != nullptr && score->kind_case() == Value::kNumberValue) {
      return score->number_value();
    }
  }
  return 0;
}

absl::Status ParseMatch(const Struct& m, const std::string& where, CpeMatch& out) {
  const Value* vulnerable = Field(m, "vulnerable");
  out.vulnerable = vulnerable != nullptr && vulnerable->bool_value();
  out.criteria = StringField(m, "criteria");
  std::vector<std::string> parts = absl::StrSplit(out.criteria, ':');
  if (parts.size() != 13 || parts[0] != "cpe" || parts[1] != "2.3") {
    return absl::InvalidArgumentError(absl::StrCat(where, ".criteria: not a cpe:2.3 string"));
  }
  out.vendor = parts[3];
  out.product = parts[4];
  out.version = parts[5];
  out.update = parts[6];
  out.start_including = StringField(m, "versionStartIncluding");
  out.start_excluding = StringField(m, "versionStartExcluding");
  out.end_including = StringField(m, "versionEndIncluding");
  out.end_excluding = StringField(m, "versionEndExcluding");
  return absl::OkStatus();
}

absl::StatusOr<CveRecord> ParseCve(const Struct& cve, size_t index) {
  CveRecord r;
  r.id = StringField(cve, "id");
  if (r.id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("vulnerabilities[", index, "].cve.id: missing"));
  }
  r.published = StringField(cve, "published");
  const Value* metrics = Field(cve, "metrics");
  if (metrics != nullptr && metrics->has_struct_value())
    r.base_score = Score(metrics->struct_value());
  const Value* configs = Field(cve, "configurations");
  if (configs == nullptr) return r;
  if (!configs->has_list_value()) {
    return absl::InvalidArgumentError(absl::StrCat(r.id, ": configurations: not a list"));
  }
  for (int c = 0; c < configs->list_value().values_size(); ++c) {
    const Value& config = configs->list_value().values(c);
    const Value* nodes =
        config.has_struct_value() ? Field(config.struct_value(), "nodes") : nullptr;
    if (nodes == nullptr || !nodes->has_list_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(r.id, ": configurations[", c, "].nodes: not a list"));
    }
    for (int n = 0; n < nodes->list_value().values_size(); ++n) {
      const Value& node = nodes->list_value().values(n);
      const Value* ms = node.has_struct_value() ? Field(node.struct_value(), "cpeMatch") : nullptr;
      const std::string where = absl::StrCat(r.id, ": configurations[", c, "].nodes[", n, "]");
      if (ms == nullptr || !ms->has_list_value()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ".cpeMatch: not a list"));
      }
      for (int i = 0; i < ms->list_value().values_size(); ++i) {
        const Value& m = ms->list_value().values(i);
        const std::string at = absl::StrCat(where, ".cpeMatch[", i, "]");
        if (!m.has_struct_value()) return absl::InvalidArgumentError(at + ": not an object");
        CpeMatch match;
        if (absl::Status s = ParseMatch(m.struct_value(), at, match); !s.ok()) return s;
        r.matches.push_back(std::move(match));
      }
    }
  }
  return r;
}

}  // namespace

absl::StatusOr<std::vector<CveRecord>> ParseCveFeed(absl::string_view json, size_t max_bytes) {
  if (json.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("CVE feed: ", json.size(), " bytes is over the limit of ", max_bytes));
  }
  Struct root;
  auto status = google::protobuf::util::JsonStringToMessage(std::string(json), &root);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("CVE feed: not JSON: ", status.ToString()));
  }
  const Value* list = Field(root, "vulnerabilities");
  if (list == nullptr || !list->has_list_value()) {
    return absl::InvalidArgumentError("CVE feed: vulnerabilities: missing or not a list");
  }
  std::vector<CveRecord> out;
  for (int i = 0; i < list->list_value().values_size(); ++i) {
    const Value& v = list->list_value().values(i);
    const Value* cve = v.has_struct_value() ? Field(v.struct_value(), "cve") : nullptr;
    if (cve == nullptr || !cve->has_struct_value()) {
      return absl::InvalidArgumentError(absl::StrCat("vulnerabilities[", i, "].cve: missing"));
    }
    absl::StatusOr<CveRecord> r = ParseCve(cve->struct_value(), i);
    if (!r.ok()) return r.status();
    out.push_back(*std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<CveRecord>> LoadCveFeedFile(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) break;  // ParseCveFeed reports the limit
  }
  absl::StatusOr<std::vector<CveRecord>> feed = ParseCveFeed(text, max_bytes);
  if (!feed.ok()) {
    return absl::Status(feed.status().code(), absl::StrCat(path, ": ", feed.status().message()));
  }
  return feed;
}

}  // namespace supplyrisk::scan
