#include "engine/chain/cycles.h"

#include <algorithm>
#include <utility>

namespace supplyrisk::chain {
namespace {

// Tarjan's algorithm, iterative, over `n` local nodes: node_of(i) names local node i in the graph,
// local_of(v) gives a graph node's local index or -1 when it is outside. The search starts from
// `starts` (local indices) when given, else from every node: the components reachable from them.
template <typename NodeOf, typename LocalOf>
std::vector<std::vector<int>> Tarjan(const SupplyGraph& graph, int n, NodeOf node_of,
                                     LocalOf local_of, ChainWorkspace::TarjanBuffers* buffers,
                                     const std::vector<int>* starts = nullptr) {
  constexpr int kUnvisited = -1;
  std::vector<int>& index = buffers->index;
  std::vector<int>& low = buffers->low;
  std::vector<char>& on_stack = buffers->on_stack;
  std::vector<int>& stack = buffers->stack;
  auto& frames = buffers->frames;  // (local node, position in its out-edges)
  index.assign(n, kUnvisited);
  low.assign(n, 0);
  on_stack.assign(n, 0);
  stack.clear();
  frames.clear();
  std::vector<std::vector<int>> cycles;
  int next_index = 0;
  const int roots = starts != nullptr ? static_cast<int>(starts->size()) : n;
  for (int r = 0; r < roots; ++r) {
    const int root = starts != nullptr ? (*starts)[r] : r;
    if (index[root] != kUnvisited) continue;
    frames.push_back({root, 0});
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!frames.empty()) {
      const int v = frames.back().first;
      const auto edges = graph.out(node_of(v));
      size_t& pos = frames.back().second;
      if (pos < edges.size()) {
        const int w = local_of(edges[pos++].node);
        if (w < 0) continue;
        if (index[w] == kUnvisited) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          on_stack[w] = 1;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      // v is finished: close its component if it is a root, then return to its caller.
      frames.pop_back();
      if (!frames.empty()) low[frames.back().first] = std::min(low[frames.back().first], low[v]);
      if (low[v] != index[v]) continue;
      // Most components are single parties without a self-loop: they are popped without being
      // copied anywhere.
      const size_t bottom = std::find(stack.rbegin(), stack.rend(), v).base() - stack.begin() - 1;
      bool cycle = stack.size() - bottom > 1;
      if (!cycle) {
        for (const auto& e : graph.out(node_of(v))) cycle |= e.node == node_of(v);
      }
      if (cycle) {
        std::vector<int> component;
        component.reserve(stack.size() - bottom);
        for (size_t i = bottom; i < stack.size(); ++i) component.push_back(node_of(stack[i]));
        std::sort(component.begin(), component.end());
        cycles.push_back(std::move(component));
      }
      for (size_t i = bottom; i < stack.size(); ++i) on_stack[stack[i]] = 0;
      stack.resize(bottom);
    }
  }
  std::sort(cycles.begin(), cycles.end());
  return cycles;
}

}  // namespace

std::vector<std::vector<int>> FindCycles(const SupplyGraph& graph,
                                         const std::vector<bool>& include) {
  ChainWorkspace::TarjanBuffers buffers;
  if (include.empty()) {
    return Tarjan(
        graph, graph.size(), [](int v) { return v; }, [](int v) { return v; }, &buffers);
  }
  std::vector<int> nodes, local(graph.size(), -1);
  for (int v = 0; v < graph.size(); ++v) {
    if (include[v]) {
      local[v] = static_cast<int>(nodes.size());
      nodes.push_back(v);
    }
  }
  return Tarjan(
      graph, static_cast<int>(nodes.size()), [&](int i) { return nodes[i]; },
      [&](int v) { return local[v]; }, &buffers);
}

std::vector<std::vector<int>> FindCyclesAmong(const SupplyGraph& graph,
                                              const std::vector<int>& nodes,
                                              ChainWorkspace* workspace,
                                              const std::vector<int>* through) {
  // Local numbers in the order given, each party once. The components found do not depend on the
  // order they are searched in, and each is sorted, as is the list of them, so neither does the
  // answer.
  std::vector<int>& sorted = workspace->tarjan().nodes;
  sorted.clear();
  for (int v : nodes) {
    if (workspace->local(v) != -1) continue;
    workspace->local(v) = static_cast<int>(sorted.size());
    sorted.push_back(v);
  }
  std::vector<int>& starts = workspace->tarjan().starts;
  starts.clear();
  if (through != nullptr) {
    for (int v : *through) starts.push_back(workspace->local(v));
  }
  auto cycles = Tarjan(
      graph, static_cast<int>(sorted.size()), [&](int i) { return sorted[i]; },
      [&](int v) { return workspace->Seen(v) ? workspace->local(v) : -1; }, &workspace->tarjan(),
      through != nullptr ? &starts : nullptr);
  for (int v : sorted) workspace->local(v) = -1;
  return cycles;
}

}  // namespace supplyrisk::chain
