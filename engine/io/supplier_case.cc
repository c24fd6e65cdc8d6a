#include "engine/io/supplier_case.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/io/file_loaders.h"
#include "engine/scoring/input_text.h"

namespace supplyrisk::io {

absl::StatusOr<SupplierCase> LoadSupplierCase(const std::string& dir) {
  SupplierCase c;
  const size_t slash = dir.find_last_of('/');
  c.name = slash == std::string::npos ? dir : dir.substr(slash + 1);
  auto meta = ReadFile(absl::StrCat(dir, "/case.txt"));
  if (!meta.ok()) return meta.status();
  bool has_as_of = false;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(*meta, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits(' ', 1));
    if (kv.first == "template") {
      c.template_id = kv.second;
    } else if (kv.first == "as_of") {
      auto t = scoring::ParseAsOf(kv.second);
      if (!t.ok())
        return absl::InvalidArgumentError(
            absl::StrCat(dir, "/case.txt:", line_no, ": ", t.status().message()));
      c.as_of = *t;
      has_as_of = true;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(dir, "/case.txt:", line_no, ": unknown key '", kv.first, "'"));
    }
  }
  if (c.template_id.empty() || !has_as_of) {
    return absl::InvalidArgumentError(absl::StrCat(dir, "/case.txt: needs template and as_of"));
  }
  if (auto s = LoadTextProtoFile(absl::StrCat(dir, "/profile.textproto"), &c.profile); !s.ok()) {
    return s;
  }
  if (auto s = LoadTextProtoFile(absl::StrCat(dir, "/response.textproto"), &c.response); !s.ok()) {
    return s;
  }
  const std::string engagement = absl::StrCat(dir, "/engagement.textproto");
  if (FileExists(engagement)) {
    if (auto s = LoadTextProtoFile(engagement, &c.engagement); !s.ok()) return s;
    c.has_engagement = true;
  }
  const std::string signals = absl::StrCat(dir, "/signals.jsonl");
  if (FileExists(signals)) {
    auto loaded = LoadSignalsFile(signals);
    if (!loaded.ok()) return loaded.status();
    c.signals = *std::move(loaded);
  }
  return c;
}

}  // namespace supplyrisk::io
