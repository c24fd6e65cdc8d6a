#ifndef SUPPLYRISK_SERVICE_API_PAGE_BUDGET_H_
#define SUPPLYRISK_SERVICE_API_PAGE_BUDGET_H_

// Keeps every List* response under the server's message bound. page_size is a maximum: while a
// page is filled each item's encoded size is counted, and the page stops before the response would
// pass the budget. The caller then returns the short page with a next_page_token that resumes at
// the first item not returned, never RESOURCE_EXHAUSTED.
//
// The budget rule: items may fill kFillPercent (90%) of max_message_bytes, less a reserve for
// next_page_token (kTokenReserve bytes, or a quarter of the budget on servers whose bound is below
// ~18 KiB) and for the response's fixed fields. The other 10% is headroom for what the count does
// not see (gRPC framing, fields set after the page is filled).
//
// An item larger than the budget on its own: when it is the page's first item and it fits the hard
// bound (max_message_bytes less the token reserve), it is returned alone, so a list always makes
// progress and every stored item stays readable. When even that is too large, Take() answers
// kTooLarge and the caller fails with ItemTooLarge(), naming the item: skipping it would silently
// hide it, and sending it would fail in gRPC with a RESOURCE_EXHAUSTED that names nothing.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace supplyrisk::api {

// Bytes one element of a repeated message (or string) field takes in its parent: tag, length
// prefix and body.
size_t RepeatedFieldBytes(int field_number, size_t body_bytes);

// Bytes a string field takes when set (tag, length, body); 0 when empty.
size_t StringFieldBytes(int field_number, size_t length);

class PageBudget {
 public:
  static constexpr int kFillPercent = 90;
  // A valid page token is at most 4096 characters (PageTokens::Decode refuses longer ones), plus
  // its tag and length prefix.
  static constexpr size_t kTokenReserve = 4096 + 3;

  // `max_message_bytes`: the server's bound (ServerOptions::max_message_bytes). `fixed_bytes`: the
  // response fields other than the page's items and next_page_token.
  explicit PageBudget(int64_t max_message_bytes, size_t fixed_bytes = 0);

  enum class Fit {
    kTaken,     // counted; add the item to the page
    kFull,      // the page is full: stop, return the items taken and a token resuming here
    kTooLarge,  // the page's first item alone exceeds the hard bound (see ItemTooLarge)
  };
  // Whether an item of `bytes` (RepeatedFieldBytes of each of its parts) joins the page.
  Fit Take(size_t bytes);

  size_t used() const { return used_; }
  int taken() const { return taken_; }
  // What items may fill, and the bound a lone oversized item must fit.
  size_t budget() const { return budget_; }
  size_t hard_limit() const { return hard_; }

 private:
  size_t budget_ = 0;
  size_t hard_ = 0;
  size_t used_ = 0;
  int taken_ = 0;
};

// FAILED_PRECONDITION naming the item that cannot be sent within max_message_bytes.
grpc::Status ItemTooLarge(absl::string_view resource_type, absl::string_view name, size_t bytes,
                          const PageBudget& budget);

// Fills a response from one store page (`items`, `positions`, `next_page_token`, as
// store::Page): `bytes(item)` is the item's encoded size in the response, `add(item)` moves it
// there, `name(item)` names it in an error. On success `*next` is the store position the next page
// resumes from: the store's own token when every item was taken, else the position right after the
// last item taken, so the next page starts exactly at the first item not returned.
template <typename StorePage, typename Bytes, typename Name, typename Add>
grpc::Status FillFromStorePage(StorePage& page, PageBudget& budget, absl::string_view resource_type,
                               Bytes bytes, Name name, Add add, std::string* next) {
  for (size_t i = 0; i < page.items.size(); ++i) {
    size_t size = bytes(page.items[i]);
    switch (budget.Take(size)) {
      case PageBudget::Fit::kTaken:
        add(page.items[i]);
        break;
      case PageBudget::Fit::kFull:
        // Take() never refuses the first item for being full, so i > 0 here.
        *next = page.positions.at(i - 1);
        return grpc::Status::OK;
      case PageBudget::Fit::kTooLarge:
        return ItemTooLarge(resource_type, name(page.items[i]), size, budget);
    }
  }
  *next = page.next_page_token;
  return grpc::Status::OK;
}

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_PAGE_BUDGET_H_
