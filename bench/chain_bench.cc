// chain_bench: the subcontractor-chain engine on a synthetic base of 100,000 suppliers and 500,000
// relationships, each figure beside a baseline over the same adjacency measured in the same run:
//   - effective risk of one supplier (p50 / p99 over many suppliers) beside a plain breadth-first
//     search from the same supplier to the same depth;
//   - concentration over the whole portfolio plus dirty marking after 1% of the parties changed,
//     beside one pass over every edge.
// Three runs; prints min / median / max of each figure and ratio, and whether the targets hold
// (p99 <= 5 ms and <= 3x the BFS; portfolio <= 2 s and <= 5x the pass).
//
//   bazel run -c opt //bench:chain_bench -- [--suppliers=100000] [--relationships=500000]
//       [--samples=2000] [--runs=3] [--seed=1]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "engine/chain/concentration.h"
#include "engine/chain/dirty.h"
#include "engine/chain/effective_risk.h"
#include "engine/chain/graph.h"

ABSL_FLAG(int, suppliers, 100000, "parties in the synthetic base");
ABSL_FLAG(int, relationships, 500000, "relationships between them");
ABSL_FLAG(int, samples, 2000, "suppliers whose effective risk is timed per run");
ABSL_FLAG(int, runs, 3, "runs (each times both sides of every ratio)");
ABSL_FLAG(int, seed, 1, "seed of the synthetic base");

namespace {

using supplyrisk::chain::Bit;
using supplyrisk::chain::ChainChanges;
using supplyrisk::chain::ChainRules;
using supplyrisk::chain::ComputeConcentration;
using supplyrisk::chain::ComputeEffectiveRisk;
using supplyrisk::chain::ConcentrationRules;
using supplyrisk::chain::DependencyClass;
using supplyrisk::chain::MarkDirty;
using supplyrisk::chain::PartyStanding;
using supplyrisk::chain::PortfolioSupplier;
using supplyrisk::chain::Relationship;
using supplyrisk::chain::Scope;
using supplyrisk::chain::SupplyGraph;
namespace v1 = supplyrisk::v1;

using Clock = std::chrono::steady_clock;
double MicrosSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

Scope RandomScope(std::mt19937_64& rng) {
  static const v1::DataClass kData[] = {v1::DATA_CLASS_PUBLIC,
                                        v1::DATA_CLASS_INTERNAL,
                                        v1::DATA_CLASS_CONFIDENTIAL,
                                        v1::DATA_CLASS_PERSONAL,
                                        v1::DATA_CLASS_IMPORTANT_CONFIDENTIAL,
                                        v1::DATA_CLASS_OT_OPERATIONAL};
  static const v1::AccessLevel kAccess[] = {v1::ACCESS_LEVEL_NONE, v1::ACCESS_LEVEL_NONE,
                                            v1::ACCESS_LEVEL_PORTAL, v1::ACCESS_LEVEL_REMOTE,
                                            v1::ACCESS_LEVEL_PRIVILEGED};
  std::vector<v1::DataClass> data;
  for (v1::DataClass d : kData) {
    if (rng() % 100 < 35) data.push_back(d);
  }
  return Scope::FromFields(data, kAccess[rng() % 5]);
}

struct Base {
  SupplyGraph graph;
  std::vector<PartyStanding> standings;
  std::vector<PortfolioSupplier> portfolio;
};

// A fifth of the relationships go to 500 providers with Zipf-like popularity (the shared clouds,
// mail and DNS hosts); the rest connect parties at random.
Base Generate(int n, int m, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Relationship> edges;
  edges.reserve(m);
  const int providers = std::min(500, n);
  std::vector<double> popularity(providers);
  for (int i = 0; i < providers; ++i) popularity[i] = 1.0 / (i + 1);
  std::discrete_distribution<int> provider(popularity.begin(), popularity.end());
  const uint32_t kClasses[] = {
      Bit(DependencyClass::kCloud),    Bit(DependencyClass::kHosting),
      Bit(DependencyClass::kMail),     Bit(DependencyClass::kDns),
      Bit(DependencyClass::kIdentity), Bit(DependencyClass::kManagedService)};
  auto name = [](int i) { return absl::StrCat("s", i); };
  for (int e = 0; e < m; ++e) {
    const int from = static_cast<int>(rng() % n);
    Relationship r;
    r.from = name(from);
    if (e % 5 == 0) {
      r.to = name(provider(rng));
      r.dependency_classes = kClasses[rng() % 6];
    } else {
      r.to = name(static_cast<int>(rng() % n));
    }
    r.scope = RandomScope(rng);
    edges.push_back(std::move(r));
  }
  std::vector<std::string> parties;
  parties.reserve(n);
  for (int i = 0; i < n; ++i) parties.push_back(name(i));
  Base b{SupplyGraph::Build(std::move(parties), std::move(edges)), {}, {}};
  b.standings.resize(b.graph.size());
  for (PartyStanding& s : b.standings) {
    s.assessed = rng() % 10 != 0;  // one in ten without a current assessment
    s.score = static_cast<double>(rng() % 101);
  }
  for (int v = 0; v < b.graph.size(); ++v) {
    b.portfolio.push_back({v, static_cast<double>(1 + rng() % 4), rng() % 10 == 0});
  }
  return b;
}

// The baseline: breadth first over the same out-edges to the same depth, a visited stamp per node.
int PlainBfs(const SupplyGraph& g, int root, int depth, std::vector<int>* stamp, int mark) {
  std::vector<int> level = {root}, next;
  (*stamp)[root] = mark;
  int visited = 1;
  for (int d = 0; d < depth && !level.empty(); ++d) {
    next.clear();
    for (int v : level) {
      for (const SupplyGraph::Edge& e : g.out(v)) {
        if ((*stamp)[e.node] != mark) {
          (*stamp)[e.node] = mark;
          next.push_back(e.node);
          ++visited;
        }
      }
    }
    level.swap(next);
  }
  return visited;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

struct RunFigures {
  double risk_p50_us, risk_p99_us, bfs_p50_us, bfs_p99_us;
  double portfolio_ms, concentration_ms, edge_pass_ms;
  double receivers_mean, bfs_nodes_mean;
  double cycle_share;  // suppliers whose reach holds a cycle (Tarjan ran)
  size_t dirty;
};

RunFigures Run(const Base& b, int samples, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const ChainRules rules;
  std::vector<double> risk_us, bfs_us;
  std::vector<int> stamp(b.graph.size(), 0);
  supplyrisk::chain::ChainWorkspace workspace(b.graph);
  supplyrisk::chain::EffectiveRisk result;  // reused, as a batch would
  double receivers = 0, bfs_nodes = 0, with_cycle = 0;
  volatile double sink = 0;
  for (int i = 0; i < samples; ++i) {
    const int root = static_cast<int>(rng() % b.graph.size());
    const Scope engagement = RandomScope(rng);
    // Alternate which side goes first, so caches favour neither.
    for (int side = 0; side < 2; ++side) {
      if ((side == 0) == (i % 2 == 0)) {
        const auto start = Clock::now();
        ComputeEffectiveRisk(b.graph, b.standings, root, engagement, rules, &workspace, &result);
        risk_us.push_back(MicrosSince(start));
        const auto& r = result;
        receivers += static_cast<double>(r.reach.receivers.size());
        with_cycle += r.cycles.empty() ? 0 : 1;
        sink = sink + r.effective_score;
      } else {
        const auto start = Clock::now();
        bfs_nodes += PlainBfs(b.graph, root, rules.max_depth, &stamp, 2 * i + 1 + side);
        bfs_us.push_back(MicrosSince(start));
      }
    }
  }
  RunFigures f{};
  f.risk_p50_us = Percentile(risk_us, 0.5);
  f.risk_p99_us = Percentile(risk_us, 0.99);
  f.bfs_p50_us = Percentile(bfs_us, 0.5);
  f.bfs_p99_us = Percentile(bfs_us, 0.99);
  f.receivers_mean = receivers / samples;
  f.bfs_nodes_mean = bfs_nodes / samples;
  f.cycle_share = with_cycle / samples;

  ChainChanges changes;
  for (int i = 0; i < b.graph.size() / 100; ++i) {
    const int v = static_cast<int>(rng() % b.graph.size());
    (i % 2 ? changes.assessed : changes.contractors).push_back(v);
  }
  // Each side three times, interleaved; the fastest of each counts (the machine is shared).
  f.portfolio_ms = f.edge_pass_ms = 1e18;
  for (int repeat = 0; repeat < 3; ++repeat) {
    auto start = Clock::now();
    const auto concentration = ComputeConcentration(b.graph, b.portfolio, ConcentrationRules{});
    const double concentration_ms = MicrosSince(start) / 1000;
    const auto dirty = MarkDirty(b.graph, changes, rules.max_depth);
    const double portfolio_ms = MicrosSince(start) / 1000;
    if (portfolio_ms < f.portfolio_ms) {
      f.portfolio_ms = portfolio_ms;
      f.concentration_ms = concentration_ms;
    }
    f.dirty = dirty.size();
    sink = sink + concentration[0].hhi;
    // The pass: every edge once, reading what concentration reads (target, classes, scope).
    start = Clock::now();
    uint64_t acc = 0;
    for (int v = 0; v < b.graph.size(); ++v) {
      for (const SupplyGraph::Edge& e : b.graph.out(v)) {
        acc += static_cast<uint64_t>(e.node) ^ e.dependency_classes ^ e.scope.bits();
      }
    }
    f.edge_pass_ms = std::min(f.edge_pass_ms, MicrosSince(start) / 1000);
    sink = sink + static_cast<double>(acc);
  }
  return f;
}

struct Spread {
  double min, median, max;
};
Spread Of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v.front(), v[v.size() / 2], v.back()};
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int n = absl::GetFlag(FLAGS_suppliers), m = absl::GetFlag(FLAGS_relationships);
  const int samples = absl::GetFlag(FLAGS_samples), runs = absl::GetFlag(FLAGS_runs);
  if (n < 10 || m < 1 || samples < 10 || runs < 1) {
    std::fprintf(stderr, "chain_bench: --suppliers >= 10, --relationships >= 1, --samples >= 10\n");
    return 2;
  }
  auto start = Clock::now();
  const Base base = Generate(n, m, absl::GetFlag(FLAGS_seed));
  std::printf("base: %d parties, %zu merged relationships, built in %.0f ms\n", base.graph.size(),
              base.graph.edge_count(), MicrosSince(start) / 1000);
  std::vector<double> p50, p99, bfs50, bfs99, p99_ratio, portfolio, pass, portfolio_ratio;
  for (int r = 0; r < runs; ++r) {
    const RunFigures f = Run(base, samples, 1000 + r);
    std::printf(
        "run %d: effective risk p50 %.1f us p99 %.1f us (%.1f receivers, %.0f%% with a cycle); "
        "BFS p50 %.1f us p99 %.1f us (%.1f nodes); portfolio %.1f ms (concentration %.1f ms, %zu "
        "dirty); edge pass %.2f ms\n",
        r + 1, f.risk_p50_us, f.risk_p99_us, f.receivers_mean, 100 * f.cycle_share, f.bfs_p50_us,
        f.bfs_p99_us, f.bfs_nodes_mean, f.portfolio_ms, f.concentration_ms, f.dirty,
        f.edge_pass_ms);
    p50.push_back(f.risk_p50_us);
    p99.push_back(f.risk_p99_us);
    bfs50.push_back(f.bfs_p50_us);
    bfs99.push_back(f.bfs_p99_us);
    p99_ratio.push_back(f.risk_p99_us / f.bfs_p99_us);
    portfolio.push_back(f.portfolio_ms);
    pass.push_back(f.edge_pass_ms);
    portfolio_ratio.push_back(f.portfolio_ms / f.edge_pass_ms);
  }
  auto line = [](const char* what, Spread s, const char* unit) {
    std::printf("%-44s %10.2f / %10.2f / %10.2f %s\n", what, s.min, s.median, s.max, unit);
  };
  std::printf("\n%-44s %10s   %10s   %10s\n", "", "min", "median", "max");
  line("effective risk p50", Of(p50), "us");
  line("effective risk p99", Of(p99), "us");
  line("plain BFS p50", Of(bfs50), "us");
  line("plain BFS p99", Of(bfs99), "us");
  line("effective risk p99 / BFS p99", Of(p99_ratio), "x");
  line("concentration + dirty marking", Of(portfolio), "ms");
  line("one pass over all edges", Of(pass), "ms");
  line("portfolio / edge pass", Of(portfolio_ratio), "x");
  const Spread p99s = Of(p99), ratio = Of(p99_ratio), port = Of(portfolio),
               port_ratio = Of(portfolio_ratio);
  std::printf(
      "\ntargets (every run): p99 <= 5 ms: %s; p99 <= 3x BFS: %s; portfolio <= 2 s: %s; "
      "portfolio <= 5x pass: %s\n",
      p99s.max <= 5000 ? "met" : "NOT met", ratio.max <= 3 ? "met" : "NOT met",
      port.max <= 2000 ? "met" : "NOT met", port_ratio.max <= 5 ? "met" : "NOT met");
  return 0;
}
