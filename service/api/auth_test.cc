#include "service/api/auth.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "engine/common/sha256.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "service/api/authz.h"
#include "supplyrisk/v1/assessment_service.grpc.pb.h"
#include "supplyrisk/v1/audit_service.grpc.pb.h"
#include "supplyrisk/v1/chain_service.grpc.pb.h"
#include "supplyrisk/v1/engagement_service.grpc.pb.h"
#include "supplyrisk/v1/rescore_service.grpc.pb.h"
#include "supplyrisk/v1/response_service.grpc.pb.h"
#include "supplyrisk/v1/signal_service.grpc.pb.h"
#include "supplyrisk/v1/supplier_service.grpc.pb.h"
#include "supplyrisk/v1/template_service.grpc.pb.h"

namespace supplyrisk::api {
namespace {

v1::AuthConfig Config(const std::string& text) {
  v1::AuthConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config));
  return config;
}

TEST(AuthenticatorTest, RejectsBadConfigs) {
  std::string hash = Sha256Hex("t");
  EXPECT_FALSE(Authenticator::Create(Config(R"(tokens { sha256: "abc" principal {
      tenant: "demo" roles: ROLE_ADMIN } })"))
                   .ok());
  EXPECT_FALSE(Authenticator::Create(Config("tokens { sha256: \"" + hash +
                                            "\" principal { tenant: \"de mo\" roles: "
                                            "ROLE_ADMIN } }"))
                   .ok());
  EXPECT_FALSE(Authenticator::Create(
                   Config("tokens { sha256: \"" + hash + "\" principal { tenant: \"demo\" } }"))
                   .ok());
  // A supplier principal must name its supplier.
  EXPECT_FALSE(Authenticator::Create(Config("tokens { sha256: \"" + hash +
                                            "\" principal { tenant: \"demo\" roles: "
                                            "ROLE_SUPPLIER } }"))
                   .ok());
  EXPECT_FALSE(Authenticator::Create(Config("tokens { sha256: \"" + hash +
                                            "\" principal { tenant: \"demo\" roles: ROLE_ADMIN "
                                            "expire_time: \"tomorrow\" } }"))
                   .ok());
  EXPECT_TRUE(Authenticator::Create(Config("tokens { sha256: \"" + hash +
                                           "\" principal { tenant: \"demo\" roles: "
                                           "ROLE_ADMIN } }"))
                  .ok());
}

TEST(RateLimiterTest, BurstThenRefill) {
  RateLimiter limiter(/*per_second=*/10, /*burst=*/3);
  absl::Time t0 = absl::FromUnixSeconds(1000);
  absl::Duration wait;
  EXPECT_TRUE(limiter.Allow("a", t0, &wait));
  EXPECT_TRUE(limiter.Allow("a", t0, &wait));
  EXPECT_TRUE(limiter.Allow("a", t0, &wait));
  EXPECT_FALSE(limiter.Allow("a", t0, &wait));
  EXPECT_GT(wait, absl::ZeroDuration());
  EXPECT_LE(wait, absl::Milliseconds(100));
  // Another tenant has its own bucket.
  EXPECT_TRUE(limiter.Allow("b", t0, &wait));
  EXPECT_TRUE(limiter.Allow("a", t0 + absl::Milliseconds(100), &wait));
  EXPECT_FALSE(limiter.Allow("a", t0 + absl::Milliseconds(100), &wait));
}

TEST(RateLimiterTest, ConcurrentCallersShareOneBucket) {
  RateLimiter limiter(/*per_second=*/1, /*burst=*/50);
  absl::Time t0 = absl::FromUnixSeconds(1000);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      absl::Duration wait;
      for (int j = 0; j < 100; ++j) {
        if (limiter.Allow("a", t0, &wait)) ++allowed;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 50);
}

TEST(AuthzTest, LeastPrivilege) {
  Caller auditor{"t", {v1::ROLE_AUDITOR}, "", "", ""};
  Caller supplier{"t", {v1::ROLE_SUPPLIER}, "suppliers/s", "", ""};
  for (const std::string& method : AuthorizedMethods()) {
    absl::string_view name =
        absl::string_view(method).substr(absl::string_view(method).find('/') + 1);
    bool reads = absl::StartsWith(name, "Get") || absl::StartsWith(name, "List") ||
                 absl::StartsWith(name, "Explain") || absl::StartsWith(name, "Replay") ||
                 absl::StartsWith(name, "Watch") || absl::StartsWith(name, "Verify") ||
                 absl::StartsWith(name, "Analyze") || absl::StartsWith(name, "Wait") ||
                 absl::StartsWith(name, "Lookup");
    if (!reads) {
      EXPECT_FALSE(MayCall(auditor, method)) << method;
    }
    bool supplier_business = absl::StartsWith(method, "ResponseService/") ||
                             (absl::StartsWith(method, "TemplateService/") && reads) ||
                             method == "SupplierService/GetSupplier" ||
                             // Its own direct subcontractors only (checked in the service).
                             method == "ChainService/GetRelationship" ||
                             method == "ChainService/ListRelationships" ||
                             // Its own supplier's only (SupplierVisible in the service).
                             method == "AssessmentService/GetLatestAssessment";
    EXPECT_EQ(MayCall(supplier, method), supplier_business) << method;
  }
}

TEST(AuthzTest, SupplierRoleStaysScopedAlongsideOtherRoles) {
  Caller supplier_auditor{"t", {v1::ROLE_SUPPLIER, v1::ROLE_AUDITOR}, "suppliers/s", "", ""};
  // Writes come only through the supplier role: its own supplier only.
  EXPECT_TRUE(SupplierOnlyCall(supplier_auditor, "ResponseService/SaveAnswers"));
  // Reads come through the auditor role too: the whole tenant.
  EXPECT_FALSE(SupplierOnlyCall(supplier_auditor, "ResponseService/GetResponse"));
  Caller supplier_scanner{"t", {v1::ROLE_SCANNER, v1::ROLE_SUPPLIER}, "suppliers/s", "", ""};
  EXPECT_TRUE(SupplierOnlyCall(supplier_scanner, "SupplierService/GetSupplier"));
  EXPECT_FALSE(SupplierOnlyCall(supplier_scanner, "SignalService/ImportSignals"));
  Caller admin{"t", {v1::ROLE_ADMIN}, "", "", ""};
  EXPECT_FALSE(SupplierOnlyCall(admin, "ResponseService/SaveAnswers"));
}

TEST(AuthzTest, MatrixCoversExactlyTheServicesMethods) {
  std::vector<std::string> from_protos;
  // One message of each service file keeps it linked; the file then names its service.
  for (const google::protobuf::Descriptor* message :
       {v1::ListTemplatesRequest::descriptor(), v1::GetSupplierRequest::descriptor(),
        v1::GetResponseRequest::descriptor(), v1::ListSignalsRequest::descriptor(),
        v1::ExplainCellRequest::descriptor(), v1::GetEngagementRequest::descriptor(),
        v1::VerifyAuditLogRequest::descriptor(), v1::GetChainRequest::descriptor(),
        v1::StartRescoreRequest::descriptor(),
        google::longrunning::GetOperationRequest::descriptor()}) {
    ASSERT_EQ(message->file()->service_count(), 1) << message->file()->name();
    const google::protobuf::ServiceDescriptor* service = message->file()->service(0);
    for (int i = 0; i < service->method_count(); ++i) {
      from_protos.push_back(service->name() + "/" + service->method(i)->name());
    }
  }
  std::sort(from_protos.begin(), from_protos.end());
  EXPECT_EQ(AuthorizedMethods(), from_protos);
}

TEST(AuthzTest, AdminMayCallEverythingScannerOnlyImports) {
  Caller admin{"demo", {v1::ROLE_ADMIN}};
  Caller scanner{"demo", {v1::ROLE_SCANNER}};
  Caller auditor{"demo", {v1::ROLE_AUDITOR}};
  for (const std::string& method : AuthorizedMethods()) {
    EXPECT_TRUE(MayCall(admin, method)) << method;
    // It reports what it observed: signals, and the relationships it discovered (created, read
    // back and refreshed by a later scan; the service keeps it to discovered ones).
    EXPECT_EQ(MayCall(scanner, method), method == "SignalService/ImportSignals" ||
                                            method == "ChainService/CreateRelationship" ||
                                            method == "ChainService/GetRelationship" ||
                                            method == "ChainService/UpdateRelationship")
        << method;
    // Auditors never write.
    bool write = method.find("/Create") != std::string::npos ||
                 method.find("/Update") != std::string::npos ||
                 method.find("/Delete") != std::string::npos ||
                 method.find("/Publish") != std::string::npos ||
                 method.find("/Save") != std::string::npos ||
                 method.find("/Submit") != std::string::npos ||
                 method.find("/Import") != std::string::npos ||
                 method.find("/BatchCreate") != std::string::npos ||
                 method.find("/Assess") != std::string::npos ||
                 method.find("/Evaluate") != std::string::npos;
    if (write) {
      EXPECT_FALSE(MayCall(auditor, method)) << method;
    }
  }
  EXPECT_FALSE(MayCall(admin, "SupplierService/Nope"));
}

}  // namespace
}  // namespace supplyrisk::api
