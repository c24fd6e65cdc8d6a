// `supplyrisk rescore`: starts a batch rescoring on supplyriskd (RescoreService.StartRescore) and,
// with --wait, follows it (google.longrunning.Operations.WaitOperation) to its change report.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "clients/cli/commands.h"
#include "clients/scan/push/signal_pusher.h"
#include "engine/policy/policy.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "supplyrisk/v1/rescore_service.grpc.pb.h"

namespace supplyrisk::cli {
namespace {

namespace lro = ::google::longrunning;

constexpr char kUsage[] =
    "usage: supplyrisk rescore --server HOST:PORT --token_file FILE [--server_ca FILE]\n"
    "                          [--dirty-only | --grade G] [--dry-run [--policy FILE]]\n"
    "                          [--request_id UUID] [--wait] [--format text|json]\n"
    "  Starts a rescoring of the tenant's suppliers as of now and prints its operation name.\n"
    "  --dirty-only     only suppliers whose inputs changed or whose answers fell due since they\n"
    "                   were last scored, and their contractors\n"
    "  --grade          only suppliers whose latest grade is this\n"
    "  --dry-run        report what the rescoring would change; store nothing\n"
    "  --policy         with --dry-run: score under this policy (textproto) instead of the\n"
    "                   server's, to see what adopting it would change\n"
    "  --request_id     makes the start idempotent: a retry follows the same operation\n"
    "  --wait           follow it: a progress bar on a terminal (plain lines otherwise) on "
    "stderr,\n"
    "                   then the change report on stdout\n"
    "  The bearer token is read from --token_file, never the command line, and goes in plain\n"
    "  text only to a loopback server.\n";

int Usage(const std::string& problem) {
  std::fprintf(stderr, "supplyrisk rescore: %s\n%s", problem.c_str(), kUsage);
  return 2;
}

struct Flags {
  std::string server, token_file, server_ca, grade, request_id, policy, format = "text";
  bool dirty_only = false;
  bool dry_run = false;
  bool wait = false;
};

bool Parse(const std::vector<std::string>& args, Flags* f, std::string* problem) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--dirty-only") {
      f->dirty_only = true;
      continue;
    }
    if (a == "--wait") {
      f->wait = true;
      continue;
    }
    if (a == "--dry-run") {
      f->dry_run = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) {
      *problem = "unexpected argument '" + a + "'";
      return false;
    }
    if (i + 1 >= args.size()) {
      *problem = a + " needs a value";
      return false;
    }
    const std::string& v = args[++i];
    if (a == "--server") {
      f->server = v;
    } else if (a == "--token_file") {
      f->token_file = v;
    } else if (a == "--server_ca") {
      f->server_ca = v;
    } else if (a == "--grade") {
      f->grade = v;
    } else if (a == "--request_id") {
      f->request_id = v;
    } else if (a == "--policy") {
      f->policy = v;
    } else if (a == "--format") {
      f->format = v;
    } else {
      *problem = "unknown option '" + a + "'";
      return false;
    }
  }
  if (f->server.empty()) *problem = "--server is required";
  if (f->token_file.empty()) *problem = "--token_file is required";
  if (f->dirty_only && !f->grade.empty()) *problem = "--dirty-only and --grade exclude each other";
  if (!f->policy.empty() && !f->dry_run) *problem = "--policy goes with --dry-run";
  if (f->format != "text" && f->format != "json") *problem = "--format: text or json";
  return problem->empty();
}

void PrintProgress(const v1::RescoreMetadata& md, bool terminal) {
  const double fraction = md.total() > 0 ? static_cast<double>(md.done()) / md.total() : 0;
  std::string eta = md.has_eta() ? absl::StrCat(md.eta().seconds(), "s") : "?";
  if (terminal) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r[%s%s] %lld/%lld  %.0f/s  ETA %s   ", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), static_cast<long long>(md.done()),
                 static_cast<long long>(md.total()), md.rate_per_second(), eta.c_str());
  } else {
    std::fprintf(stderr, "rescore: %lld/%lld done, %lld changed, %lld failed, %.0f/s, ETA %s\n",
                 static_cast<long long>(md.done()), static_cast<long long>(md.total()),
                 static_cast<long long>(md.changed()), static_cast<long long>(md.failed()),
                 md.rate_per_second(), eta.c_str());
  }
  std::fflush(stderr);
}

void PrintReport(const v1::RescoreReport& r, const v1::RescoreMetadata& md) {
  if (md.dry_run()) {
    std::printf("dry run under policy %s: nothing was stored\n", md.policy_version().c_str());
  }
  std::printf(
      "rescored %lld suppliers: %lld changed, %lld unchanged, %lld not scored, %lld failed\n",
      static_cast<long long>(r.total()), static_cast<long long>(r.changed()),
      static_cast<long long>(r.unchanged()), static_cast<long long>(r.not_scored()),
      static_cast<long long>(r.failed()));
  for (const std::string& e : md.error_samples()) std::printf("  failed: %s\n", e.c_str());
  std::printf("grade changes: %lld\n", static_cast<long long>(r.grade_changes_total()));
  for (const v1::RescoreGradeChange& g : r.grade_changes()) {
    std::printf("  %s  %s -> %s  (%.1f -> %.1f)\n", g.supplier().c_str(),
                g.from_grade().empty() ? "-" : g.from_grade().c_str(), g.to_grade().c_str(),
                g.from_score(), g.to_score());
  }
  if (r.grade_changes_size() < r.grade_changes_total()) {
    std::printf("  ... and %lld more\n",
                static_cast<long long>(r.grade_changes_total() - r.grade_changes_size()));
  }
}

}  // namespace

int RunRescoreCommand(const std::vector<std::string>& args) {
  if (args.size() == 1 && args[0] == "--help") {
    std::printf("%s", kUsage);
    return 0;
  }
  Flags f;
  std::string problem;
  if (!Parse(args, &f, &problem)) return Usage(problem);
  scan::PushOptions options;
  options.target = f.server;
  options.token_file = f.token_file;
  options.ca_file = f.server_ca;
  absl::StatusOr<scan::ServerConnection> server = scan::Connect(options);
  if (!server.ok()) {
    std::fprintf(stderr, "supplyrisk rescore: %s\n", server.status().ToString().c_str());
    return 1;
  }
  auto fail = [&](const grpc::Status& st) {
    std::fprintf(stderr, "supplyrisk rescore: %s: %s\n", f.server.c_str(),
                 st.error_message().c_str());
    return 1;
  };
  v1::StartRescoreRequest start;
  start.set_scope(f.dirty_only ? v1::RESCORE_SCOPE_DIRTY_ONLY : v1::RESCORE_SCOPE_ALL);
  start.set_grade(f.grade);
  start.set_request_id(f.request_id);
  start.set_dry_run(f.dry_run);
  if (!f.policy.empty()) {
    std::ifstream in(f.policy, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "supplyrisk rescore: %s: cannot read\n", f.policy.c_str());
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<v1::ScoringPolicy> policy = policy::ParsePolicyText(text.str(), f.policy);
    if (!policy.ok()) {
      std::fprintf(stderr, "supplyrisk rescore: %s\n",
                   std::string(policy.status().message()).c_str());
      return 1;
    }
    *start.mutable_policy() = *std::move(policy);
  }
  lro::Operation op;
  {
    grpc::ClientContext context;
    server->Prepare(&context);
    grpc::Status st =
        v1::RescoreService::NewStub(server->channel)->StartRescore(&context, start, &op);
    if (!st.ok()) return fail(st);
  }
  if (!f.wait) {
    std::printf("%s\n", op.name().c_str());
    return 0;
  }
  const bool terminal = isatty(fileno(stderr)) != 0;
  auto operations = lro::Operations::NewStub(server->channel);
  v1::RescoreMetadata md;
  while (true) {
    op.metadata().UnpackTo(&md);
    if (op.done()) break;
    PrintProgress(md, terminal);
    lro::WaitOperationRequest wait;
    wait.set_name(op.name());
    wait.mutable_timeout()->set_seconds(2);
    grpc::ClientContext context;
    server->Prepare(&context);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    grpc::Status st = operations->WaitOperation(&context, wait, &op);
    if (!st.ok()) return fail(st);
  }
  if (terminal) std::fprintf(stderr, "\n");
  if (op.has_error()) {
    std::fprintf(stderr, "supplyrisk rescore: %s: %s\n", op.name().c_str(),
                 op.error().message().c_str());
    return 1;
  }
  v1::RescoreReport report;
  if (!op.response().UnpackTo(&report)) {
    std::fprintf(stderr, "supplyrisk rescore: %s: the response is not a RescoreReport\n",
                 op.name().c_str());
    return 1;
  }
  if (f.format == "json") {
    std::string json;
    google::protobuf::util::JsonPrintOptions print;
    print.add_whitespace = true;
    (void)google::protobuf::util::MessageToJsonString(report, &json, print);
    std::printf("%s", json.c_str());
  } else {
    PrintReport(report, md);
  }
  return 0;
}

}  // namespace supplyrisk::cli
