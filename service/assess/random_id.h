// Fresh random resource ids, for resources the caller did not name and that carry no request id.
#ifndef SUPPLYRISK_SERVICE_ASSESS_RANDOM_ID_H_
#define SUPPLYRISK_SERVICE_ASSESS_RANDOM_ID_H_

#include <string>

namespace supplyrisk::assess {

// 20 characters of [a-z0-9] (about 103 bits): unique without any global sequence, so ids stay
// hash-distributable. Thread-safe.
std::string RandomResourceId();

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_RANDOM_ID_H_
