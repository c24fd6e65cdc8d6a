// load_generator: a bounded gRPC load against a local supplyriskd, measuring the server's CPU per
// call from /proc/PID/stat beside client-side QPS and latency.
//
// The same client code (one channel, generic unary calls with the same metadata) serves every
// method, so a gRPC health check measured with it is a fair floor for what one call of the
// transport costs the server; the difference to EvaluateEngagement is the handler's own work.
//
//   load_generator --target=127.0.0.1:PORT --token_file=DIR/dev-admin.token
//     --server_pid=PID --method=evaluate_engagement --engagement=engagements/ID
//     --calls=2000 --concurrency=4
//
// Prints one JSON line. Exits non-zero on the first failed call: a figure measured over errors is
// no figure. Only loopback targets are accepted, so it cannot be pointed at someone else's server.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/common/loopback.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/byte_buffer.h"
#include "supplyrisk/v1/engagement_service.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/supplier_service.pb.h"

ABSL_FLAG(std::string, target, "", "host:port of the server; loopback only (127.0.0.1, [::1])");
ABSL_FLAG(std::string, token_file, "", "file holding the bearer token");
ABSL_FLAG(int, server_pid, 0, "pid of the server, whose CPU time is read from /proc");
ABSL_FLAG(std::string, method, "health",
          "health | evaluate_engagement | get_supplier | list_suppliers");
ABSL_FLAG(std::string, engagement, "", "for evaluate_engagement: engagements/{id}");
ABSL_FLAG(std::string, supplier, "", "for get_supplier: suppliers/{id}");
ABSL_FLAG(int, page_size, 100,
          "for list_suppliers: rows asked for (1..1000); a reply with fewer rows fails the run, so "
          "the store must hold at least this many suppliers");
ABSL_FLAG(int, calls, 2000, "measured calls (1..1000000)");
ABSL_FLAG(int, warmup_calls, 200, "calls made before measuring (0..100000)");
ABSL_FLAG(int, concurrency, 4, "calls in flight at once (1..64)");
ABSL_FLAG(int, max_seconds, 300, "bound on the whole run; past it the run fails");
ABSL_FLAG(int, deadline_ms, 10000, "deadline of each call");

namespace {

constexpr absl::string_view kHealthMethod = "/grpc.health.v1.Health/Check";
constexpr absl::string_view kEvaluateMethod = "/supplyrisk.v1.EngagementService/EvaluateEngagement";
constexpr absl::string_view kGetSupplierMethod = "/supplyrisk.v1.SupplierService/GetSupplier";
constexpr absl::string_view kListSuppliersMethod = "/supplyrisk.v1.SupplierService/ListSuppliers";

absl::Status CheckLoopback(const std::string& target) {
  size_t colon = target.rfind(':');
  if (colon == std::string::npos) return absl::InvalidArgumentError("--target must be host:port");
  int port = 0;
  if (!absl::SimpleAtoi(target.substr(colon + 1), &port) || port <= 0 || port > 65535) {
    return absl::InvalidArgumentError("--target has no valid port");
  }
  if (supplyrisk::IsLoopbackAddress(target)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("refusing non-loopback target \"", target, "\": use 127.0.0.1:PORT"));
}

// utime + stime of `pid` in seconds (fields 14 and 15 of /proc/PID/stat).
absl::StatusOr<double> ProcessCpuSeconds(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  if (!in) return absl::NotFoundError(absl::StrCat("no process ", pid));
  std::stringstream text;
  text << in.rdbuf();
  std::string stat = text.str();
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return absl::DataLossError("unreadable /proc stat");
  std::vector<std::string> fields = absl::StrSplit(stat.substr(close + 2), ' ', absl::SkipEmpty());
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  int64_t utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return absl::DataLossError("unreadable /proc stat");
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices)
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

struct Call {
  std::string method;
  grpc::ByteBuffer request;
  // Whether a reply is what the method must answer when it works.
  std::function<bool(const std::string& reply)> valid;
};

bool HealthServing(const std::string& reply) {
  // grpc.health.v1.HealthCheckResponse{status: SERVING}: field 1, varint 1.
  return reply == std::string("\x08\x01", 2);
}

bool DecisionMade(const std::string& reply) {
  supplyrisk::v1::EvaluateEngagementResponse response;
  return response.ParseFromString(reply) &&
         response.decision().outcome() != supplyrisk::v1::DECISION_OUTCOME_UNSPECIFIED;
}

bool SupplierNamed(const std::string& reply, const std::string& name) {
  supplyrisk::v1::Supplier supplier;
  return supplier.ParseFromString(reply) && supplier.name() == name;
}

// A full page: as many suppliers as asked for, each with its standing.
bool FullPage(const std::string& reply, int page_size) {
  supplyrisk::v1::ListSuppliersResponse response;
  return response.ParseFromString(reply) && response.suppliers_size() == page_size &&
         response.standings_size() == page_size;
}

// One call, waited for on the thread's own completion queue.
absl::Status CallOnce(grpc::GenericStub& stub, grpc::CompletionQueue& cq, const Call& call,
                      const std::string& authorization, absl::Duration deadline) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", authorization);
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  grpc::ByteBuffer reply;
  grpc::Status status;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> rpc =
      stub.PrepareUnaryCall(&context, call.method, call.request, &cq);
  rpc->StartCall();
  rpc->Finish(&reply, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  if (!cq.Next(&tag, &ok) || !ok) return absl::UnavailableError("completion queue failed");
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat(call.method, ": ", status.error_message()));
  }
  if (!call.valid(FromBuffer(reply))) {
    return absl::DataLossError(absl::StrCat(call.method, ": unexpected reply"));
  }
  return absl::OkStatus();
}

struct Run {
  std::vector<double> latencies_us;
  absl::Duration wall;
};

// `calls` calls over `concurrency` threads; fails on the first error or past `until`.
absl::StatusOr<Run> Drive(grpc::GenericStub& stub, const Call& call,
                          const std::string& authorization, int calls, int concurrency,
                          absl::Time until) {
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::vector<double>> latencies(concurrency);
  std::vector<absl::Status> errors(concurrency);
  absl::Duration deadline = absl::Milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      grpc::CompletionQueue cq;
      while (!failed.load() && next.fetch_add(1) < calls) {
        if (absl::Now() > until) {
          errors[t] = absl::DeadlineExceededError("--max_seconds passed");
          failed = true;
          break;
        }
        absl::Time before = absl::Now();
        absl::Status s = CallOnce(stub, cq, call, authorization, deadline);
        if (!s.ok()) {
          errors[t] = s;
          failed = true;
          break;
        }
        latencies[t].push_back(absl::ToDoubleMicroseconds(absl::Now() - before));
      }
      cq.Shutdown();
      void* tag;
      bool ok;
      while (cq.Next(&tag, &ok)) {
      }
    });
  }
  for (std::thread& t : threads) t.join();
  Run run;
  run.wall = absl::Now() - start;
  for (const absl::Status& e : errors) {
    if (!e.ok()) return e;
  }
  for (auto& l : latencies) run.latencies_us.insert(run.latencies_us.end(), l.begin(), l.end());
  return run;
}

double Percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

int Fail(const absl::Status& status) {
  fprintf(stderr, "load_generator: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "load_generator --target=127.0.0.1:PORT --token_file=FILE --server_pid=PID "
      "--method=health|evaluate_engagement|get_supplier|list_suppliers "
      "[--engagement=engagements/ID] [--supplier=suppliers/ID] [--page_size=N] [--calls=N] "
      "[--concurrency=C]");
  absl::ParseCommandLine(argc, argv);
  const std::string target = absl::GetFlag(FLAGS_target);
  const int calls = absl::GetFlag(FLAGS_calls);
  const int warmup = absl::GetFlag(FLAGS_warmup_calls);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const int pid = absl::GetFlag(FLAGS_server_pid);
  if (absl::Status s = CheckLoopback(target); !s.ok()) return Fail(s);
  if (calls < 1 || calls > 1000000) return Fail(absl::InvalidArgumentError("--calls: 1..1000000"));
  if (warmup < 0 || warmup > 100000) {
    return Fail(absl::InvalidArgumentError("--warmup_calls: 0..100000"));
  }
  if (concurrency < 1 || concurrency > 64) {
    return Fail(absl::InvalidArgumentError("--concurrency: 1..64"));
  }
  if (pid <= 0) return Fail(absl::InvalidArgumentError("--server_pid is required"));
  if (absl::StatusOr<double> cpu = ProcessCpuSeconds(pid); !cpu.ok()) return Fail(cpu.status());

  std::ifstream token_in(absl::GetFlag(FLAGS_token_file));
  std::stringstream token_text;
  token_text << token_in.rdbuf();
  std::string token(absl::StripAsciiWhitespace(token_text.str()));
  if (!token_in || token.empty()) {
    return Fail(absl::InvalidArgumentError("--token_file: cannot read a token"));
  }
  const std::string authorization = absl::StrCat("Bearer ", token);

  Call call;
  const std::string method = absl::GetFlag(FLAGS_method);
  if (method == "health") {
    call = {std::string(kHealthMethod), ToBuffer(""), &HealthServing};
  } else if (method == "evaluate_engagement") {
    supplyrisk::v1::EvaluateEngagementRequest request;
    request.set_name(absl::GetFlag(FLAGS_engagement));
    if (request.name().empty()) {
      return Fail(absl::InvalidArgumentError("--engagement is required for evaluate_engagement"));
    }
    call = {std::string(kEvaluateMethod), ToBuffer(request.SerializeAsString()), &DecisionMade};
  } else if (method == "get_supplier") {
    supplyrisk::v1::GetSupplierRequest request;
    request.set_name(absl::GetFlag(FLAGS_supplier));
    if (request.name().empty()) {
      return Fail(absl::InvalidArgumentError("--supplier is required for get_supplier"));
    }
    call = {
        std::string(kGetSupplierMethod), ToBuffer(request.SerializeAsString()),
        [name = request.name()](const std::string& reply) { return SupplierNamed(reply, name); }};
  } else if (method == "list_suppliers") {
    const int page_size = absl::GetFlag(FLAGS_page_size);
    if (page_size < 1 || page_size > 1000) {
      return Fail(absl::InvalidArgumentError("--page_size: 1..1000"));
    }
    supplyrisk::v1::ListSuppliersRequest request;
    request.set_page_size(page_size);
    call = {std::string(kListSuppliersMethod), ToBuffer(request.SerializeAsString()),
            [page_size](const std::string& reply) { return FullPage(reply, page_size); }};
  } else {
    return Fail(absl::InvalidArgumentError(
        "--method: health, evaluate_engagement, get_supplier or list_suppliers"));
  }

  grpc::ChannelArguments args;
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
  grpc::GenericStub stub(channel);
  const absl::Time until = absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_max_seconds));

  if (warmup > 0) {
    absl::StatusOr<Run> warm = Drive(stub, call, authorization, warmup, concurrency, until);
    if (!warm.ok()) return Fail(warm.status());
  }
  absl::StatusOr<double> cpu_before = ProcessCpuSeconds(pid);
  if (!cpu_before.ok()) return Fail(cpu_before.status());
  absl::StatusOr<Run> run = Drive(stub, call, authorization, calls, concurrency, until);
  if (!run.ok()) return Fail(run.status());
  absl::StatusOr<double> cpu_after = ProcessCpuSeconds(pid);
  if (!cpu_after.ok()) return Fail(cpu_after.status());

  std::vector<double> sorted = run->latencies_us;
  std::sort(sorted.begin(), sorted.end());
  const double cpu_us_per_call = (*cpu_after - *cpu_before) * 1e6 / calls;
  const double qps = calls / absl::ToDoubleSeconds(run->wall);
  printf(
      "{\"method\":\"%s\",\"calls\":%d,\"concurrency\":%d,\"wall_s\":%.3f,\"qps\":%.1f,"
      "\"p50_us\":%.0f,\"p99_us\":%.0f,\"server_cpu_us_per_call\":%.1f}\n",
      method.c_str(), calls, concurrency, absl::ToDoubleSeconds(run->wall), qps,
      Percentile(sorted, 0.50), Percentile(sorted, 0.99), cpu_us_per_call);
  return 0;
}
