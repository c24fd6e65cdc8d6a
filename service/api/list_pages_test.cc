// List* pages stay under the server's message bound: assessments of the bench supplier's size at
// the default 8 MiB, and suppliers and audit entries on a server with a small bound. Every page is
// under the limit, a full page is cut short with a next token, and walking all pages returns every
// item exactly once, in order.

#include <cstdlib>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "gtest/gtest.h"
#include "service/api/server.h"
#include "supplyrisk/v1/assessment_service.grpc.pb.h"
#include "supplyrisk/v1/audit_service.grpc.pb.h"
#include "supplyrisk/v1/supplier_service.grpc.pb.h"

namespace supplyrisk::api {
namespace {

constexpr char kTenant[] = "acme";

class ListPagesTest : public ::testing::Test {
 protected:
  void Start(int max_message_bytes) {
    const char* tmp = std::getenv("TEST_TMPDIR");
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = absl::StrCat(tmp ? tmp : "/tmp", "/list_pages_test_db_", getpid(), "_",
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    options.page_token_secret = "test-secret";
    options.log = nullptr;
    options.sync = false;
    options.max_message_bytes = max_message_bytes;
    auto* t = options.auth.add_tokens();
    t->set_sha256(Sha256Hex("admin-token"));
    t->mutable_principal()->set_tenant(kTenant);
    t->mutable_principal()->add_roles(v1::ROLE_ADMIN);
    auto started = ApiServer::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = *std::move(started);
    limit_ = max_message_bytes;
    // The client accepts anything: the bound under test is the server's own.
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(-1);
    channel_ = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                         grpc::InsecureChannelCredentials(), args);
  }

  void Authorize(grpc::ClientContext* context) {
    context->AddMetadata("authorization", "Bearer admin-token");
  }

  void CreateSupplier(const std::string& id, const std::string& industry) {
    v1::Supplier s;
    s.mutable_display_name()->set_en(absl::StrCat(id, " Co."));
    s.set_industry(industry);
    s.add_domains("example.jp");
    auto created = server_->store()->CreateSupplier(kTenant, id, s, {"test", "", ""});
    ASSERT_TRUE(created.ok()) << created.status();
  }

  // Walks every page of one list with page_size 200; `call` fills a response for a token and
  // returns the status, `names` reads a page's item names. Checks each page against the limit and
  // returns all names in order.
  template <typename Response>
  std::vector<std::string> WalkAll(
      const std::function<grpc::Status(const std::string&, Response*)>& call,
      const std::function<std::vector<std::string>(const Response&)>& names, int* pages,
      int* short_pages) {
    std::vector<std::string> all;
    std::string token;
    *pages = 0;
    *short_pages = 0;
    do {
      Response page;
      grpc::Status st = call(token, &page);
      EXPECT_TRUE(st.ok()) << st.error_code() << " " << st.error_message();
      if (!st.ok()) break;
      ++*pages;
      EXPECT_LE(page.ByteSizeLong(), static_cast<size_t>(limit_)) << "page " << *pages;
      std::vector<std::string> got = names(page);
      EXPECT_FALSE(got.empty()) << "page " << *pages;
      if (!page.next_page_token().empty() && got.size() < 200) ++*short_pages;
      all.insert(all.end(), got.begin(), got.end());
      token = page.next_page_token();
    } while (!token.empty() && *pages < 1000);
    return all;
  }

  std::unique_ptr<ApiServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  int limit_ = 0;
};

// An assessment the size of the bench supplier's (~53 KB, half of it explanations): a real one
// scored by the server, with its explanations' notes filled out to that size.
v1::Assessment BenchSized(v1::Assessment a, int64_t as_of_seconds) {
  a.clear_name();
  a.mutable_as_of()->set_seconds(as_of_seconds);
  a.mutable_as_of()->set_nanos(0);
  size_t explanations = 0;
  for (const v1::Explanation& e : a.explanations()) explanations += e.ByteSizeLong();
  size_t rest = a.ByteSizeLong() - explanations;
  const size_t target = 53 * 1000;
  size_t want = target > rest * 2 ? target - rest : rest;
  if (a.explanations_size() == 0) a.add_explanations()->set_target("L1.PEOPLE");
  int per = static_cast<int>(want / a.explanations_size());
  for (v1::Explanation& e : *a.mutable_explanations()) {
    v1::Contribution* c = e.add_contributions();
    c->set_source("measure:CPS.AM-1");
    c->set_note(std::string(per > 40 ? per - 40 : 1, 'n'));
  }
  return a;
}

TEST_F(ListPagesTest, AssessmentsOfTheBenchSuppliersSizeComeInShortPages) {
  Start(8 << 20);
  CreateSupplier("bench", "manufacturing");
  v1::Assessment scored;
  {
    auto assessments = v1::AssessmentService::NewStub(channel_);
    v1::AssessSupplierRequest req;
    req.set_supplier("suppliers/bench");
    req.set_allow_no_response(true);
    grpc::ClientContext context;
    Authorize(&context);
    grpc::Status st = assessments->AssessSupplier(&context, req, &scored);
    ASSERT_TRUE(st.ok()) << st.error_message();
  }
  // 250 more, as_of one hour apart: about 13 MB in all, past the 8 MiB bound at page size 200.
  const int kCount = 250;
  std::vector<std::string> expected{scored.name()};
  for (int i = kCount; i >= 1; --i) {
    // Newest first after the scored one (whose as_of is now): these are in the past.
    v1::Assessment a = BenchSized(scored, 1700000000 + int64_t{i} * 3600);
    ASSERT_GT(a.ByteSizeLong(), 50000u);
    std::string id = absl::StrCat("a", 1000 + i);
    auto created = server_->store()->CreateAssessment(kTenant, "bench", id, a, {"test", "", ""});
    ASSERT_TRUE(created.ok()) << created.status();
    expected.push_back(absl::StrCat("suppliers/bench/assessments/", id));
  }
  auto stub = v1::AssessmentService::NewStub(channel_);
  int pages = 0, short_pages = 0;
  std::vector<std::string> all = WalkAll<v1::ListAssessmentsResponse>(
      [&](const std::string& token, v1::ListAssessmentsResponse* out) {
        v1::ListAssessmentsRequest req;
        req.set_parent("suppliers/bench");
        req.set_page_size(200);
        req.set_page_token(token);
        grpc::ClientContext context;
        Authorize(&context);
        return stub->ListAssessments(&context, req, out);
      },
      [](const v1::ListAssessmentsResponse& r) {
        std::vector<std::string> n;
        for (const v1::Assessment& a : r.assessments()) n.push_back(a.name());
        return n;
      },
      &pages, &short_pages);
  EXPECT_EQ(all, expected);  // every one, once, newest first
  EXPECT_GE(pages, 2);
  EXPECT_GE(short_pages, 1);
}

TEST_F(ListPagesTest, SuppliersAndAuditEntriesPageUnderASmallBound) {
  Start(16 << 10);
  std::vector<std::string> expected;
  for (int i = 0; i < 80; ++i) {
    std::string id = absl::StrCat("s", 100 + i);
    CreateSupplier(id, std::string(400, 'i'));
    expected.push_back(absl::StrCat("suppliers/", id));
  }
  auto suppliers = v1::SupplierService::NewStub(channel_);
  int pages = 0, short_pages = 0;
  std::vector<std::string> all = WalkAll<v1::ListSuppliersResponse>(
      [&](const std::string& token, v1::ListSuppliersResponse* out) {
        v1::ListSuppliersRequest req;
        req.set_page_size(200);
        req.set_page_token(token);
        grpc::ClientContext context;
        Authorize(&context);
        return suppliers->ListSuppliers(&context, req, out);
      },
      [](const v1::ListSuppliersResponse& r) {
        std::vector<std::string> n;
        EXPECT_EQ(r.suppliers_size(), r.standings_size());
        for (int i = 0; i < r.suppliers_size(); ++i) {
          EXPECT_EQ(r.standings(i).supplier(), r.suppliers(i).name());
          n.push_back(r.suppliers(i).name());
        }
        return n;
      },
      &pages, &short_pages);
  EXPECT_EQ(all, expected);
  EXPECT_GE(pages, 3);
  EXPECT_GE(short_pages, 2);

  // The 80 creates are 80 audit entries of about 0.5 KB: several pages too, none skipped.
  auto audit = v1::AuditService::NewStub(channel_);
  std::vector<std::string> sequences = WalkAll<v1::ListAuditEntriesResponse>(
      [&](const std::string& token, v1::ListAuditEntriesResponse* out) {
        v1::ListAuditEntriesRequest req;
        req.set_page_size(200);
        req.set_page_token(token);
        grpc::ClientContext context;
        Authorize(&context);
        return audit->ListAuditEntries(&context, req, out);
      },
      [](const v1::ListAuditEntriesResponse& r) {
        std::vector<std::string> n;
        for (const v1::AuditEntry& e : r.entries()) n.push_back(absl::StrCat(e.sequence()));
        return n;
      },
      &pages, &short_pages);
  ASSERT_GE(sequences.size(), expected.size());
  for (size_t i = 0; i < sequences.size(); ++i) {
    EXPECT_EQ(sequences[i], absl::StrCat(i + 1)) << "audit entries in order, none skipped";
  }
}

TEST_F(ListPagesTest, FilteredSuppliersResumeExactlyAfterAShortPage) {
  Start(16 << 10);
  std::vector<std::string> expected;
  for (int i = 0; i < 90; ++i) {
    std::string id = absl::StrCat("s", 100 + i);
    bool kept = i % 3 != 0;
    CreateSupplier(id, kept ? std::string(400, 'k') : std::string(400, 'd'));
    if (kept) expected.push_back(absl::StrCat("suppliers/", id));
  }
  auto suppliers = v1::SupplierService::NewStub(channel_);
  int pages = 0, short_pages = 0;
  std::vector<std::string> all = WalkAll<v1::ListSuppliersResponse>(
      [&](const std::string& token, v1::ListSuppliersResponse* out) {
        v1::ListSuppliersRequest req;
        req.set_page_size(200);
        req.set_page_token(token);
        req.set_filter(absl::StrCat("industry = \"", std::string(400, 'k'), "\""));
        grpc::ClientContext context;
        Authorize(&context);
        return suppliers->ListSuppliers(&context, req, out);
      },
      [](const v1::ListSuppliersResponse& r) {
        std::vector<std::string> n;
        for (const v1::Supplier& s : r.suppliers()) n.push_back(s.name());
        return n;
      },
      &pages, &short_pages);
  EXPECT_EQ(all, expected);
  EXPECT_GE(short_pages, 2);
}

TEST_F(ListPagesTest, AnItemLargerThanTheBoundIsNamedNotSkipped) {
  Start(16 << 10);
  CreateSupplier("big", std::string(15000, 'i'));
  CreateSupplier("small", "x");
  auto suppliers = v1::SupplierService::NewStub(channel_);
  v1::ListSuppliersRequest req;
  req.set_page_size(200);
  v1::ListSuppliersResponse resp;
  grpc::ClientContext context;
  Authorize(&context);
  grpc::Status st = suppliers->ListSuppliers(&context, req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(st.error_message().find("suppliers/big"), std::string::npos) << st.error_message();
}

}  // namespace
}  // namespace supplyrisk::api
