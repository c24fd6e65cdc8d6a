// Templates: keyed by (id, revision); a published revision is immutable.
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/store_impl.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Template;

absl::StatusOr<Template> StoreImpl::PutTemplate(absl::string_view tenant, const Template& tmpl,
                                                const MutationContext& ctx, bool create) {
  absl::Status st = ValidateId("template.id", tmpl.id());
  if (!st.ok()) return st;
  if (tmpl.revision() < 1) return absl::InvalidArgumentError("template.revision: must be >= 1");
  std::string value = SerializeDeterministic(tmpl);
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, Sha256Hex(value),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        std::string key = TemplateKey(txn.tenant, tmpl.id(), tmpl.revision());
        std::string resource = names::TemplateRevision(tmpl.id(), tmpl.revision());
        Template stored;
        absl::StatusOr<bool> found = txn.GetMsg(kTemplates, key, &stored, resource);
        if (!found.ok()) return found.status();
        if (create && *found) {
          return absl::AlreadyExistsError(absl::StrCat(resource, " already exists"));
        }
        if (!create) {
          if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
          if (stored.state() == supplyrisk::v1::TEMPLATE_STATE_PUBLISHED) {
            return absl::FailedPreconditionError(
                absl::StrCat(resource, " is published and immutable; create a new revision"));
          }
        }
        txn.Put(kTemplates, key, value);
        txn.Audit(create ? "create" : "update", resource, Sha256Hex(value));
        return value;
      },
      ReadBack(kTemplates, TemplateKey(tenant, tmpl.id(), tmpl.revision())));
  if (!out.ok()) return out.status();
  return ParseAs<Template>(*out, "template");
}

absl::StatusOr<Template> StoreImpl::CreateTemplate(absl::string_view tenant, const Template& tmpl,
                                                   const MutationContext& ctx) {
  return PutTemplate(tenant, tmpl, ctx, true);
}

absl::StatusOr<Template> StoreImpl::UpdateTemplate(absl::string_view tenant, const Template& tmpl,
                                                   const MutationContext& ctx) {
  return PutTemplate(tenant, tmpl, ctx, false);
}

absl::StatusOr<Template> StoreImpl::GetTemplate(absl::string_view tenant,
                                                absl::string_view template_id, int revision,
                                                const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("template_id", template_id);
  if (!st.ok()) return st;
  if (revision < 0) return absl::InvalidArgumentError("revision: must not be negative");
  if (revision > 0) {
    return GetDoc<Template>(kTemplates, TemplateKey(tenant, template_id, revision),
                            names::TemplateRevision(template_id, revision), snapshot);
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(snapshot), handles_[kTemplates]));
  std::string prefix = Key(tenant, template_id);
  it->SeekForPrev(PrefixSuccessor(prefix));
  if (!it->status().ok()) return FromRocks(it->status(), "scan templates");
  if (!it->Valid() || !it->key().starts_with(prefix)) {
    return absl::NotFoundError(NotFoundMsg(names::Template(template_id)));
  }
  return ParseAs<Template>(Sv(it->value()), "template");
}

absl::StatusOr<Page<Template>> StoreImpl::ListTemplates(absl::string_view tenant,
                                                        const PageRequest& page,
                                                        const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  return ListDocs<Template>(kTemplates, TenantPrefix(tenant), page, snapshot, "template");
}

}  // namespace supplyrisk::store
