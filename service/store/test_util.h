// Helpers shared by the store's tests: scratch directories and a settable
// clock.
#ifndef SUPPLYRISK_SERVICE_STORE_TEST_UTIL_H_
#define SUPPLYRISK_SERVICE_STORE_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "service/store/store.h"

namespace supplyrisk::store::testing {

// A fresh, empty directory under TEST_TMPDIR (or /tmp).
inline std::string ScratchDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  static std::atomic<int> counter{0};
  std::filesystem::path dir =
      std::filesystem::path(base != nullptr ? base : "/tmp") /
      absl::StrCat("store_", name, "_", getpid(), "_", counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// A clock the test moves by hand; shared so copies of StoreOptions see the same
// time.
struct FakeClock {
  std::shared_ptr<std::atomic<int64_t>> micros =
      std::make_shared<std::atomic<int64_t>>(
          absl::ToUnixMicros(absl::FromUnixSeconds(1767225600)));
  std::function<absl::Time()> fn() const {
    auto m = micros;
    return [m] { return absl::FromUnixMicros(m->load()); };
  }
  void Advance(absl::Duration d) { *micros += absl::ToInt64Microseconds(d); }
  absl::Time Now() const { return absl::FromUnixMicros(micros->load()); }
};

inline MutationContext Actor(const std::string& actor,
                             const std::string& request_id = "") {
  MutationContext ctx;
  ctx.actor = actor;
  ctx.request_id = request_id;
  return ctx;
}

}  // namespace supplyrisk::store::testing

#endif  // SUPPLYRISK_SERVICE_STORE_TEST_UTIL_H_
