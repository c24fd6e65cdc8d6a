// Whether a gRPC address names this machine only. The server refuses to hand out a development
// token on any other address, and clients send bearer tokens in the clear only to such addresses.
//
//   IsLoopbackAddress("127.0.0.1:50051")  // true
//   IsLoopbackAddress("[::1]:0")          // true
//   IsLoopbackAddress("0.0.0.0:50051")    // false: every interface
#ifndef SUPPLYRISK_ENGINE_COMMON_LOOPBACK_H_
#define SUPPLYRISK_ENGINE_COMMON_LOOPBACK_H_

#include "absl/strings/string_view.h"

namespace supplyrisk {

// True for "host:port" (or "[v6]:port", optionally with gRPC's "dns:///", "ipv4:" or "ipv6:"
// scheme) whose host is "localhost", "::1" or in 127.0.0.0/8, and for "unix:" socket paths. False
// for everything else, including wildcard addresses and malformed text.
bool IsLoopbackAddress(absl::string_view address);

}  // namespace supplyrisk

#endif  // SUPPLYRISK_ENGINE_COMMON_LOOPBACK_H_
