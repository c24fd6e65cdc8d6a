#ifndef SUPPLYRISK_CLIENTS_CLI_PROGRESS_H_
#define SUPPLYRISK_CLIENTS_CLI_PROGRESS_H_

// Progress on stderr for CLI work over many items: nothing for work done within a second, then a
// line rewritten in place when stderr is a terminal, or a line every 10 seconds when it is not
// (a log keeps a readable trace). stdout is never touched, so output piped elsewhere stays clean.
//
//   Progress progress("reading suppliers", suppliers.size());
//   for (...) { ...; progress.Step(); }
//   progress.Done();

#include <cstdio>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace supplyrisk::cli {

class Progress {
 public:
  Progress(std::string what, size_t total);
  void Step();
  // Ends the line a terminal was shown, if any.
  void Done();

 private:
  std::string what_;
  size_t total_, done_ = 0;
  absl::Time start_, last_;
  bool terminal_, shown_ = false;
};

}  // namespace supplyrisk::cli

#endif  // SUPPLYRISK_CLIENTS_CLI_PROGRESS_H_
