#include "clients/scan/push/signal_pusher.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "supplyrisk/v1/signal_service.grpc.pb.h"

namespace supplyrisk::scan {
namespace {

// A SignalService that records what it was sent and refuses a wrong token, as supplyriskd does.
class RecordingSignalService final : public v1::SignalService::Service {
 public:
  grpc::Status ImportSignals(grpc::ServerContext* context,
                             grpc::ServerReader<v1::ImportSignalsRequest>* reader,
                             v1::ImportSignalsResponse* response) override {
    auto auth = context->client_metadata().find("authorization");
    if (auth == context->client_metadata().end() ||
        std::string(auth->second.data(), auth->second.size()) != "Bearer s3cret") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown bearer token");
    }
    v1::ImportSignalsRequest request;
    absl::MutexLock lock(&mu_);
    while (reader->Read(&request)) {
      batches_.push_back(request.signals_size());
      for (const v1::Signal& s : request.signals()) {
        if (s.supplier() == "suppliers/gone") {
          return grpc::Status(grpc::StatusCode::NOT_FOUND, "suppliers/gone not found");
        }
        ++count_;
      }
    }
    response->set_imported_count(count_);
    response->add_suppliers("suppliers/acme");
    return grpc::Status::OK;
  }

  std::vector<int> batches() {
    absl::MutexLock lock(&mu_);
    return batches_;
  }

 private:
  absl::Mutex mu_;
  std::vector<int> batches_;
  int count_ = 0;
};

class SignalPusherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    target_ = absl::StrCat("127.0.0.1:", port);
    token_file_ = WriteToken("s3cret\n", 0600);
  }
  void TearDown() override { server_->Shutdown(); }

  std::string WriteToken(const std::string& text, mode_t mode) {
    std::string path = absl::StrCat(std::getenv("TEST_TMPDIR"), "/token", ++files_);
    std::ofstream(path) << text;
    chmod(path.c_str(), mode);
    return path;
  }

  std::vector<v1::Signal> Signals(int n, const std::string& supplier = "suppliers/acme") {
    std::vector<v1::Signal> out(n);
    for (int i = 0; i < n; ++i) {
      out[i].set_supplier(supplier);
      out[i].set_issue_type("spf_record_missing");
    }
    return out;
  }

  RecordingSignalService service_;
  std::unique_ptr<grpc::Server> server_;
  std::string target_;
  std::string token_file_;
  int files_ = 0;
};

TEST_F(SignalPusherTest, StreamsInBatchesWithTheToken) {
  PushOptions options;
  options.target = target_;
  options.token_file = token_file_;
  options.batch_size = 2;
  absl::StatusOr<PushResult> pushed = PushSignals(options, Signals(5));
  ASSERT_TRUE(pushed.ok()) << pushed.status();
  EXPECT_EQ(pushed->imported_count, 5);
  EXPECT_EQ(pushed->suppliers, std::vector<std::string>{"suppliers/acme"});
  EXPECT_EQ(service_.batches(), (std::vector<int>{2, 2, 1}));
}

TEST_F(SignalPusherTest, ServerErrorsComeBackWithTheirCode) {
  PushOptions options;
  options.target = target_;
  options.token_file = WriteToken("wrong", 0600);
  absl::StatusOr<PushResult> pushed = PushSignals(options, Signals(1));
  EXPECT_EQ(pushed.status().code(), absl::StatusCode::kUnauthenticated);
  options.token_file = token_file_;
  pushed = PushSignals(options, Signals(1, "suppliers/gone"));
  EXPECT_EQ(pushed.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(pushed.status().message(), "suppliers/gone"));
}

TEST_F(SignalPusherTest, RefusesBadInputBeforeConnecting) {
  PushOptions options;
  options.target = target_;
  options.token_file = token_file_;
  std::vector<v1::Signal> signals = Signals(2);
  signals[1].clear_supplier();
  EXPECT_TRUE(absl::StrContains(PushSignals(options, signals).status().message(),
                                "signals[1].supplier: missing"));
  options.batch_size = 0;
  EXPECT_TRUE(absl::StrContains(PushSignals(options, Signals(1)).status().message(), "batch_size"));
  options.batch_size = 10;
  options.target.clear();
  EXPECT_TRUE(absl::StrContains(PushSignals(options, Signals(1)).status().message(), "target"));
  EXPECT_TRUE(service_.batches().empty());
}

TEST_F(SignalPusherTest, TokenFilesArePrivateSmallAndNonEmpty) {
  EXPECT_EQ(*ReadTokenFile(token_file_), "s3cret");
  EXPECT_TRUE(absl::StrContains(ReadTokenFile(WriteToken("s3cret", 0644)).status().message(),
                                "readable by others"));
  EXPECT_TRUE(
      absl::StrContains(ReadTokenFile(WriteToken("  \n", 0600)).status().message(), "is empty"));
  EXPECT_TRUE(absl::StrContains(
      ReadTokenFile(WriteToken(std::string(5000, 'x'), 0600)).status().message(), "4 KiB"));
  EXPECT_TRUE(absl::StrContains(ReadTokenFile("/nonexistent/token").status().message(),
                                "token_file: cannot read"));
  EXPECT_TRUE(absl::StrContains(ReadTokenFile("").status().message(), "token_file: missing"));
}

}  // namespace
}  // namespace supplyrisk::scan
