#include "engine/signals/signal_lifecycle.h"

#include <cstdint>

#include "gtest/gtest.h"

namespace supplyrisk::signals {
namespace {

using ::supplyrisk::v1::Signal;

Signal Observation(int64_t first_seen, int64_t last_seen = 0, int64_t resolved = 0) {
  Signal s;
  s.set_factor(supplyrisk::v1::FACTOR_DNS_HEALTH);
  s.set_issue_type("spf_missing");
  s.set_asset("example.jp");
  s.set_severity(supplyrisk::v1::SEVERITY_HIGH);
  s.set_source("scanner-a");
  s.mutable_observed_at()->set_seconds(first_seen);
  if (last_seen != 0) s.mutable_last_observed_at()->set_seconds(last_seen);
  if (resolved != 0) s.mutable_resolved_at()->set_seconds(resolved);
  NormaliseObservation(&s);
  return s;
}

TEST(DefaultSignalIdTest, IsFactorIssueTypeAndAsset) {
  Signal s;
  s.set_factor(supplyrisk::v1::FACTOR_NETWORK_SECURITY);
  s.set_issue_type("exposed_rdp");
  s.set_asset("203.0.113.7");
  EXPECT_EQ(DefaultSignalId(s), "FACTOR_NETWORK_SECURITY/exposed_rdp/203.0.113.7");
}

TEST(NormaliseObservationTest, FillsIdAndLastSeen) {
  Signal s;
  s.set_factor(supplyrisk::v1::FACTOR_DNS_HEALTH);
  s.set_issue_type("spf_missing");
  s.mutable_observed_at()->set_seconds(100);
  NormaliseObservation(&s);
  EXPECT_EQ(s.id(), "FACTOR_DNS_HEALTH/spf_missing/");
  EXPECT_EQ(s.last_observed_at().seconds(), 100);
}

TEST(NormaliseObservationTest, KeepsGivenIdAndLaterLastSeen) {
  Signal s = Observation(100, 200);
  s.set_id("scanner-7");
  NormaliseObservation(&s);
  EXPECT_EQ(s.id(), "scanner-7");
  EXPECT_EQ(s.last_observed_at().seconds(), 200);
}

TEST(NormaliseObservationTest, LastSeenBeforeFirstSeenBecomesFirstSeen) {
  Signal s;
  s.mutable_observed_at()->set_seconds(300);
  s.mutable_last_observed_at()->set_seconds(200);
  NormaliseObservation(&s);
  EXPECT_EQ(s.last_observed_at().seconds(), 300);
}

TEST(MergeObservationTest, FirstSeenIsNewAndOpen) {
  SignalUpdate u = MergeObservation(nullptr, Observation(100));
  EXPECT_EQ(u.transition, SignalTransition::kNew);
  EXPECT_FALSE(u.was_open);
  EXPECT_TRUE(u.is_open);
  EXPECT_EQ(u.record.observed_at().seconds(), 100);
}

TEST(MergeObservationTest, FirstSeenAlreadyResolvedIsNewAndClosed) {
  SignalUpdate u = MergeObservation(nullptr, Observation(100, 100, 150));
  EXPECT_EQ(u.transition, SignalTransition::kNew);
  EXPECT_FALSE(u.is_open);
  EXPECT_EQ(u.record.resolved_at().seconds(), 150);
}

TEST(MergeObservationTest, FirstSeenAfterItsResolutionIsNewAndOpen) {
  SignalUpdate u = MergeObservation(nullptr, Observation(100, 200, 150));
  EXPECT_EQ(u.transition, SignalTransition::kNew);
  EXPECT_TRUE(u.is_open);
  EXPECT_FALSE(u.record.has_resolved_at());
}

TEST(MergeObservationTest, SeenAgainLaterMovesLastSeenAndTakesDetails) {
  Signal stored = Observation(100);
  Signal again = Observation(200);
  again.set_severity(supplyrisk::v1::SEVERITY_LOW);
  again.set_detail("still missing");
  SignalUpdate u = MergeObservation(&stored, again);
  EXPECT_EQ(u.transition, SignalTransition::kUpdated);
  EXPECT_TRUE(u.was_open);
  EXPECT_TRUE(u.is_open);
  EXPECT_EQ(u.record.observed_at().seconds(), 100);  // first seen keeps the earliest
  EXPECT_EQ(u.record.last_observed_at().seconds(), 200);
  EXPECT_EQ(u.record.severity(), supplyrisk::v1::SEVERITY_LOW);
  EXPECT_EQ(u.record.detail(), "still missing");
}

TEST(MergeObservationTest, OlderObservationMovesFirstSeenBackOnly) {
  Signal stored = Observation(100, 200);
  Signal older = Observation(50);
  older.set_severity(supplyrisk::v1::SEVERITY_LOW);
  SignalUpdate u = MergeObservation(&stored, older);
  EXPECT_EQ(u.transition, SignalTransition::kUpdated);
  EXPECT_EQ(u.record.observed_at().seconds(), 50);
  EXPECT_EQ(u.record.last_observed_at().seconds(), 200);          // last seen keeps the latest
  EXPECT_EQ(u.record.severity(), supplyrisk::v1::SEVERITY_HIGH);  // details of the newer one
}

TEST(MergeObservationTest, OutOfOrderObservationInsideTheSeenRangeIsUnchanged) {
  Signal stored = Observation(100, 300);
  Signal between = Observation(200);
  between.set_detail("older scan");
  SignalUpdate u = MergeObservation(&stored, between);
  EXPECT_EQ(u.transition, SignalTransition::kUnchanged);
  EXPECT_EQ(u.record.SerializeAsString(), stored.SerializeAsString());
}

TEST(MergeObservationTest, EqualLastSeenTakesTheNewDetails) {
  Signal stored = Observation(100, 200);
  Signal same_time = Observation(200);
  same_time.set_source("scanner-b");
  SignalUpdate u = MergeObservation(&stored, same_time);
  EXPECT_EQ(u.transition, SignalTransition::kUpdated);
  EXPECT_EQ(u.record.source(), "scanner-b");
  EXPECT_EQ(u.record.observed_at().seconds(), 100);
}

TEST(MergeObservationTest, RepeatedIdenticalObservationIsUnchanged) {
  Signal stored = Observation(100, 200);
  SignalUpdate u = MergeObservation(&stored, Observation(100, 200));
  EXPECT_EQ(u.transition, SignalTransition::kUnchanged);
  EXPECT_TRUE(u.was_open);
  EXPECT_TRUE(u.is_open);
}

TEST(MergeObservationTest, SetResolvedAtResolves) {
  Signal stored = Observation(100, 200);
  SignalUpdate u = MergeObservation(&stored, Observation(100, 200, 250));
  EXPECT_EQ(u.transition, SignalTransition::kResolved);
  EXPECT_TRUE(u.was_open);
  EXPECT_FALSE(u.is_open);
  EXPECT_EQ(u.record.resolved_at().seconds(), 250);
}

TEST(MergeObservationTest, ResolutionAtTheLastSeenTimeResolves) {
  // Only an observation strictly after resolved_at reopens.
  Signal stored = Observation(100, 200);
  SignalUpdate u = MergeObservation(&stored, Observation(100, 200, 200));
  EXPECT_EQ(u.transition, SignalTransition::kResolved);
  EXPECT_FALSE(u.is_open);
}

TEST(MergeObservationTest, ResolutionBeforeTheLastSeenTimeDoesNotResolve) {
  Signal stored = Observation(100, 300);
  SignalUpdate u = MergeObservation(&stored, Observation(100, 100, 200));
  EXPECT_EQ(u.transition, SignalTransition::kUnchanged);
  EXPECT_TRUE(u.is_open);
  EXPECT_FALSE(u.record.has_resolved_at());
}

TEST(MergeObservationTest, SeenAfterResolutionReopens) {
  Signal stored = Observation(100, 200, 250);
  SignalUpdate u = MergeObservation(&stored, Observation(300));
  EXPECT_EQ(u.transition, SignalTransition::kReopened);
  EXPECT_FALSE(u.was_open);
  EXPECT_TRUE(u.is_open);
  EXPECT_FALSE(u.record.has_resolved_at());
  EXPECT_EQ(u.record.last_observed_at().seconds(), 300);
}

TEST(MergeObservationTest, SeenAtTheResolutionTimeStaysResolved) {
  Signal stored = Observation(100, 200, 250);
  SignalUpdate u = MergeObservation(&stored, Observation(250));
  EXPECT_EQ(u.transition, SignalTransition::kUpdated);  // last seen moved
  EXPECT_FALSE(u.is_open);
  EXPECT_EQ(u.record.resolved_at().seconds(), 250);
}

TEST(MergeObservationTest, OldObservationOfAResolvedIssueStaysResolved) {
  Signal stored = Observation(100, 200, 250);
  SignalUpdate u = MergeObservation(&stored, Observation(150));
  EXPECT_EQ(u.transition, SignalTransition::kUnchanged);
  EXPECT_FALSE(u.was_open);
  EXPECT_FALSE(u.is_open);
}

TEST(MergeObservationTest, LaterResolutionOfAResolvedIssueIsAnUpdate) {
  Signal stored = Observation(100, 200, 250);
  SignalUpdate u = MergeObservation(&stored, Observation(100, 200, 400));
  EXPECT_EQ(u.transition, SignalTransition::kUpdated);
  EXPECT_FALSE(u.is_open);
  EXPECT_EQ(u.record.resolved_at().seconds(), 400);
}

TEST(MergeObservationTest, ResolvedAndSeenAgainInOneObservationWithLaterSightingReopens) {
  // An observation both resolving the issue and last seeing it after that time: seen wins.
  Signal stored = Observation(100, 200, 250);
  SignalUpdate u = MergeObservation(&stored, Observation(100, 500, 400));
  EXPECT_EQ(u.transition, SignalTransition::kReopened);
  EXPECT_TRUE(u.is_open);
}

TEST(MergeObservationTest, SubMicrosecondDifferencesAreEqualTimes) {
  Signal stored = Observation(100, 200);
  stored.mutable_last_observed_at()->set_nanos(999);  // below a microsecond
  Signal again = Observation(100, 200);
  again.set_detail("new text");
  SignalUpdate u = MergeObservation(&stored, again);
  // Equal at microsecond precision: the observation counts as the newest.
  EXPECT_EQ(u.transition, SignalTransition::kUpdated);
  EXPECT_EQ(u.record.detail(), "new text");
  EXPECT_EQ(u.record.last_observed_at().nanos(), 0);
}

}  // namespace
}  // namespace supplyrisk::signals
