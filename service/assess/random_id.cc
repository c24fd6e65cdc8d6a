#include "service/assess/random_id.h"

#include "absl/random/random.h"

namespace supplyrisk::assess {

std::string RandomResourceId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local absl::BitGen gen;
  std::string id(20, 'a');
  for (char& c : id) c = kAlphabet[absl::Uniform<int>(gen, 0, 36)];
  return id;
}

}  // namespace supplyrisk::assess
