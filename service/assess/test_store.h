// A real store in a fresh scratch directory, for tests of the use case without a server.
#ifndef SUPPLYRISK_SERVICE_ASSESS_TEST_STORE_H_
#define SUPPLYRISK_SERVICE_ASSESS_TEST_STORE_H_

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "service/store/store.h"

namespace supplyrisk::assess::testing {

// Opens a store in a new empty directory under TEST_TMPDIR (or /tmp); aborts the test binary on
// failure, as nothing else can run without it.
inline std::unique_ptr<store::Store> OpenScratchStore(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  static std::atomic<int> counter{0};
  std::filesystem::path dir = std::filesystem::path(base != nullptr ? base : "/tmp") /
                              absl::StrCat("assess_", name, "_", getpid(), "_", counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  store::StoreOptions options;
  options.sync = false;  // durability is the store's own tests' concern
  absl::StatusOr<std::unique_ptr<store::Store>> opened = store::Store::Open(dir.string(), options);
  if (!opened.ok()) {
    fprintf(stderr, "cannot open a scratch store: %s\n", opened.status().ToString().c_str());
    abort();
  }
  return *std::move(opened);
}

}  // namespace supplyrisk::assess::testing

#endif  // SUPPLYRISK_SERVICE_ASSESS_TEST_STORE_H_
