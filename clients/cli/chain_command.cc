// `supplyrisk chain`: a supplier's subcontractor chain from files, as a tree a manager can read in
// a terminal, as JSON, or as Graphviz DOT; with an engagement, the effective risk it carries.
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cli/chain_files.h"
#include "clients/cli/commands.h"
#include "clients/scan/push/signal_pusher.h"
#include "engine/chain/chain_proto.h"
#include "engine/chain/effective_risk.h"
#include "engine/chain/graph.h"
#include "engine/chain/policy_rules.h"
#include "engine/io/file_loaders.h"
#include "engine/policy/policy.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/chain_service.grpc.pb.h"
#include "supplyrisk/v1/engagement.pb.h"

namespace supplyrisk::cli {
namespace {

constexpr char kUsage[] =
    "usage: supplyrisk chain SUPPLIER --relationships R.jsonl [--parties P.jsonl]\n"
    "         [--engagement E.textproto] [--depth N] [--policy P.textproto]\n"
    "         [--format text|json|dot]\n"
    "       supplyrisk chain SUPPLIER --server HOST:PORT --token_file FILE [--server_ca FILE]\n"
    "         [--engagement engagements/ID] [--depth N] [--format text|json|dot]\n"
    "  SUPPLIER         suppliers/{id}, whose chain is shown\n"
    "  --relationships  one supplyrisk.v1.Relationship per line (proto3 JSON)\n"
    "  --parties        one supplyrisk.v1.ChainNode per line: each party's grade and score\n"
    "                   (a supplier without one is unassessed)\n"
    "  --engagement     also the effective risk of this engagement (its data and access): a\n"
    "                   file, or with --server a stored engagement's name\n"
    "  --depth          hops shown (1-10); default the policy's depth cap (3)\n"
    "  --format         text (a tree, default), json (the chain, and the effective risk), dot\n"
    "  --server         read the chain in force now from supplyriskd (ChainService.GetChain,\n"
    "                   GetEffectiveRisk) under the server's policy; the bearer token is read\n"
    "                   from --token_file, never the command line, and goes in plain text only\n"
    "                   to a loopback server\n";

int Usage(const std::string& problem) {
  std::fprintf(stderr, "supplyrisk chain: %s\n%s", problem.c_str(), kUsage);
  return 2;
}

struct Flags {
  std::string supplier, relationships, parties, engagement, policy, format = "text";
  std::string server, token_file, server_ca;
  int depth = 0;
};

bool Parse(const std::vector<std::string>& args, Flags* f, std::string* problem) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0) {
      if (!f->supplier.empty()) {
        *problem = "one SUPPLIER only";
        return false;
      }
      f->supplier = a;
      continue;
    }
    if (i + 1 >= args.size()) {
      *problem = a + " needs a value";
      return false;
    }
    const std::string& v = args[++i];
    if (a == "--relationships") {
      f->relationships = v;
    } else if (a == "--parties") {
      f->parties = v;
    } else if (a == "--engagement") {
      f->engagement = v;
    } else if (a == "--policy") {
      f->policy = v;
    } else if (a == "--format") {
      f->format = v;
    } else if (a == "--server") {
      f->server = v;
    } else if (a == "--token_file") {
      f->token_file = v;
    } else if (a == "--server_ca") {
      f->server_ca = v;
    } else if (a == "--depth") {
      if (!absl::SimpleAtoi(v, &f->depth) || f->depth < 1 || f->depth > 10) {
        *problem = "--depth: a number of hops from 1 to 10";
        return false;
      }
    } else {
      *problem = "unknown option '" + a + "'";
      return false;
    }
  }
  if (f->supplier.empty()) *problem = "SUPPLIER is required";
  if (f->server.empty()) {
    if (f->relationships.empty()) *problem = "--relationships (or --server) is required";
    if (!f->token_file.empty() || !f->server_ca.empty()) {
      *problem = "--token_file and --server_ca go with --server";
    }
  } else {
    if (!f->relationships.empty() || !f->parties.empty() || !f->policy.empty()) {
      *problem =
          "--server reads the chain and the policy from the server: no --relationships, "
          "--parties or --policy";
    }
    if (f->token_file.empty()) *problem = "--server needs --token_file";
  }
  if (f->format != "text" && f->format != "json" && f->format != "dot") {
    *problem = "--format: text, json or dot";
  }
  return problem->empty();
}

std::string Label(const v1::ChainNode& n) {
  std::string name = !n.display_name().ja().empty()   ? n.display_name().ja()
                     : !n.display_name().en().empty() ? n.display_name().en()
                     : !n.supplier().empty()          ? n.supplier()
                                                      : n.party_name();
  if (n.supplier().empty()) return absl::StrCat(name, " (unidentified)");
  if (!n.assessed()) return absl::StrCat(name, " (no assessment)");
  return absl::StrFormat("%s (%s %.0f)", name, n.grade().empty() ? "-" : n.grade(),
                         n.overall_score());
}

std::string Passes(const chain::Relationship& r) {
  std::string text = r.scope.ToString();
  std::vector<std::string> classes;
  for (int c = 0; c < chain::kDependencyClasses; ++c) {
    if (r.dependency_classes & (1u << c)) {
      classes.emplace_back(chain::DependencyClassName(static_cast<chain::DependencyClass>(c)));
    }
  }
  if (!classes.empty()) absl::StrAppend(&text, " [", absl::StrJoin(classes, ", "), "]");
  return text;
}

// Depth first, children in id order; a party already on the path is marked and not expanded.
void PrintTree(const chain::SupplyGraph& g, const chain::PartyDirectory& parties, int node,
               int depth, int max_depth, const std::string& indent, std::vector<int>* path) {
  const auto edges = g.out(node);
  for (size_t i = 0; i < edges.size(); ++i) {
    const bool last = i + 1 == edges.size();
    const int to = edges[i].node;
    const bool cycle = std::find(path->begin(), path->end(), to) != path->end();
    std::printf("%s%s %s  <- %s%s\n", indent.c_str(), last ? "└─" : "├─",
                Label(parties.Node(to, depth + 1)).c_str(),
                Passes(g.relationships()[edges[i].relationship]).c_str(),
                cycle ? "  (cycle: already above)" : "");
    if (cycle) continue;
    if (depth + 1 >= max_depth) {
      if (!g.out(to).empty()) {
        std::printf("%s%s   ... %zu more relationship(s) past depth %d\n", indent.c_str(),
                    last ? " " : "│", g.out(to).size(), max_depth);
      }
      continue;
    }
    path->push_back(to);
    PrintTree(g, parties, to, depth + 1, max_depth, indent + (last ? "   " : "│  "), path);
    path->pop_back();
  }
}

std::string DotQuote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c == '\n' ? ' ' : c);
  }
  return out + "\"";
}

void PrintDot(const chain::SupplyGraph& g, const chain::PartyDirectory& parties, int root,
              int max_depth) {
  std::printf("digraph chain {\n  rankdir=LR;\n  node [shape=box];\n");
  std::set<int> seen = {root};
  std::vector<int> level = {root};
  std::printf("  %s [label=%s, style=bold];\n", DotQuote(g.id(root)).c_str(),
              DotQuote(Label(parties.Node(root, 0))).c_str());
  for (int depth = 0; depth < max_depth && !level.empty(); ++depth) {
    std::vector<int> next;
    for (int v : level) {
      for (const auto& e : g.out(v)) {
        if (seen.insert(e.node).second) {
          next.push_back(e.node);
          std::printf("  %s [label=%s];\n", DotQuote(g.id(e.node)).c_str(),
                      DotQuote(Label(parties.Node(e.node, depth + 1))).c_str());
        }
        std::printf("  %s -> %s [label=%s];\n", DotQuote(g.id(v)).c_str(),
                    DotQuote(g.id(e.node)).c_str(),
                    DotQuote(Passes(g.relationships()[e.relationship])).c_str());
      }
    }
    level.swap(next);
  }
  std::printf("}\n");
}

void PrintEffectiveRisk(const v1::EffectiveRisk& r) {
  std::printf("\neffective risk: %.1f (own %s, inherited %.1f)%s\n", r.effective_score(),
              r.own_assessed() ? absl::StrFormat("%.1f", r.own_score()).c_str() : "unassessed",
              r.inherited_score(), r.lowered() ? ", lowered by the chain" : "");
  if (r.has_worst()) {
    std::vector<std::string> via;
    for (int i = 0; i + 1 < r.worst_path().hops_size(); ++i)
      via.push_back(r.worst_path().hops(i).to());
    const auto& last = r.worst_path().hops(r.worst_path().hops_size() - 1);
    const chain::Scope received = chain::Scope::FromFields(last.data_classes(), last.access());
    std::printf("  worst: %s at depth %d imposes %.1f%s%s; it receives %s\n",
                Label(r.worst()).c_str(), r.worst().depth(), r.worst_imposed(),
                via.empty() ? "" : " via ", absl::StrJoin(via, " -> ").c_str(),
                received.ToString().c_str());
  }
  for (const auto& n : r.unassessed()) std::printf("  no assessment: %s\n", Label(n).c_str());
  for (const auto& n : r.unidentified()) std::printf("  unidentified: %s\n", Label(n).c_str());
  if (r.beyond_cap() > 0) {
    std::printf("  %d relationship(s) past depth %d would pass this engagement's scope further\n",
                r.beyond_cap(), r.max_depth());
  }
  for (const auto& c : r.cycles()) {
    std::printf("  cycle among: %s\n", absl::StrJoin(c.nodes(), ", ").c_str());
  }
  std::printf("  confidence x %.2f; policy %s, depth cap %d, attenuation %.2f per hop\n",
              r.confidence_factor(), r.policy_version().c_str(), r.max_depth(), r.attenuation());
}

// What the views are drawn from: the relationships and what is known of each party, and the
// effective risk of an engagement when one was asked for: the server's, or computed here from the
// files' engagement under `rules`.
struct ChainInputs {
  std::vector<v1::Relationship> relationships;
  std::vector<v1::ChainNode> parties;
  std::optional<v1::EffectiveRisk> risk;
  std::optional<v1::Engagement> engagement;
  chain::ChainRules rules;
  std::string policy_version;
  std::optional<v1::ChainGraph> served;  // the server's graph, printed as is for json
  int max_depth = 3;                     // the policy's depth cap
};

absl::StatusOr<ChainInputs> FromFiles(const Flags& f) {
  ChainInputs in;
  auto relationships = LoadRelationshipsFile(f.relationships);
  if (!relationships.ok()) return relationships.status();
  in.relationships = *std::move(relationships);
  if (!f.parties.empty()) {
    auto parsed = LoadPartiesFile(f.parties);
    if (!parsed.ok()) return parsed.status();
    in.parties = *std::move(parsed);
  }
  v1::ScoringPolicy policy = policy::DefaultPolicy();
  if (!f.policy.empty()) {
    auto loaded = io::LoadPolicyFile(f.policy);
    if (!loaded.ok()) return loaded.status();
    policy = *std::move(loaded);
  }
  absl::StatusOr<chain::ChainRules> rules = chain::ChainRulesFromPolicy(policy);
  if (!rules.ok()) return rules.status();
  in.max_depth = rules->max_depth;
  in.rules = *rules;
  in.policy_version = policy.version();
  if (f.engagement.empty()) return in;
  v1::Engagement engagement;
  if (absl::Status s = io::LoadTextProtoFile(f.engagement, &engagement); !s.ok()) return s;
  if (!engagement.supplier().empty() && engagement.supplier() != f.supplier) {
    return absl::InvalidArgumentError(absl::StrCat(f.engagement, ": supplier: the engagement is ",
                                                   engagement.supplier(), "'s, not ", f.supplier,
                                                   "'s"));
  }
  in.engagement = std::move(engagement);
  return in;
}

absl::StatusOr<ChainInputs> FromServer(const Flags& f) {
  scan::PushOptions options;
  options.target = f.server;
  options.token_file = f.token_file;
  options.ca_file = f.server_ca;
  absl::StatusOr<scan::ServerConnection> server = scan::Connect(options);
  if (!server.ok()) return server.status();
  auto stub = v1::ChainService::NewStub(server->channel);
  auto call = [&](auto method, const auto& request, auto* response) -> absl::Status {
    grpc::ClientContext context;
    server->Prepare(&context);
    const grpc::Status status = ((*stub).*method)(&context, request, response);
    if (status.ok()) return absl::OkStatus();
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat(f.server, ": ", status.error_message()));
  };
  ChainInputs in;
  v1::GetChainRequest get;
  get.set_supplier(f.supplier);
  get.set_depth(f.depth);
  v1::ChainGraph graph;
  if (absl::Status s = call(&v1::ChainService::Stub::GetChain, get, &graph); !s.ok()) return s;
  in.relationships.assign(graph.relationships().begin(), graph.relationships().end());
  in.parties.assign(graph.nodes().begin(), graph.nodes().end());
  in.max_depth = graph.depth();
  in.served = std::move(graph);
  if (f.engagement.empty()) return in;
  v1::GetEffectiveRiskRequest ask;
  ask.set_engagement(f.engagement);
  v1::EffectiveRisk risk;
  if (absl::Status s = call(&v1::ChainService::Stub::GetEffectiveRisk, ask, &risk); !s.ok()) {
    return s;
  }
  if (risk.supplier() != f.supplier) {
    return absl::InvalidArgumentError(absl::StrCat("--engagement: ", f.engagement, " is ",
                                                   risk.supplier(), "'s, not ", f.supplier, "'s"));
  }
  in.risk = std::move(risk);
  return in;
}

}  // namespace

int RunChainCommand(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Flags f;
  std::string problem;
  if (!Parse(args, &f, &problem)) return Usage(problem);
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "supplyrisk chain: %s\n", std::string(s.message()).c_str());
    return 1;
  };
  absl::StatusOr<ChainInputs> in = f.server.empty() ? FromFiles(f) : FromServer(f);
  if (!in.ok()) return fail(in.status());
  std::vector<chain::Relationship> edges;
  for (const v1::Relationship& r : in->relationships) edges.push_back(chain::FromProto(r));
  const chain::SupplyGraph graph = chain::SupplyGraph::Build({f.supplier}, std::move(edges));
  const chain::PartyDirectory parties(graph, in->parties, in->relationships);
  const int root = *graph.Find(f.supplier);
  const int depth = f.depth > 0 ? f.depth : in->max_depth;
  if (in->engagement.has_value()) {
    const chain::Scope scope =
        chain::Scope::FromFields(in->engagement->data_classes(), in->engagement->access());
    const chain::EffectiveRisk computed =
        chain::ComputeEffectiveRisk(graph, parties.standings(), root, scope, in->rules);
    in->risk = chain::EffectiveRiskToProto(graph, computed, parties, in->rules, in->policy_version);
    in->risk->set_engagement(in->engagement->name());
  }
  const std::optional<v1::EffectiveRisk>& risk = in->risk;

  if (f.format == "dot") {
    PrintDot(graph, parties, root, depth);
  } else if (f.format == "json") {
    // With an engagement, its effective risk; without, the chain to `depth`.
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.preserve_proto_field_names = true;
    const v1::ChainGraph chain_graph =
        in->served.has_value()
            ? *in->served
            : chain::ChainGraphToProto(graph, root, depth, parties, in->relationships);
    const auto status =
        risk.has_value() ? google::protobuf::util::MessageToJsonString(*risk, &json, options)
                         : google::protobuf::util::MessageToJsonString(chain_graph, &json, options);
    if (!status.ok()) return fail(absl::InternalError(std::string(status.message())));
    std::printf("%s", json.c_str());
  } else {
    std::printf("%s\n", Label(parties.Node(root, 0)).c_str());
    std::vector<int> path = {root};
    PrintTree(graph, parties, root, 0, depth, "", &path);
    if (risk.has_value()) PrintEffectiveRisk(*risk);
  }
  return 0;
}

}  // namespace supplyrisk::cli
