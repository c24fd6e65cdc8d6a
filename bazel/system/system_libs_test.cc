// Proves the offline build glue: each system library links and behaves, and the generated protobuf
// code (ours and googleapis') round-trips. RocksDB is proved by service/store's tests, the only
// code allowed to include it.
#include <openssl/evp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "supplyrisk/v1/template.pb.h"

namespace {

TEST(SystemLibsTest, Sha256MatchesKnownVector) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const std::string input = "abc";
  ASSERT_EQ(EVP_Digest(input.data(), input.size(), digest, &len, EVP_sha256(), nullptr), 1);
  EXPECT_EQ(absl::BytesToHexString(std::string(reinterpret_cast<char*>(digest), len)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SystemLibsTest, GeneratedProtosRoundTrip) {
  supplyrisk::v1::Template tmpl;
  tmpl.set_id("cpsf-supplier");
  tmpl.set_revision(3);
  auto* q = tmpl.add_sections()->add_questions();
  q->set_id("am.inventory");
  q->mutable_text()->set_ja("資産台帳はありますか");
  std::string bytes;
  ASSERT_TRUE(tmpl.SerializeToString(&bytes));
  supplyrisk::v1::Template back;
  ASSERT_TRUE(back.ParseFromString(bytes));
  EXPECT_EQ(back.sections(0).questions(0).text().ja(), "資産台帳はありますか");

  google::rpc::BadRequest bad;
  auto* v = bad.add_field_violations();
  v->set_field("supplier.corporate_number");
  v->set_description("check digit does not match");
  google::rpc::Status status;
  status.set_code(3);
  status.add_details()->PackFrom(bad);
  google::rpc::BadRequest unpacked;
  ASSERT_TRUE(status.details(0).UnpackTo(&unpacked));
  EXPECT_EQ(unpacked.field_violations(0).field(), "supplier.corporate_number");
}

TEST(SystemLibsTest, GrpcLinks) {
  // A server needs at least one polled service; the callback generic service is the smallest.
  grpc::CallbackGenericService generic;
  grpc::ServerBuilder builder;
  builder.RegisterCallbackGenericService(&generic);
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  EXPECT_GT(port, 0);
  server->Shutdown();
}

}  // namespace
