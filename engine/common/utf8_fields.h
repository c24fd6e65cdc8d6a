#ifndef SUPPLYRISK_ENGINE_COMMON_UTF8_FIELDS_H_
#define SUPPLYRISK_ENGINE_COMMON_UTF8_FIELDS_H_

// Strings the text format accepts and the wire format refuses: an escape such as "\xff" spells a
// string field that is not UTF-8. Inputs read from text are checked with this, so the CLI never
// takes what the API and the store could not hold.

#include <string>

#include "google/protobuf/message.h"

namespace supplyrisk {

// The path of the first string field (not bytes) of `m` holding bytes that are not UTF-8, in the
// form "answers[2].evidence[0].uri"; empty when every string is UTF-8.
std::string NonUtf8Field(const google::protobuf::Message& m);

}  // namespace supplyrisk

#endif  // SUPPLYRISK_ENGINE_COMMON_UTF8_FIELDS_H_
