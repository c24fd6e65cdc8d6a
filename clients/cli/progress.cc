#include "clients/cli/progress.h"

#include <unistd.h>

#include <utility>

namespace supplyrisk::cli {

Progress::Progress(std::string what, size_t total)
    : what_(std::move(what)),
      total_(total),
      start_(absl::Now()),
      last_(start_),
      terminal_(isatty(fileno(stderr)) != 0) {}

void Progress::Step() {
  ++done_;
  const absl::Time now = absl::Now();
  if (now - start_ < absl::Seconds(1)) return;
  if (terminal_ ? now - last_ < absl::Milliseconds(200)
                : (shown_ && now - last_ < absl::Seconds(10))) {
    return;
  }
  last_ = now;
  shown_ = true;
  std::fprintf(stderr, terminal_ ? "\r%s: %zu/%zu   " : "%s: %zu/%zu\n", what_.c_str(), done_,
               total_);
  std::fflush(stderr);
}

void Progress::Done() {
  if (shown_ && terminal_) std::fprintf(stderr, "\r%s: %zu/%zu\n", what_.c_str(), done_, total_);
  shown_ = false;
}

}  // namespace supplyrisk::cli
