#include "clients/scan/push/signal_pusher.h"

#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/common/loopback.h"
#include "grpcpp/grpcpp.h"
#include "supplyrisk/v1/signal_service.grpc.pb.h"

namespace supplyrisk::scan {
namespace {

constexpr size_t kMaxTokenBytes = 4096;

absl::StatusOr<std::string> ReadSmallFile(const std::string& path, absl::string_view field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(field, ": cannot read ", path));
  std::string text;
  text.resize(kMaxTokenBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

}  // namespace

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("token_file: missing");
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("token_file: cannot read ", path));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("token_file: ", path, " is readable by others; chmod 600 it"));
  }
  absl::StatusOr<std::string> text = ReadSmallFile(path, "token_file");
  if (!text.ok()) return text.status();
  if (text->size() > kMaxTokenBytes) {
    return absl::InvalidArgumentError(absl::StrCat("token_file: ", path, " is over 4 KiB"));
  }
  absl::string_view token = *text;
  const size_t newline = token.find('\n');
  if (newline != absl::string_view::npos) token = token.substr(0, newline);
  token = absl::StripAsciiWhitespace(token);
  if (token.empty())
    return absl::InvalidArgumentError(absl::StrCat("token_file: ", path, " is empty"));
  return std::string(token);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const PushOptions& options) {
  if (options.target.empty()) return absl::InvalidArgumentError("target: missing");
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (IsLoopbackAddress(options.target)) {
    credentials = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions ssl;
    if (!options.ca_file.empty()) {
      std::ifstream in(options.ca_file);
      if (!in)
        return absl::InvalidArgumentError(absl::StrCat("ca_file: cannot read ", options.ca_file));
      std::stringstream pem;
      pem << in.rdbuf();
      ssl.pem_root_certs = pem.str();
    }
    credentials = grpc::SslCredentials(ssl);
  }
  return grpc::CreateChannel(options.target, credentials);
}

void ServerConnection::Prepare(grpc::ClientContext* context) const {
  context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
}

absl::StatusOr<ServerConnection> Connect(const PushOptions& options) {
  absl::StatusOr<std::string> token = ReadTokenFile(options.token_file);
  if (!token.ok()) return token.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = OpenChannel(options);
  if (!channel.ok()) return channel.status();
  return ServerConnection{*std::move(channel), *std::move(token), options.deadline};
}

absl::StatusOr<PushResult> PushSignals(const PushOptions& options,
                                       const std::vector<v1::Signal>& signals) {
  if (options.target.empty()) return absl::InvalidArgumentError("target: missing");
  if (options.batch_size < 1 || options.batch_size > 10000) {
    return absl::InvalidArgumentError("batch_size: must be in 1..10000");
  }
  for (size_t i = 0; i < signals.size(); ++i) {
    if (signals[i].supplier().empty()) {
      return absl::InvalidArgumentError(absl::StrCat("signals[", i, "].supplier: missing"));
    }
  }
  absl::StatusOr<ServerConnection> server = Connect(options);
  if (!server.ok()) return server.status();
  auto stub = v1::SignalService::NewStub(server->channel);
  grpc::ClientContext context;
  server->Prepare(&context);
  v1::ImportSignalsResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportSignalsRequest>> writer(
      stub->ImportSignals(&context, &response));
  v1::ImportSignalsRequest batch;
  for (const v1::Signal& signal : signals) {
    *batch.add_signals() = signal;
    if (batch.signals_size() == options.batch_size) {
      if (!writer->Write(batch)) break;  // the server ended the stream; Finish says why
      batch.Clear();
    }
  }
  if (batch.signals_size() > 0) writer->Write(batch);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("ImportSignals: ", status.error_message()));
  }
  PushResult result;
  result.imported_count = response.imported_count();
  result.suppliers.assign(response.suppliers().begin(), response.suppliers().end());
  return result;
}

}  // namespace supplyrisk::scan
