// The main of a fuzz target built as an ordinary test: every corpus file given on the command line
// (a file, or a directory read recursively) and a handful of hostile inputs run once through
// LLVMFuzzerTestOneInput. A target that crashes, trips a sanitizer or fails one of its own
// contract checks (which abort) fails the test, so CI exercises every target without clang.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

// Inputs no corpus holds: nothing, megabytes, bytes that are not UTF-8, NULs, nesting far deeper
// than any real text, and long lines of the characters each grammar treats specially.
std::vector<std::string> HostileInputs() {
  std::vector<std::string> out;
  out.emplace_back();
  out.emplace_back(1, '\0');
  out.emplace_back(std::string(1 << 20, 'a'));
  out.emplace_back(std::string(1 << 20, '\n'));
  out.emplace_back("\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc\xed\xa0\x80");
  out.emplace_back(std::string("abc\0def", 7));
  out.emplace_back(std::string(100000, '{'));
  out.emplace_back(std::string(100000, '['));
  out.emplace_back(std::string(100000, '"'));
  out.emplace_back(std::string(100000, '\\'));
  std::string nested_text;
  for (int i = 0; i < 20000; ++i) nested_text += "sections { ";
  out.push_back(nested_text);
  std::string nested_json;
  for (int i = 0; i < 20000; ++i) nested_json += "{\"a\":";
  out.push_back(nested_json);
  std::string terms;
  for (int i = 0; i < 20000; ++i) terms += "grade = \"A\" AND ";
  out.push_back(terms);
  out.emplace_back(std::string(50000, '(') + std::string(50000, ')'));
  out.emplace_back("\xe2\x80\xae\xe2\x81\xa6\xc2\x85\x7f\x1b[31m");
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (std::filesystem::is_regular_file(arg)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: no such corpus: %s\n", argv[i]);
      return 1;
    }
  }
  // A target with no seeds would replay only the hostile inputs and pass on a broken glob.
  if (files.empty()) {
    std::fprintf(stderr, "replay: no corpus files given\n");
    return 1;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::fprintf(stderr, "replay: %s\n", file.c_str());
    Run(ReadFile(file));
  }
  const std::vector<std::string> hostile = HostileInputs();
  for (const std::string& input : hostile) Run(input);
  std::printf("replay: %zu corpus files and %zu hostile inputs passed\n", files.size(),
              hostile.size());
  return 0;
}
