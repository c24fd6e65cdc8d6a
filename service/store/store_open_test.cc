// Opening a database: the lock, the schema version, corruption.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "service/store/schema.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::StoreTest;
using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;

TEST_F(StoreTest, LockedDatabaseIsUnavailable) {
  auto second = Store::Open(dir_, options_);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
  store_.reset();
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  // The child only takes RocksDB's lock (a POSIX record lock on LOCK) and waits, so it starts no
  // threads (ThreadSanitizer forbids that after a fork of a threaded process).
  std::string lock_path = dir_ + "/LOCK";
  pid_t child = fork();
  if (child == 0) {
    int fd = open(lock_path.c_str(), O_RDWR);
    struct flock fl = {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    char c = (fd >= 0 && fcntl(fd, F_SETLK, &fl) == 0) ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto locked = Store::Open(dir_, options_);
  EXPECT_EQ(locked.status().code(), absl::StatusCode::kUnavailable) << locked.status();
  EXPECT_NE(locked.status().message().find("locked"), std::string::npos);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  Reopen();  // the lock dies with its holder
}

TEST_F(StoreTest, NewerSchemaIsRefused) {
  store_.reset();
  {
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir_, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir_, cfs, &handles, &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), std::string(kSchemaVersionKey),
                        absl::StrCat(kSchemaVersion + 1))
                    .ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  auto opened = Store::Open(dir_, options_);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition) << opened.status();
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos) << opened.status();
}

TEST_F(StoreTest, CorruptDatabaseIsDataLoss) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "s1", MakeSupplier("x"), Actor("a")).ok());
  store_.reset();
  std::string manifest;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    if (e.path().filename().string().rfind("MANIFEST-", 0) == 0) manifest = e.path();
  }
  ASSERT_FALSE(manifest.empty());
  {
    std::ofstream out(manifest, std::ios::binary | std::ios::trunc);
    out << std::string(4096, '\x5a');
  }
  auto opened = Store::Open(dir_, options_);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << opened.status();
}

}  // namespace
}  // namespace supplyrisk::store
