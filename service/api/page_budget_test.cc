#include "service/api/page_budget.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "supplyrisk/v1/signal_service.pb.h"

namespace supplyrisk::api {
namespace {

TEST(RepeatedFieldBytes, MatchesTheEncoding) {
  for (size_t body : {0, 1, 127, 128, 16383, 16384, 40000}) {
    v1::ListSignalsResponse r;
    r.add_signals()->set_id(std::string(body > 2 ? body - 3 : 0, 'x'));
    size_t item = r.signals(0).ByteSizeLong();
    EXPECT_EQ(r.ByteSizeLong(),
              RepeatedFieldBytes(v1::ListSignalsResponse::kSignalsFieldNumber, item))
        << body;
    r.set_next_page_token(std::string(body, 't'));
    EXPECT_EQ(r.ByteSizeLong(),
              RepeatedFieldBytes(v1::ListSignalsResponse::kSignalsFieldNumber, item) +
                  StringFieldBytes(v1::ListSignalsResponse::kNextPageTokenFieldNumber, body))
        << body;
  }
}

TEST(PageBudget, FillsNinetyPercentLessTheTokenReserve) {
  PageBudget b(8 << 20);
  EXPECT_EQ(b.budget(),
            (8u << 20) / 100 * 90 + (8u << 20) % 100 * 90 / 100 - PageBudget::kTokenReserve);
  EXPECT_EQ(b.hard_limit(), (8u << 20) - PageBudget::kTokenReserve);
  // A small server keeps room for items: the reserve shrinks to a quarter of the fill.
  PageBudget small(1024);
  EXPECT_EQ(small.budget(), 921u - 921u / 4);
}

TEST(PageBudget, StopsBeforeTheBudgetAndCountsWhatItTook) {
  PageBudget b(100000);
  size_t item = 10000;
  int taken = 0;
  while (b.Take(item) == PageBudget::Fit::kTaken) ++taken;
  EXPECT_EQ(taken, static_cast<int>(b.budget() / item));
  EXPECT_EQ(b.taken(), taken);
  EXPECT_EQ(b.used(), taken * item);
  EXPECT_LE(b.used(), b.budget());
  // Full stays full; a smaller item that still fits is taken.
  EXPECT_EQ(b.Take(item), PageBudget::Fit::kFull);
  EXPECT_EQ(b.Take(b.budget() - b.used()), PageBudget::Fit::kTaken);
  EXPECT_EQ(b.Take(1), PageBudget::Fit::kFull);
}

TEST(PageBudget, ALoneItemOverTheBudgetIsSentIfItFitsTheHardLimit) {
  PageBudget b(100000);
  EXPECT_EQ(b.Take(b.budget() + 1), PageBudget::Fit::kTaken);
  EXPECT_EQ(b.Take(1), PageBudget::Fit::kFull);

  PageBudget second(100000);
  ASSERT_EQ(second.Take(10), PageBudget::Fit::kTaken);
  // Not first: the page ends here, and the big item starts the next page alone.
  EXPECT_EQ(second.Take(second.budget()), PageBudget::Fit::kFull);

  PageBudget huge(100000);
  EXPECT_EQ(huge.Take(huge.hard_limit() + 1), PageBudget::Fit::kTooLarge);
  EXPECT_EQ(huge.taken(), 0);
  grpc::Status st = ItemTooLarge("assessment", "suppliers/a/assessments/b", 123456, huge);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(st.error_message().find("suppliers/a/assessments/b"), std::string::npos);
  EXPECT_NE(st.error_message().find("max_message_bytes"), std::string::npos);
}

// A store page as FillFromStorePage reads it.
struct FakePage {
  std::vector<std::string> items;
  std::vector<std::string> positions;
  std::string next_page_token;
};

TEST(FillFromStorePage, ResumesAtTheFirstItemNotReturned) {
  FakePage page;
  for (int i = 0; i < 10; ++i) {
    page.items.push_back(std::string(300, 'a' + i));
    page.positions.push_back("p" + std::to_string(i));
  }
  page.next_page_token = "p9";
  PageBudget b(4096);  // fill 3686 - 921 reserve = 2765: nine items of ~303 bytes
  std::vector<std::string> out;
  std::string next;
  auto bytes = [](const std::string& s) { return RepeatedFieldBytes(1, s.size()); };
  auto name = [](const std::string& s) { return s.substr(0, 1); };
  grpc::Status st = FillFromStorePage(
      page, b, "item", bytes, name, [&](std::string& s) { out.push_back(s); }, &next);
  ASSERT_TRUE(st.ok());
  ASSERT_EQ(out.size(), b.budget() / 303);
  ASSERT_LT(out.size(), page.items.size());
  EXPECT_EQ(next, page.positions[out.size() - 1]);

  // Everything fits: the store's own token.
  PageBudget roomy(1 << 20);
  out.clear();
  st = FillFromStorePage(
      page, roomy, "item", bytes, name, [&](std::string& s) { out.push_back(s); }, &next);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(out.size(), 10u);
  EXPECT_EQ(next, "p9");

  // The first item alone beyond the hard limit: an error naming it.
  page.items[0] = std::string(2000, 'a');
  PageBudget tiny(1024);
  out.clear();
  st = FillFromStorePage(
      page, tiny, "item", bytes, name, [&](std::string& s) { out.push_back(s); }, &next);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(st.error_message().find("item a"), std::string::npos) << st.error_message();
}

}  // namespace
}  // namespace supplyrisk::api
