#include "service/api/server.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/policy/policy.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "service/api/malformed_requests.h"
#include "service/api/services.h"
#include "service/api/watch_hub.h"
#include "service/assess/assessor.h"
#include "service/assess/builtin_templates.h"
#include "service/assess/model_cache.h"
#include "service/assess/replayer.h"
#include "service/assess/template_source.h"

namespace supplyrisk::api {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

struct ApiServer::Impl {
  // What this server scores under (ServerOptions::policy, else the built-in one).
  v1::ScoringPolicy policy;
  std::unique_ptr<Authenticator> auth;
  std::unique_ptr<RateLimiter> limiter;
  std::unique_ptr<CallLog> log;
  std::unique_ptr<StreamWatchdog> streams;
  std::unique_ptr<PageTokens> page_tokens;
  std::unique_ptr<questionnaire::TemplateRegistry> templates;
  std::unique_ptr<assess::TemplateSource> template_source;
  assess::ModelCache models;
  std::unique_ptr<assess::Assessor> assessor;
  std::unique_ptr<assess::Replayer> replayer;
  WatchHub watch;
  std::unique_ptr<TemplateServiceImpl> template_service;
  std::unique_ptr<SupplierServiceImpl> supplier_service;
  std::unique_ptr<ResponseServiceImpl> response_service;
  std::unique_ptr<SignalServiceImpl> signal_service;
  std::unique_ptr<AssessmentServiceImpl> assessment_service;
  std::unique_ptr<EngagementServiceImpl> engagement_service;
  std::unique_ptr<ChainServiceImpl> chain_service;
  std::unique_ptr<AuditServiceImpl> audit_service;
  std::unique_ptr<jobs::RescoreRunner> rescore_runner;
  std::unique_ptr<RescoreServiceImpl> rescore_service;
  std::unique_ptr<OperationsServiceImpl> operations_service;
  std::unique_ptr<grpc::Server> server;
  absl::Mutex mu;
  bool shut_down ABSL_GUARDED_BY(mu) = false;
};

ApiServer::ApiServer() : impl_(new Impl()) {}

ApiServer::~ApiServer() { Shutdown(absl::Seconds(5)); }

absl::StatusOr<std::unique_ptr<ApiServer>> ApiServer::Start(const ServerOptions& options) {
  std::unique_ptr<ApiServer> s(new ApiServer());
  Impl& impl = *s->impl_;
  absl::StatusOr<std::unique_ptr<Authenticator>> auth = Authenticator::Create(options.auth);
  if (!auth.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("auth config: ", auth.status().message()));
  }
  impl.auth = *std::move(auth);
  double rate =
      options.auth.rate_limit_per_second() > 0 ? options.auth.rate_limit_per_second() : 200;
  double burst = options.auth.rate_limit_burst() > 0 ? options.auth.rate_limit_burst() : 400;
  impl.limiter = std::make_unique<RateLimiter>(rate, burst);
  if (options.log != nullptr) impl.log = std::make_unique<CallLog>(options.log);
  impl.page_tokens = std::make_unique<PageTokens>(options.page_token_secret);

  const catalog::CatalogIndex& catalog = catalog::BuiltinCatalog();
  impl.templates = std::make_unique<questionnaire::TemplateRegistry>(catalog);
  absl::Status loaded = assess::LoadBuiltinTemplates(impl.templates.get());
  if (!loaded.ok()) return loaded;

  store::StoreOptions store_options;
  store_options.sync = options.sync;
  absl::StatusOr<std::unique_ptr<store::Store>> opened =
      store::Store::Open(options.db_path, store_options);
  if (!opened.ok()) {
    return absl::Status(opened.status().code(), absl::StrCat("store at ", options.db_path, ": ",
                                                             opened.status().message()));
  }
  s->store_ = *std::move(opened);
  WatchHub* watch = &impl.watch;
  s->store_->AddCommitListener(
      [watch](const std::vector<v1::AuditEntry>& entries) { watch->Notify(entries); });

  store::Store* store = s->store_.get();
  impl.template_source = std::make_unique<assess::TemplateSource>(impl.templates.get(), store);
  assess::AssessorDeps assessor_deps;
  assessor_deps.store = store;
  assessor_deps.catalog = &catalog;
  assessor_deps.templates = impl.template_source.get();
  impl.policy = options.policy.version().empty() ? policy::DefaultPolicy() : options.policy;
  assessor_deps.policy = &impl.policy;
  assessor_deps.models = &impl.models;
  impl.replayer = std::make_unique<assess::Replayer>(assessor_deps);
  impl.assessor = std::make_unique<assess::Assessor>(std::move(assessor_deps));

  ResourceDeps resources;
  resources.env = CallEnv{impl.auth.get(), impl.limiter.get(), impl.log.get()};
  resources.store = store;
  resources.page_tokens = impl.page_tokens.get();
  impl.streams = std::make_unique<StreamWatchdog>(options.stream_limits);
  resources.streams = impl.streams.get();
  resources.clock_skew = options.clock_skew;
  resources.max_message_bytes = options.max_message_bytes;
  TemplateServiceDeps template_deps{resources};
  template_deps.templates = impl.template_source.get();
  template_deps.catalog = &catalog;
  ResponseServiceDeps response_deps{resources};
  response_deps.templates = impl.template_source.get();
  AssessmentServiceDeps assessment_deps{resources};
  assessment_deps.assessor = impl.assessor.get();
  assessment_deps.replayer = impl.replayer.get();
  assessment_deps.watch = &impl.watch;
  EngagementServiceDeps engagement_deps{resources};
  engagement_deps.assessor = impl.assessor.get();

  impl.template_service = std::make_unique<TemplateServiceImpl>(template_deps);
  impl.supplier_service = std::make_unique<SupplierServiceImpl>(resources);
  impl.response_service = std::make_unique<ResponseServiceImpl>(response_deps);
  impl.signal_service = std::make_unique<SignalServiceImpl>(resources);
  impl.assessment_service = std::make_unique<AssessmentServiceImpl>(assessment_deps);
  impl.engagement_service = std::make_unique<EngagementServiceImpl>(engagement_deps);
  ChainServiceDeps chain_deps{resources};
  chain_deps.policy = &impl.policy;
  impl.chain_service = std::make_unique<ChainServiceImpl>(chain_deps);
  impl.audit_service = std::make_unique<AuditServiceImpl>(resources);
  jobs::RescoreRunnerOptions runner_options;
  runner_options.rescorer.threads = options.rescore_threads;
  runner_options.rescorer.page_size = options.rescore_page_size;
  runner_options.interval = options.rescore_interval;
  CallLog* call_log = impl.log.get();
  runner_options.on_job = [call_log](absl::string_view tenant, absl::string_view job,
                                     const absl::Status& st) {
    // The job's name and the error; the tenant is in the job's own record.
    if (call_log != nullptr && !st.ok()) {
      call_log->Event("rescore_failed", "error", absl::StrCat("jobs/", job, ": ", st.ToString()));
    }
  };
  impl.rescore_runner =
      std::make_unique<jobs::RescoreRunner>(store, impl.assessor.get(), runner_options);
  RescoreServiceDeps rescore_deps{resources};
  rescore_deps.runner = impl.rescore_runner.get();
  rescore_deps.policy_version = impl.policy.version();
  for (const auto& band : impl.policy.grade_bands()) rescore_deps.grades.push_back(band.grade());
  impl.rescore_service = std::make_unique<RescoreServiceImpl>(rescore_deps);
  impl.operations_service = std::make_unique<OperationsServiceImpl>(rescore_deps);

  std::shared_ptr<grpc::ServerCredentials> creds;
  if (!options.tls_cert.empty() || !options.tls_key.empty()) {
    absl::StatusOr<std::string> cert = ReadFile(options.tls_cert);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadFile(options.tls_key);
    if (!key.ok()) return key.status();
    grpc::SslServerCredentialsOptions ssl(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    ssl.pem_key_cert_pairs.push_back({*key, *cert});
    if (!options.tls_client_ca.empty()) {
      absl::StatusOr<std::string> ca = ReadFile(options.tls_client_ca);
      if (!ca.ok()) return ca.status();
      ssl.pem_root_certs = *ca;
      ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    }
    creds = grpc::SslServerCredentials(ssl);
  } else if (!options.tls_client_ca.empty()) {
    return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
  } else {
    creds = grpc::InsecureServerCredentials();
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Requests that do not parse are the client's fault (INVALID_ARGUMENT naming the field), and
  // protobuf's complaints are JSON log lines like every other.
  InstallProtobufLogHandler();
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(MalformedRequestInterceptorFactory(impl.log.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  // No SO_REUSEPORT: a second server on a port already in use must fail to start, not share the
  // port's connections at random with the first.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options.listen, creds, &s->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.RegisterService(impl.template_service.get());
  builder.RegisterService(impl.supplier_service.get());
  builder.RegisterService(impl.response_service.get());
  builder.RegisterService(impl.signal_service.get());
  builder.RegisterService(impl.assessment_service.get());
  builder.RegisterService(impl.engagement_service.get());
  builder.RegisterService(impl.chain_service.get());
  builder.RegisterService(impl.audit_service.get());
  builder.RegisterService(impl.rescore_service.get());
  builder.RegisterService(impl.operations_service.get());
  impl.server = builder.BuildAndStart();
  if (impl.server == nullptr || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  // Rescorings a previous run left unfinished resume now.
  absl::Status runner = impl.rescore_runner->Start();
  if (!runner.ok()) return runner;
  impl.server->GetHealthCheckService()->SetServingStatus(true);
  return s;
}

void ApiServer::Shutdown(absl::Duration grace) {
  {
    absl::MutexLock lock(&impl_->mu);
    if (impl_->shut_down || impl_->server == nullptr) return;
    impl_->shut_down = true;
  }
  impl_->server->GetHealthCheckService()->SetServingStatus(false);
  impl_->watch.Shutdown();
  impl_->server->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(grace));
  impl_->server->Wait();
  // The job in hand stops at its next page and stays RUNNING: the next start resumes it.
  impl_->rescore_runner->Stop();
  store_.reset();
}

void ApiServer::Wait() {
  if (impl_->server != nullptr) impl_->server->Wait();
}

}  // namespace supplyrisk::api
