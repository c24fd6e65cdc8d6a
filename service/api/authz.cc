#include "service/api/authz.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"

namespace supplyrisk::api {
namespace {

using v1::ROLE_ADMIN;
using v1::ROLE_AUDITOR;
using v1::ROLE_PROCUREMENT;
using v1::ROLE_SCANNER;
using v1::ROLE_SUPPLIER;

using Matrix = absl::flat_hash_map<std::string, std::vector<v1::Role>>;

const Matrix& Table() {
  // Readers see everything of the tenant; writers change what their role is for. A supplier reads
  // templates and answers its own questionnaires; a scanner only writes signals.
  static const Matrix* table = new Matrix{
      // Templates.
      {"TemplateService/ListTemplates",
       {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER}},
      {"TemplateService/GetTemplate", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER}},
      {"TemplateService/ListTemplateRevisions",
       {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER}},
      {"TemplateService/CreateTemplateRevision", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"TemplateService/PublishTemplateRevision", {ROLE_ADMIN}},
      // Suppliers.
      {"SupplierService/CreateSupplier", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"SupplierService/GetSupplier", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER}},
      {"SupplierService/ListSuppliers", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"SupplierService/LookupSuppliers", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"SupplierService/UpdateSupplier", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"SupplierService/DeleteSupplier", {ROLE_ADMIN}},
      {"SupplierService/BatchCreateSuppliers", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      // Responses.
      {"ResponseService/CreateResponse", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_SUPPLIER}},
      {"ResponseService/GetResponse", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER}},
      {"ResponseService/ListResponses",
       {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER}},
      {"ResponseService/SaveAnswers", {ROLE_ADMIN, ROLE_SUPPLIER}},
      {"ResponseService/SubmitResponse", {ROLE_ADMIN, ROLE_SUPPLIER}},
      {"ResponseService/DeleteResponse", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_SUPPLIER}},
      // Signals.
      {"SignalService/ImportSignals", {ROLE_ADMIN, ROLE_SCANNER}},
      {"SignalService/ListSignals", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      // Assessments.
      {"AssessmentService/AssessSupplier", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      // A supplier sees its own supplier's latest assessment only (SupplierVisible).
      {"AssessmentService/GetLatestAssessment",
       {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER}},
      {"AssessmentService/ListAssessments", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"AssessmentService/ExplainCell", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"AssessmentService/ReplayAssessment", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"AssessmentService/WatchAssessments", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      // Batch rescoring, and its operations.
      {"RescoreService/StartRescore", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"Operations/ListOperations", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"Operations/GetOperation", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"Operations/WaitOperation", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"Operations/CancelOperation", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"Operations/DeleteOperation", {ROLE_ADMIN}},
      // Engagements.
      {"EngagementService/CreateEngagement", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"EngagementService/GetEngagement", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"EngagementService/ListEngagements", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"EngagementService/UpdateEngagement", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"EngagementService/DeleteEngagement", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"EngagementService/EvaluateEngagement", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      // Chains. A scanner reports relationships it discovered; a supplier sees its own direct
      // subcontractors only (the services check the scope).
      {"ChainService/CreateRelationship", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_SCANNER}},
      {"ChainService/GetRelationship",
       {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER, ROLE_SCANNER}},
      {"ChainService/ListRelationships",
       {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR, ROLE_SUPPLIER}},
      // A scanner refreshes the evidence of the relationships scanners discovered.
      {"ChainService/UpdateRelationship", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_SCANNER}},
      {"ChainService/DeleteRelationship", {ROLE_ADMIN, ROLE_PROCUREMENT}},
      {"ChainService/GetChain", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"ChainService/GetEffectiveRisk", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"ChainService/ListConcentrations", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      {"ChainService/AnalyzeImpact", {ROLE_ADMIN, ROLE_PROCUREMENT, ROLE_AUDITOR}},
      // Audit.
      {"AuditService/ListAuditEntries", {ROLE_ADMIN, ROLE_AUDITOR}},
      {"AuditService/VerifyAuditLog", {ROLE_ADMIN, ROLE_AUDITOR}},
  };
  return *table;
}

}  // namespace

const std::vector<v1::Role>& AllowedRoles(absl::string_view method) {
  static const std::vector<v1::Role>* none = new std::vector<v1::Role>();
  auto it = Table().find(method);
  return it == Table().end() ? *none : it->second;
}

bool MayCall(const Caller& caller, absl::string_view method) {
  for (v1::Role role : AllowedRoles(method)) {
    if (caller.Has(role)) return true;
  }
  return false;
}

bool SupplierOnlyCall(const Caller& caller, absl::string_view method) {
  if (!caller.Has(ROLE_SUPPLIER)) return false;
  for (v1::Role role : AllowedRoles(method)) {
    if (role != ROLE_SUPPLIER && caller.Has(role)) return false;
  }
  return true;
}

std::vector<std::string> AuthorizedMethods() {
  std::vector<std::string> methods;
  for (const auto& [method, roles] : Table()) methods.push_back(method);
  std::sort(methods.begin(), methods.end());
  return methods;
}

}  // namespace supplyrisk::api
