#ifndef SUPPLYRISK_FUZZ_FUZZ_CHECK_H_
#define SUPPLYRISK_FUZZ_FUZZ_CHECK_H_

// A contract check inside a fuzz target: on failure prints what broke and aborts, which libFuzzer
// reports as a crash (saving the input) and the replay test as a failure. Not assert(): it must
// hold in optimised builds too.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                                    \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      std::fprintf(stderr, "%s:%d: contract broken: %s (%s)\n", __FILE__, __LINE__, what, #cond); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (0)

#endif  // SUPPLYRISK_FUZZ_FUZZ_CHECK_H_
