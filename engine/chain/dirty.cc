#include "engine/chain/dirty.h"

#include <cstdint>
#include <vector>

namespace supplyrisk::chain {

std::vector<int> MarkDirty(const SupplyGraph& graph, const ChainChanges& changes, int max_depth) {
  const int n = graph.size();
  // remaining[v]: how many more hops upstream of v may still be touched; -1 when v is clean. A byte
  // a party (max_depth <= 10) keeps the array the walk jumps around in small.
  std::vector<int8_t> remaining(n, -1);
  // One frontier per budget, a bitmap, processed from the largest budget down, so each party is
  // expanded once with the largest budget any change gives it, and in node order, so the walk
  // reads the in-edge arrays forwards instead of at random.
  const size_t words = (static_cast<size_t>(n) + 63) / 64;
  std::vector<std::vector<uint64_t>> frontier(max_depth + 1, std::vector<uint64_t>(words, 0));
  size_t touched = 0;
  auto touch = [&](int v, int budget) {
    if (budget > remaining[v]) {
      touched += remaining[v] < 0 ? 1 : 0;
      remaining[v] = static_cast<int8_t>(budget);
      frontier[budget][static_cast<size_t>(v) >> 6] |= uint64_t{1} << (v & 63);
    }
  };
  for (int v : changes.assessed) touch(v, max_depth);
  for (int v : changes.contractors) touch(v, max_depth - 1);
  for (int budget = max_depth; budget >= 1; --budget) {
    const std::vector<uint64_t>& level = frontier[budget];
    for (size_t w = 0; w < words; ++w) {
      for (uint64_t bits = level[w]; bits != 0; bits &= bits - 1) {
        const int v = static_cast<int>(w * 64 + __builtin_ctzll(bits));
        if (remaining[v] != budget) continue;  // reached again with a larger budget
        for (int contractor : graph.in_nodes(v)) touch(contractor, budget - 1);
      }
    }
  }
  std::vector<int> dirty;
  dirty.reserve(touched);
  for (int v = 0; v < n; ++v) {
    if (remaining[v] >= 0) dirty.push_back(v);
  }
  return dirty;
}

}  // namespace supplyrisk::chain
