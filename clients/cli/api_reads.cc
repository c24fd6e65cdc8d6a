#include "clients/cli/api_reads.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "supplyrisk/v1/assessment_service.grpc.pb.h"
#include "supplyrisk/v1/chain_service.grpc.pb.h"
#include "supplyrisk/v1/engagement_service.grpc.pb.h"
#include "supplyrisk/v1/supplier_service.grpc.pb.h"

namespace supplyrisk::cli {

absl::Status CallError(const std::string& target, const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(target, ": ", status.error_message()));
}

absl::Status ApiReader::AllSuppliers(std::vector<v1::Supplier>* suppliers,
                                     std::vector<v1::SupplierStanding>* standings, int max) {
  auto stub = v1::SupplierService::NewStub(server_.channel);
  v1::ListSuppliersRequest req;
  req.set_page_size(200);
  do {
    v1::ListSuppliersResponse resp;
    grpc::ClientContext context;
    server_.Prepare(&context);
    grpc::Status st = stub->ListSuppliers(&context, req, &resp);
    if (!st.ok()) return CallError("ListSuppliers", st);
    for (auto& s : *resp.mutable_suppliers()) suppliers->push_back(std::move(s));
    for (auto& s : *resp.mutable_standings()) standings->push_back(std::move(s));
    if (static_cast<int>(suppliers->size()) > max) {
      return absl::ResourceExhaustedError(absl::StrCat("more than ", max, " suppliers"));
    }
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Engagement>> ApiReader::AllEngagements(int max) {
  auto stub = v1::EngagementService::NewStub(server_.channel);
  std::vector<v1::Engagement> out;
  v1::ListEngagementsRequest req;
  req.set_page_size(200);
  do {
    v1::ListEngagementsResponse resp;
    grpc::ClientContext context;
    server_.Prepare(&context);
    grpc::Status st = stub->ListEngagements(&context, req, &resp);
    if (!st.ok()) return CallError("ListEngagements", st);
    for (auto& e : *resp.mutable_engagements()) out.push_back(std::move(e));
    if (static_cast<int>(out.size()) > max) {
      return absl::ResourceExhaustedError(absl::StrCat("more than ", max, " engagements"));
    }
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return out;
}

absl::StatusOr<v1::Supplier> ApiReader::GetSupplier(const std::string& name) {
  auto stub = v1::SupplierService::NewStub(server_.channel);
  v1::GetSupplierRequest req;
  req.set_name(name);
  v1::Supplier out;
  grpc::ClientContext context;
  server_.Prepare(&context);
  grpc::Status st = stub->GetSupplier(&context, req, &out);
  if (!st.ok()) return CallError("GetSupplier", st);
  return out;
}

absl::StatusOr<v1::ListConcentrationsResponse> ApiReader::Concentrations() {
  auto stub = v1::ChainService::NewStub(server_.channel);
  v1::ListConcentrationsRequest req;
  v1::ListConcentrationsResponse out;
  grpc::ClientContext context;
  server_.Prepare(&context);
  grpc::Status st = stub->ListConcentrations(&context, req, &out);
  if (!st.ok()) return CallError("ListConcentrations", st);
  return out;
}

absl::StatusOr<std::vector<v1::Assessment>> ApiReader::Assessments(const std::string& supplier,
                                                                   bool full,
                                                                   const std::string& language,
                                                                   int max) {
  auto stub = v1::AssessmentService::NewStub(server_.channel);
  std::vector<v1::Assessment> out;
  v1::ListAssessmentsRequest req;
  req.set_parent(supplier);
  req.set_page_size(std::min(max, 50));
  if (full) req.set_view(v1::ASSESSMENT_VIEW_FULL);
  req.set_language(language);
  do {
    v1::ListAssessmentsResponse resp;
    grpc::ClientContext context;
    server_.Prepare(&context);
    grpc::Status st = stub->ListAssessments(&context, req, &resp);
    if (!st.ok()) return CallError("ListAssessments", st);
    for (auto& a : *resp.mutable_assessments()) {
      if (static_cast<int>(out.size()) == max) return out;
      out.push_back(std::move(a));
    }
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return out;
}

}  // namespace supplyrisk::cli
