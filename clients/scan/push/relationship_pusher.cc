#include "clients/scan/push/relationship_pusher.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "engine/chain/chain_proto.h"
#include "engine/common/sha256.h"
#include "grpcpp/grpcpp.h"
#include "supplyrisk/v1/chain_service.grpc.pb.h"

namespace supplyrisk::scan {
namespace {

absl::Status FromGrpc(const grpc::Status& status, absl::string_view method) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(method, ": ", status.error_message()));
}

// What a later scan refreshes; the buyer's verification and the rest are left as they are.
constexpr const char* kEvidencePaths[] = {"services", "dependency_classes", "confidence",
                                          "last_evidence_time"};

}  // namespace

std::string DiscoveredRelationshipId(const v1::Relationship& relationship) {
  const std::string digest = Sha256Hex(
      absl::StrCat(relationship.from_supplier(), "\n", chain::TargetNodeId(relationship)));
  return absl::StrCat("d-", digest.substr(0, 24));
}

absl::StatusOr<RelationshipPushResult> PushRelationships(
    const PushOptions& options, const std::vector<v1::Relationship>& relationships) {
  for (size_t i = 0; i < relationships.size(); ++i) {
    const v1::Relationship& r = relationships[i];
    if (r.source() != v1::RELATIONSHIP_SOURCE_DISCOVERED) {
      return absl::InvalidArgumentError(
          absl::StrCat("relationships[", i, "].source: a scanner pushes only discovered ones"));
    }
    if (r.from_supplier().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("relationships[", i, "].from_supplier: missing"));
    }
  }
  absl::StatusOr<ServerConnection> server = Connect(options);
  if (!server.ok()) return server.status();
  auto stub = v1::ChainService::NewStub(server->channel);
  auto call = [&](auto method, const auto& request, auto* response) {
    grpc::ClientContext context;
    server->Prepare(&context);
    return ((*stub).*method)(&context, request, response);
  };
  RelationshipPushResult result;
  for (const v1::Relationship& r : relationships) {
    v1::CreateRelationshipRequest create;
    *create.mutable_relationship() = r;
    create.set_relationship_id(DiscoveredRelationshipId(r));
    v1::Relationship created;
    grpc::Status status = call(&v1::ChainService::Stub::CreateRelationship, create, &created);
    if (status.ok()) {
      ++result.created;
      continue;
    }
    if (status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      return FromGrpc(status, "CreateRelationship");
    }
    v1::GetRelationshipRequest get;
    get.set_name(absl::StrCat("relationships/", create.relationship_id()));
    v1::Relationship stored;
    status = call(&v1::ChainService::Stub::GetRelationship, get, &stored);
    if (!status.ok()) return FromGrpc(status, "GetRelationship");
    v1::UpdateRelationshipRequest update;
    v1::Relationship* changed = update.mutable_relationship();
    *changed = r;
    changed->set_name(stored.name());
    changed->set_etag(stored.etag());
    for (const char* path : kEvidencePaths) update.mutable_update_mask()->add_paths(path);
    v1::Relationship updated;
    status = call(&v1::ChainService::Stub::UpdateRelationship, update, &updated);
    if (!status.ok()) return FromGrpc(status, "UpdateRelationship");
    ++result.refreshed;
  }
  return result;
}

}  // namespace supplyrisk::scan
