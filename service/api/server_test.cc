// The server in process: a pre-contract round trip over a real channel, error details as a C++
// client sees them, and shutdown while a change stream is open.

#include "service/api/server.h"

#include <cstdlib>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/common/sha256.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "service/api/auth.h"
#include "supplyrisk/v1/assessment_service.grpc.pb.h"
#include "supplyrisk/v1/engagement_service.grpc.pb.h"
#include "supplyrisk/v1/supplier_service.grpc.pb.h"

namespace supplyrisk::api {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = absl::StrCat(tmp ? tmp : "/tmp", "/server_test_db_", getpid());
    options.page_token_secret = "test-secret";
    options.log = nullptr;
    options.sync = false;
    auto* t = options.auth.add_tokens();
    t->set_sha256(Sha256Hex("admin-token"));
    t->mutable_principal()->set_tenant("acme");
    t->mutable_principal()->add_roles(v1::ROLE_ADMIN);
    auto started = ApiServer::Start(options);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = *std::move(started);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  void Authorize(grpc::ClientContext* context) {
    context->AddMetadata("authorization", "Bearer admin-token");
  }

  // Keys plus values of the whole database.
  int64_t StoredBytes() {
    auto bytes = server_->store()->LogicalBytes();
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    int64_t total = 0;
    if (bytes.ok()) {
      for (const auto& [cf, n] : *bytes) total += n;
    }
    return total;
  }

  std::unique_ptr<ApiServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServerTest, EvaluatesAnEngagementInOneRoundTrip) {
  auto suppliers = v1::SupplierService::NewStub(channel_);
  auto engagements = v1::EngagementService::NewStub(channel_);
  v1::CreateSupplierRequest create;
  create.set_supplier_id("kanto");
  create.mutable_supplier()->mutable_display_name()->set_ja("関東精密工業株式会社");
  create.mutable_supplier()->set_corporate_number("7000012050002");
  v1::Supplier supplier;
  {
    grpc::ClientContext context;
    Authorize(&context);
    grpc::Status status = suppliers->CreateSupplier(&context, create, &supplier);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::EvaluateEngagementRequest evaluate;
  evaluate.mutable_engagement()->set_supplier(supplier.name());
  evaluate.mutable_engagement()->add_data_classes(v1::DATA_CLASS_IMPORTANT_CONFIDENTIAL);
  evaluate.mutable_engagement()->set_access(v1::ACCESS_LEVEL_PRIVILEGED);
  evaluate.mutable_engagement()->set_criticality(v1::CRITICALITY_CRITICAL);
  evaluate.set_allow_no_response(true);  // the supplier has no response yet
  v1::EvaluateEngagementResponse result;
  grpc::ClientContext context;
  Authorize(&context);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status status = engagements->EvaluateEngagement(&context, evaluate, &result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Nothing was answered: unknown is not compliant, so a critical engagement is refused.
  EXPECT_EQ(result.decision().outcome(), v1::DECISION_OUTCOME_REJECT);
  EXPECT_EQ(result.decision().required_star(), 4);
  EXPECT_FALSE(result.decision().reasons().empty());
  EXPECT_EQ(result.input_digest().size(), 64u);
}

TEST_F(ServerTest, BadRequestCarriesEveryViolation) {
  auto suppliers = v1::SupplierService::NewStub(channel_);
  v1::CreateSupplierRequest create;
  create.mutable_supplier()->set_corporate_number("7000012050003");
  create.mutable_supplier()->set_lei("HWUPKR0MPOU8FGXBT395");
  v1::Supplier supplier;
  grpc::ClientContext context;
  Authorize(&context);
  grpc::Status status = suppliers->CreateSupplier(&context, create, &supplier);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 3);
  EXPECT_EQ(bad.field_violations(0).field(), "supplier.display_name");
  EXPECT_EQ(bad.field_violations(1).field(), "supplier.corporate_number");
  EXPECT_EQ(bad.field_violations(2).field(), "supplier.lei");
}

// The only field violation of an INVALID_ARGUMENT status.
std::string OnlyViolatedField(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details()) || details.details_size() != 1) return "";
  google::rpc::BadRequest bad;
  if (!details.details(0).UnpackTo(&bad) || bad.field_violations_size() != 1) return "";
  return bad.field_violations(0).field();
}

TEST_F(ServerTest, AssessSupplierAsOfIsPointInTimeAndReproducible) {
  auto suppliers = v1::SupplierService::NewStub(channel_);
  auto assessments = v1::AssessmentService::NewStub(channel_);
  auto engagements = v1::EngagementService::NewStub(channel_);
  v1::CreateSupplierRequest create;
  create.set_supplier_id("tokai-as-of");
  create.mutable_supplier()->mutable_display_name()->set_en("Tokai Precision");
  v1::Supplier supplier;
  {
    grpc::ClientContext context;
    Authorize(&context);
    ASSERT_TRUE(suppliers->CreateSupplier(&context, create, &supplier).ok());
  }
  v1::AssessSupplierRequest assess;
  assess.set_supplier(supplier.name());
  assess.mutable_as_of()->set_seconds(1790000000);  // 2026-09-21, in the past
  assess.set_allow_no_response(true);
  v1::Assessment first, second;
  for (v1::Assessment* out : {&first, &second}) {
    grpc::ClientContext context;
    Authorize(&context);
    grpc::Status status = assessments->AssessSupplier(&context, assess, out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(first.as_of().seconds(), 1790000000);
  // Every byte, the server's resource name included.
  EXPECT_EQ(SerializeDeterministic(second), SerializeDeterministic(first));

  // An as_of later than now plus the clock skew is refused, naming as_of.
  const int64_t future = absl::ToUnixSeconds(absl::Now() + absl::Hours(1));
  assess.mutable_as_of()->set_seconds(future);
  {
    grpc::ClientContext context;
    Authorize(&context);
    v1::Assessment out;
    grpc::Status status = assessments->AssessSupplier(&context, assess, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(OnlyViolatedField(status), "as_of");
  }
  v1::EvaluateEngagementRequest evaluate;
  evaluate.mutable_engagement()->set_supplier(supplier.name());
  evaluate.mutable_engagement()->set_access(v1::ACCESS_LEVEL_NONE);
  evaluate.mutable_engagement()->set_criticality(v1::CRITICALITY_LOW);
  evaluate.mutable_as_of()->set_seconds(future);
  evaluate.set_allow_no_response(true);
  {
    grpc::ClientContext context;
    Authorize(&context);
    v1::EvaluateEngagementResponse out;
    grpc::Status status = engagements->EvaluateEngagement(&context, evaluate, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(OnlyViolatedField(status), "as_of");
  }
  evaluate.mutable_as_of()->set_seconds(1790000000);
  {
    grpc::ClientContext context;
    Authorize(&context);
    v1::EvaluateEngagementResponse out;
    grpc::Status status = engagements->EvaluateEngagement(&context, evaluate, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(out.as_of().seconds(), 1790000000);
  }
}

TEST_F(ServerTest, EvaluateEngagementRetryWithRequestIdStoresNothingNew) {
  auto suppliers = v1::SupplierService::NewStub(channel_);
  auto assessments = v1::AssessmentService::NewStub(channel_);
  auto engagements = v1::EngagementService::NewStub(channel_);
  v1::CreateSupplierRequest create;
  create.set_supplier_id("erp-retry");
  create.mutable_supplier()->mutable_display_name()->set_en("Kansai Logistics");
  v1::Supplier supplier;
  {
    grpc::ClientContext context;
    Authorize(&context);
    ASSERT_TRUE(suppliers->CreateSupplier(&context, create, &supplier).ok());
  }
  auto count_assessments = [&] {
    v1::ListAssessmentsRequest list;
    list.set_parent(supplier.name());
    list.set_page_size(100);
    v1::ListAssessmentsResponse page;
    grpc::ClientContext context;
    Authorize(&context);
    grpc::Status status = assessments->ListAssessments(&context, list, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return page.assessments_size();
  };
  auto evaluate = [&](const v1::EvaluateEngagementRequest& req,
                      v1::EvaluateEngagementResponse* out) {
    grpc::ClientContext context;
    Authorize(&context);
    return engagements->EvaluateEngagement(&context, req, out);
  };
  // No as_of: each call decides as of now, so only the request_id makes a retry the same call.
  v1::EvaluateEngagementRequest req;
  req.mutable_engagement()->set_supplier(supplier.name());
  req.mutable_engagement()->add_data_classes(v1::DATA_CLASS_IMPORTANT_CONFIDENTIAL);
  req.mutable_engagement()->set_access(v1::ACCESS_LEVEL_PRIVILEGED);
  req.mutable_engagement()->set_criticality(v1::CRITICALITY_HIGH);
  req.set_request_id("0f5c2a7e-1b7d-4c1e-9a53-0d6f3c2b8e41");
  req.set_allow_no_response(true);
  v1::EvaluateEngagementResponse first, retry;
  ASSERT_TRUE(evaluate(req, &first).ok());
  EXPECT_EQ(count_assessments(), 1);
  const int64_t bytes = StoredBytes();
  absl::SleepFor(absl::Milliseconds(5));
  grpc::Status status = evaluate(req, &retry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The same assessment and decision, byte for byte, and nothing new stored: not a key or a byte.
  EXPECT_EQ(SerializeDeterministic(retry), SerializeDeterministic(first));
  EXPECT_EQ(count_assessments(), 1);
  EXPECT_EQ(StoredBytes(), bytes);

  // The same request_id for another engagement: FAILED_PRECONDITION naming the request id,
  // nothing stored.
  v1::EvaluateEngagementRequest other = req;
  other.mutable_engagement()->set_criticality(v1::CRITICALITY_LOW);
  v1::EvaluateEngagementResponse out;
  status = evaluate(other, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(details.details(0).UnpackTo(&failure));
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "REQUEST_ID_REUSED");
  EXPECT_EQ(failure.violations(0).subject(), absl::StrCat("requests/", req.request_id()));
  EXPECT_EQ(count_assessments(), 1);
  EXPECT_EQ(StoredBytes(), bytes);

  // The same evaluation later under a new request_id: nothing changed, so the first assessment
  // is confirmed, not stored again; its retry answers the same bytes and stores nothing.
  v1::EvaluateEngagementRequest later = req;
  later.set_request_id("2f5c2a7e-1b7d-4c1e-9a53-0d6f3c2b8e41");
  v1::EvaluateEngagementResponse confirmed, confirmed_retry;
  absl::SleepFor(absl::Milliseconds(5));
  ASSERT_TRUE(evaluate(later, &confirmed).ok());
  EXPECT_EQ(confirmed.assessment(), first.assessment());
  EXPECT_TRUE(confirmed.has_confirm_time());
  EXPECT_FALSE(first.has_confirm_time());
  EXPECT_EQ(count_assessments(), 1);
  const int64_t confirmed_bytes = StoredBytes();
  EXPECT_LE(confirmed_bytes - bytes, 400) << "a confirmation and its idempotency record";
  absl::SleepFor(absl::Milliseconds(5));
  ASSERT_TRUE(evaluate(later, &confirmed_retry).ok());
  EXPECT_EQ(SerializeDeterministic(confirmed_retry), SerializeDeterministic(confirmed));
  EXPECT_EQ(StoredBytes(), confirmed_bytes);
  {
    v1::ListAssessmentsRequest list;
    list.set_parent(supplier.name());
    v1::ListAssessmentsResponse page;
    grpc::ClientContext context;
    Authorize(&context);
    ASSERT_TRUE(assessments->ListAssessments(&context, list, &page).ok());
    ASSERT_EQ(page.assessments_size(), 1);
    EXPECT_EQ(page.assessments(0).confirmation_count(), 1);
    EXPECT_EQ(SerializeDeterministic(page.assessments(0).last_confirm_time()),
              SerializeDeterministic(confirmed.confirm_time()));
  }
  // A new request_id is a new evaluation.
  other.set_request_id("1f5c2a7e-1b7d-4c1e-9a53-0d6f3c2b8e41");
  ASSERT_TRUE(evaluate(other, &out).ok());
  EXPECT_NE(out.assessment(), first.assessment());
  EXPECT_EQ(count_assessments(), 2);
  // request_id must be a UUID.
  other.set_request_id("retry-1");
  status = evaluate(other, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(OnlyViolatedField(status), "request_id");
}

TEST_F(ServerTest, UnauthenticatedWithoutToken) {
  auto suppliers = v1::SupplierService::NewStub(channel_);
  v1::GetSupplierRequest get;
  get.set_name("suppliers/x");
  v1::Supplier supplier;
  grpc::ClientContext context;
  EXPECT_EQ(suppliers->GetSupplier(&context, get, &supplier).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ServerTest, ShutdownEndsOpenStreams) {
  auto assessments = v1::AssessmentService::NewStub(channel_);
  grpc::ClientContext context;
  Authorize(&context);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::WatchAssessmentsRequest watch;
  auto reader = assessments->WatchAssessments(&context, watch);
  std::thread stopper([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server_->Shutdown(absl::Seconds(5));
  });
  v1::AssessmentEvent event;
  auto start = std::chrono::steady_clock::now();
  while (reader->Read(&event)) {
  }
  reader->Finish();
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace supplyrisk::api
