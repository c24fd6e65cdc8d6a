// Runs one name server probe and prints its result, for the integration tests against real
// servers on loopback (clients/scan/testing/dns_probe_test.py):
//
//   dns_probe_tool axfr 127.0.0.1 PORT ZONE        prints "allowed" or "not-allowed"
//   dns_probe_tool recursion 127.0.0.1 PORT NAME   prints "recursive" or "not-recursive"
//
// Only loopback addresses are accepted: the tool exists for tests. Exit status 0 on a result,
// 1 on a probe error, 2 on bad arguments.
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "clients/scan/dns/name_server_probe.h"

int main(int argc, char** argv) {
  using supplyrisk::scan::dns::AnswersRecursively;
  using supplyrisk::scan::dns::ZoneTransferOffered;
  uint32_t port = 0;
  if (argc != 5 || !absl::SimpleAtoi(argv[3], &port) || port == 0 || port > 65535) {
    std::cerr << "usage: dns_probe_tool axfr|recursion ADDRESS PORT NAME\n";
    return 2;
  }
  const std::string mode = argv[1];
  const std::string address = argv[2];
  if (!absl::StartsWith(address, "127.") && address != "::1") {
    std::cerr << "address: only loopback addresses are probed, not " << address << "\n";
    return 2;
  }
  const absl::Duration timeout = absl::Seconds(3);
  if (mode == "axfr") {
    absl::StatusOr<bool> offered =
        ZoneTransferOffered(address, static_cast<uint16_t>(port), argv[4], timeout);
    if (!offered.ok()) {
      std::cerr << offered.status() << "\n";
      return 1;
    }
    std::cout << (*offered ? "allowed" : "not-allowed") << "\n";
    return 0;
  }
  if (mode == "recursion") {
    absl::StatusOr<bool> recursive =
        AnswersRecursively(address, static_cast<uint16_t>(port), argv[4], timeout);
    if (!recursive.ok()) {
      std::cerr << recursive.status() << "\n";
      return 1;
    }
    std::cout << (*recursive ? "recursive" : "not-recursive") << "\n";
    return 0;
  }
  std::cerr << "mode: expected axfr or recursion, got " << mode << "\n";
  return 2;
}
