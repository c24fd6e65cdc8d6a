// Reading stored records: RocksDB statuses and slices as absl types, parsing with DataLoss on
// corruption, and the micros-since-epoch form timestamps take in keys and summaries. Internal to
// service/store.
#ifndef SUPPLYRISK_SERVICE_STORE_RECORD_IO_H_
#define SUPPLYRISK_SERVICE_STORE_RECORD_IO_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace supplyrisk::store {

inline absl::string_view Sv(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

// OK, or the absl code matching `s` (Corruption -> DataLoss, NotFound, Busy/TryAgain -> Aborted,
// the rest Internal), with `what` as context.
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what);

// Parses stored bytes; DataLoss naming `what` when they do not parse.
template <typename T>
absl::StatusOr<T> ParseAs(absl::string_view bytes, absl::string_view what) {
  T msg;
  if (!msg.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("stored ", what, " does not parse"));
  }
  return msg;
}

// Timestamps at the microsecond precision of keys (sub-microsecond nanos are dropped).
int64_t TsMicros(const google::protobuf::Timestamp& ts);
google::protobuf::Timestamp MicrosTs(int64_t micros);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_RECORD_IO_H_
