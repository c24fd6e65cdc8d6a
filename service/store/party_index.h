// The party index (kIdxParty): how a questionnaire's subcontractor entry finds the supplier it
// names, and an integrator a supplier by its identifiers, without reading every supplier of the
// tenant. Internal to service/store.
//
// A supplier is indexed under its corporate number, its LEI, each of its domains and the
// company-name key (chain::CompanyNameKey) of each display name. Corporate numbers and LEIs are
// unique within a tenant (CheckIdentifiersFree). Every write of a supplier's document updates its
// entries in the same batch; CheckConsistency compares them with the documents.
#ifndef SUPPLYRISK_SERVICE_STORE_PARTY_INDEX_H_
#define SUPPLYRISK_SERVICE_STORE_PARTY_INDEX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/chain/declared_subcontractors.h"
#include "service/store/txn.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::store {

// The kIdxParty keys of `supplier`, sorted and without repeats.
std::vector<std::string> PartyIndexKeys(absl::string_view tenant, absl::string_view supplier_id,
                                        const v1::Supplier& supplier);

// Puts the keys `after` has and `before` had not, deletes those `before` had and `after` has not.
// Either may be null: a create has no before, a delete no after.
void WritePartyIndex(Txn& txn, absl::string_view supplier_id, const v1::Supplier* before,
                     const v1::Supplier* after);

// OK unless `after` takes a corporate number or LEI that another supplier of the tenant holds:
// then AlreadyExists naming the field, the value and the holder (IdentifierHolder). `before` is the
// stored document of an update (null for a create); values it already had are not checked. Scans
// the index, so the commit leader runs the mutation itself and two concurrent writers of one value
// cannot both pass.
// `field_prefix` starts the field named, e.g. "requests[2].supplier.".
absl::Status CheckIdentifiersFree(Txn& txn, absl::string_view field_prefix,
                                  absl::string_view supplier_id, const v1::Supplier* before,
                                  const v1::Supplier& after);

// The suppliers `response`'s subcontractor entries can match (by supplier name, corporate number
// or company-name key), in supplier id order, as chain::DeclaredRelationships takes them. It
// matches the same as it would over every supplier of the tenant, because a match needs one of
// these keys and ties go to the lowest supplier id either way.
absl::StatusOr<std::vector<chain::KnownSupplier>> CandidateParties(Txn& txn,
                                                                   const v1::Response& response);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_PARTY_INDEX_H_
