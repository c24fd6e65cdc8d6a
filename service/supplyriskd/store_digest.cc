// store_digest: prints the SHA-256 digest of every key and value of a supplyrisk database. Tests
// compare it before and after a run to prove nothing was written; the database must not be open in
// a running supplyriskd.

#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "service/store/store.h"
#include "service/supplyriskd/command_line.h"

ABSL_FLAG(std::string, db, "./var/supplyrisk/db", "database directory");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("store_digest [--db=DIR]");
  supplyrisk::daemon::ParseCommandLine(argc, argv, "service/supplyriskd/store_digest.cc");
  supplyrisk::store::StoreOptions options;
  options.create_if_missing = false;
  auto store = supplyrisk::store::Store::Open(absl::GetFlag(FLAGS_db), options);
  if (!store.ok()) {
    fprintf(stderr, "store_digest: %s\n", store.status().ToString().c_str());
    return 1;
  }
  auto digest = (*store)->Digest();
  if (!digest.ok()) {
    fprintf(stderr, "store_digest: %s\n", digest.status().ToString().c_str());
    return 1;
  }
  printf("%s\n", digest->c_str());
  return 0;
}
