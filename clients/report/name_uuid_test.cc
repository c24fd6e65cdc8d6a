#include "clients/report/name_uuid.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace supplyrisk::report {
namespace {

// RFC 4122 appendix C: the DNS namespace 6ba7b810-9dad-11d1-80b4-00c04fd430c8.
constexpr char kDnsNamespace[] = "\x6b\xa7\xb8\x10\x9d\xad\x11\xd1\x80\xb4\x00\xc0\x4f\xd4\x30\xc8";

TEST(NameUuid, MatchesTheKnownVersion5Value) {
  // The widely published value (Python's uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com")).
  EXPECT_EQ(NameUuid(absl::string_view(kDnsNamespace, 16), "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

TEST(NameUuid, UsesSupplyrisksOwnNamespace) {
  // uuid.uuid5(uuid.UUID("6a52e78f-0f0d-5ac6-9bd5-8d1826219f76"), "supplier:suppliers/acme").
  EXPECT_EQ(NameUuid("supplier:suppliers/acme"), "df29bc0d-7714-562f-b011-4e5ae27c1b37");
}

TEST(NameUuid, IsAVersion5Rfc4122UuidAndDistinctPerName) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = NameUuid(absl::StrCat("name-", i));
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '5') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    for (int p : {8, 13, 18, 23}) EXPECT_EQ(id[p], '-');
    EXPECT_EQ(id, NameUuid(absl::StrCat("name-", i)));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

}  // namespace
}  // namespace supplyrisk::report
