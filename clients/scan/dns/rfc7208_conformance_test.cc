// Runs the openspf RFC 7208 test suite (../shared/conformance/rfc7208-tests.yml) through
// CheckMailFrom() on an InMemoryResolver loaded with each scenario's zone data, and prints
// "N passed, M failed".
//
// The zone data follow the suite's driver conventions: type SPF records are served as TXT when
// the name has no TXT entry (RFC 7208 uses TXT only), "TXT: NONE" means no TXT record, and a
// TIMEOUT entry makes every query for a type not listed before it time out.
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/scan/dns/in_memory_resolver.h"
#include "clients/scan/dns/spf.h"
#include "gtest/gtest.h"
#include "yaml-cpp/yaml.h"

namespace supplyrisk::scan::dns {
namespace {

constexpr RecordType kAllTypes[] = {RecordType::kA,   RecordType::kAaaa, RecordType::kMx,
                                    RecordType::kTxt, RecordType::kPtr,  RecordType::kCname,
                                    RecordType::kNs,  RecordType::kCaa};

// The suite is read where it is kept, ../shared/conformance/ beside the repository (the
// @shared_conformance repository of WORKSPACE), never copied into the source.
std::string SuitePath() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  if (srcdir == nullptr) return "../shared/conformance/rfc7208-tests.yml";
  return absl::StrCat(srcdir, "/shared_conformance/rfc7208-tests.yml");
}

std::vector<std::string> TxtStrings(const YAML::Node& value) {
  std::vector<std::string> strings;
  if (value.IsSequence()) {
    for (const YAML::Node& piece : value) strings.push_back(piece.as<std::string>());
  } else {
    strings.push_back(value.as<std::string>());
  }
  return strings;
}

// Adds one "TYPE: value" entry; returns the type it gave records to, if any.
void AddEntry(InMemoryResolver& zone, const std::string& name, const std::string& type,
              const YAML::Node& value, std::set<RecordType>& seen) {
  if (value.IsScalar() && value.as<std::string>() == "NONE") return;
  if (type == "TXT") {
    zone.AddTxt(name, TxtStrings(value));
    seen.insert(RecordType::kTxt);
  } else if (type == "A") {
    zone.AddA(name, value.as<std::string>());
    seen.insert(RecordType::kA);
  } else if (type == "AAAA") {
    zone.AddAaaa(name, value.as<std::string>());
    seen.insert(RecordType::kAaaa);
  } else if (type == "MX") {
    zone.AddMx(name, static_cast<uint16_t>(value[0].as<int>()), value[1].as<std::string>());
    seen.insert(RecordType::kMx);
  } else if (type == "PTR") {
    zone.AddPtr(name, value.as<std::string>());
    seen.insert(RecordType::kPtr);
  } else if (type == "CNAME") {
    zone.AddCname(name, value.as<std::string>());
    seen.insert(RecordType::kCname);
  } else {
    ADD_FAILURE() << "zonedata " << name << ": unknown type " << type;
  }
}

void LoadName(InMemoryResolver& zone, const std::string& name, const YAML::Node& entries) {
  zone.AddName(name);
  std::set<RecordType> seen;
  std::set<RecordType> timed_out;
  std::vector<std::vector<std::string>> spf_records;
  bool has_txt_entry = false;
  for (const YAML::Node& entry : entries) {
    if (entry.IsScalar() && entry.as<std::string>() == "TIMEOUT") {
      for (RecordType type : kAllTypes) {
        if (seen.count(type) == 0) timed_out.insert(type);
      }
      continue;
    }
    for (const auto& item : entry) {
      std::string type = item.first.as<std::string>();
      if (type == "SPF") {
        if (!(item.second.IsScalar() && item.second.as<std::string>() == "NONE")) {
          spf_records.push_back(TxtStrings(item.second));
        }
        continue;
      }
      if (type == "TXT") has_txt_entry = true;
      AddEntry(zone, name, type, item.second, seen);
    }
  }
  if (!has_txt_entry) {
    for (std::vector<std::string>& strings : spf_records) zone.AddTxt(name, std::move(strings));
  }
  for (RecordType type : timed_out) zone.SimulateTimeout(name, type);
}

TEST(Rfc7208Conformance, EveryTestPasses) {
  std::vector<YAML::Node> documents = YAML::LoadAllFromFile(SuitePath());
  ASSERT_FALSE(documents.empty()) << "no documents in " << SuitePath();
  int passed = 0;
  int failed = 0;
  for (const YAML::Node& document : documents) {
    InMemoryResolver zone;
    for (const auto& name : document["zonedata"]) {
      LoadName(zone, name.first.as<std::string>(), name.second);
    }
    SpfOptions options;
    options.default_explanation = "DEFAULT";
    for (const auto& test : document["tests"]) {
      std::string id = test.first.as<std::string>();
      const YAML::Node& spec = test.second;
      std::vector<std::string> accepted;
      if (spec["result"].IsSequence()) {
        for (const YAML::Node& result : spec["result"])
          accepted.push_back(result.as<std::string>());
      } else {
        accepted.push_back(spec["result"].as<std::string>());
      }
      absl::StatusOr<SpfCheck> check =
          CheckMailFrom(zone, spec["host"].as<std::string>(), spec["mailfrom"].as<std::string>(),
                        spec["helo"].as<std::string>(), options);
      std::string got = check.ok() ? std::string(SpfResultName(check->result))
                                   : absl::StrCat("error: ", check.status().message());
      bool ok = std::find(accepted.begin(), accepted.end(), got) != accepted.end();
      if (ok && spec["explanation"] && check->result == SpfResult::kFail) {
        ok = check->explanation == spec["explanation"].as<std::string>();
      }
      if (ok) {
        ++passed;
        continue;
      }
      ++failed;
      std::string trace;
      if (check.ok()) {
        for (const SpfTraceEntry& entry : check->trace) {
          absl::StrAppend(&trace, "\n    [", entry.depth, "] ", entry.domain, " ", entry.term,
                          entry.matched ? " MATCH" : "", entry.note.empty() ? "" : " // ",
                          entry.note, " {", absl::StrJoin(entry.lookups, "; "), "}");
        }
      }
      ADD_FAILURE() << id << ": got " << got << " (" << (check.ok() ? check->problem : "")
                    << ") explanation \"" << (check.ok() ? check->explanation : "") << "\", want "
                    << absl::StrJoin(accepted, " or ")
                    << (spec["explanation"]
                            ? " explanation \"" + spec["explanation"].as<std::string>() + "\""
                            : "")
                    << trace;
    }
  }
  std::cout << passed << " passed, " << failed << " failed" << std::endl;
  EXPECT_EQ(passed, 203);
  EXPECT_EQ(failed, 0);
}

}  // namespace
}  // namespace supplyrisk::scan::dns
