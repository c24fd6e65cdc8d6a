#include "service/store/group_batch.h"

#include <utility>

namespace supplyrisk::store {
namespace {

rocksdb::Status Apply(rocksdb::WriteBatchBase* wb,
                      const std::vector<rocksdb::ColumnFamilyHandle*>& cfs, const TxnOp& op) {
  return op.is_delete ? wb->Delete(cfs[op.cf], op.key) : wb->Put(cfs[op.cf], op.key, op.value);
}

}  // namespace

void GroupBatch::AppendPrepared(std::vector<TxnOp> ops) {
  Track(ops);
  if (index_ != nullptr) {
    for (const TxnOp& op : ops) Note(Apply(index_.get(), *cfs_, op));
    return;
  }
  if (ops_.empty()) {
    ops_ = std::move(ops);
    return;
  }
  for (TxnOp& op : ops) ops_.push_back(std::move(op));
}

rocksdb::WriteBatchWithIndex* GroupBatch::Index() {
  if (index_ == nullptr) {
    index_ = std::make_unique<rocksdb::WriteBatchWithIndex>(rocksdb::BytewiseComparator(), 0,
                                                            /*overwrite_key=*/true);
    for (const TxnOp& op : ops_) Note(Apply(index_.get(), *cfs_, op));
    ops_.clear();
  }
  return index_.get();
}

void GroupBatch::Track(const std::vector<TxnOp>& ops) {
  for (const TxnOp& op : ops) written_.insert(TrackedKey(op.cf, op.key));
}

void GroupBatch::Put(int cf, const std::string& key, const std::string& value) {
  if (index_ != nullptr) {
    Note(index_->Put((*cfs_)[cf], key, value));
  } else {
    ops_.push_back({cf, key, value, false});
  }
}

bool GroupBatch::empty() const {
  return index_ != nullptr ? index_->GetWriteBatch()->Count() == 0 : ops_.empty();
}

void GroupBatch::Note(const rocksdb::Status& s) {
  if (!s.ok() && status_.ok()) status_ = s;
}

rocksdb::Status GroupBatch::Write(const rocksdb::WriteOptions& wo) {
  if (!status_.ok()) return status_;
  if (index_ != nullptr) return db_->Write(wo, index_->GetWriteBatch());
  size_t bytes = 0;
  for (const TxnOp& op : ops_) bytes += op.key.size() + op.value.size() + 16;
  rocksdb::WriteBatch batch(bytes);
  for (const TxnOp& op : ops_) {
    rocksdb::Status s = Apply(&batch, *cfs_, op);
    if (!s.ok()) return s;
  }
  return db_->Write(wo, &batch);
}

}  // namespace supplyrisk::store
