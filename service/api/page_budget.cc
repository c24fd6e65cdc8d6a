#include "service/api/page_budget.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "service/api/errors.h"

namespace supplyrisk::api {
namespace {

size_t TagBytes(int field_number) {
  // Wire type 2 (length-delimited) in the low three bits.
  return google::protobuf::io::CodedOutputStream::VarintSize32(
      static_cast<uint32_t>(field_number) << 3 | 2);
}

}  // namespace

size_t RepeatedFieldBytes(int field_number, size_t body_bytes) {
  return TagBytes(field_number) +
         google::protobuf::io::CodedOutputStream::VarintSize64(body_bytes) + body_bytes;
}

size_t StringFieldBytes(int field_number, size_t length) {
  return length == 0 ? 0 : RepeatedFieldBytes(field_number, length);
}

PageBudget::PageBudget(int64_t max_message_bytes, size_t fixed_bytes) {
  size_t max = static_cast<size_t>(std::max<int64_t>(max_message_bytes, 0));
  size_t fill = max / 100 * kFillPercent + max % 100 * kFillPercent / 100;
  size_t reserve = std::min(kTokenReserve, fill / 4) + fixed_bytes;
  budget_ = fill > reserve ? fill - reserve : 0;
  hard_ = max > reserve ? max - reserve : 0;
}

PageBudget::Fit PageBudget::Take(size_t bytes) {
  if (used_ + bytes <= budget_ || (taken_ == 0 && bytes <= hard_)) {
    used_ += bytes;
    ++taken_;
    return Fit::kTaken;
  }
  return taken_ == 0 ? Fit::kTooLarge : Fit::kFull;
}

grpc::Status ItemTooLarge(absl::string_view resource_type, absl::string_view name, size_t bytes,
                          const PageBudget& budget) {
  return FailedPrecondition(
      "MESSAGE_SIZE", name,
      absl::StrCat("the ", resource_type, " ", name, " is ", bytes,
                   " bytes encoded, more than a response may carry (", budget.hard_limit(),
                   " of the server's max_message_bytes); raise --max_message_bytes to read it"));
}

}  // namespace supplyrisk::api
