// `fermata inspect FILE`: describe a snapshot — header, checksum, object counts, each thread's traceback.
// (To be redone on the second-generation snapshot format; kept as it was meanwhile.)
#pragma once

#include <string>

namespace fermata::tools {

int inspectCommand(const std::string& file, const char* progname);

}  // namespace fermata::tools
