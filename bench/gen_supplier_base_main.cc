// gen_supplier_base: writes a deterministic synthetic supplier base (bench/supplier_base) into a
// supplyrisk database, for demos and benchmarks. The database must not be open in a running
// supplyriskd.
//
//   bazel build -c opt //bench:gen_supplier_base
//   ./bazel-out/k8-opt/bin/bench/gen_supplier_base --db /tmp/base --suppliers 1000000
//       --relationships 1500000 --seed 1
#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/supplier_base/supplier_base.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/builtin_templates.h"
#include "engine/questionnaire/registry.h"
#include "service/store/store.h"

ABSL_FLAG(std::string, db, "", "database directory (created; must hold no base for the tenant)");
ABSL_FLAG(std::string, tenant, "demo", "tenant to write the base into");
ABSL_FLAG(int64_t, suppliers, 10000, "suppliers to generate");
ABSL_FLAG(int64_t, relationships, 15000, "subcontracting relationships between them");
ABSL_FLAG(uint64_t, seed, 1, "the same seed writes the same base");
ABSL_FLAG(std::string, as_of, "2027-01-01T00:00:00Z",
          "the base's now (RFC 3339): answers and signals lie before it");
ABSL_FLAG(int, writers, 4, "concurrent writers");
ABSL_FLAG(bool, sync, false, "sync the WAL on every write (a bulk load does not need it)");

namespace {

int Fail(const std::string& message) {
  fprintf(stderr, "gen_supplier_base: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "gen_supplier_base --db DIR [--suppliers N] [--relationships M] [--seed S]");
  absl::ParseCommandLine(argc, argv);
  namespace sb = supplyrisk::supplier_base;
  if (absl::GetFlag(FLAGS_db).empty()) return Fail("--db: required");
  sb::SupplierBaseSpec spec;
  spec.tenant = absl::GetFlag(FLAGS_tenant);
  spec.suppliers = absl::GetFlag(FLAGS_suppliers);
  spec.relationships = absl::GetFlag(FLAGS_relationships);
  spec.seed = absl::GetFlag(FLAGS_seed);
  spec.writers = absl::GetFlag(FLAGS_writers);
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, absl::GetFlag(FLAGS_as_of), &spec.as_of, &err)) {
    return Fail("--as_of: not an RFC 3339 time: " + err);
  }
  if (absl::Status st = sb::ValidateSpec(spec); !st.ok())
    return Fail(absl::StrCat("--", st.message()));

  supplyrisk::questionnaire::TemplateRegistry registry(supplyrisk::catalog::BuiltinCatalog());
  if (absl::Status st = supplyrisk::questionnaire::LoadBuiltinTemplates(&registry); !st.ok()) {
    return Fail(st.ToString());
  }
  const supplyrisk::v1::Template* questionnaire = registry.LatestPublished("cpsf-supplier");
  if (questionnaire == nullptr) return Fail("the built-in cpsf-supplier template is missing");

  std::filesystem::create_directories(absl::GetFlag(FLAGS_db));
  supplyrisk::store::StoreOptions options;
  options.sync = absl::GetFlag(FLAGS_sync);
  auto store = supplyrisk::store::Store::Open(absl::GetFlag(FLAGS_db), options);
  if (!store.ok()) return Fail(store.status().ToString());

  const absl::Time start = absl::Now();
  int64_t reported = 0;
  auto stats = sb::WriteSupplierBase(store->get(), *questionnaire, spec, [&](int64_t done) {
    if (done - reported < 50000 && done != spec.suppliers) return;
    reported = done;
    fprintf(stderr, "gen_supplier_base: %lld suppliers written (%.0f s)\n",
            static_cast<long long>(done), absl::ToDoubleSeconds(absl::Now() - start));
  });
  if (!stats.ok()) return Fail(stats.status().ToString());
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  printf(
      "suppliers %lld, responses %lld, answers %lld, signals %lld (%lld resolved), engagements "
      "%lld, relationships %lld in %.1f s (%.0f suppliers/s)\n",
      static_cast<long long>(stats->suppliers), static_cast<long long>(stats->responses),
      static_cast<long long>(stats->answers), static_cast<long long>(stats->signals),
      static_cast<long long>(stats->resolved_signals), static_cast<long long>(stats->engagements),
      static_cast<long long>(stats->relationships), seconds,
      static_cast<double>(stats->suppliers) / seconds);
  return 0;
}
