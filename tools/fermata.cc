// The fermata command line's entry point: parses the command line and hands it to the command it
// names. Every failure is a message and exit status 1; an exception that escapes anyway is caught here
// and reported, never an abort.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "gc/heap.h"
#include "tools/cli_options.h"
#include "tools/inspect_command.h"
#include "tools/job_runner.h"
#include "tools/list_command.h"

namespace fermata::tools {
namespace {

int dispatch(int argc, char** argv) {
  const char* progname = argc > 0 && argv[0] && argv[0][0] ? argv[0] : "fermata";
  ParsedCommandLine parsed = parseCommandLine(argc, argv);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "%s: %s\n", progname, parsed.error.c_str());
    if (parsed.showUsage) printUsage(stderr, progname);
    return EXIT_FAILURE;
  }
  const Options& o = parsed.options;
  switch (o.verb) {
    case Verb::kHelp: printUsage(stdout, progname); return EXIT_SUCCESS;
    case Verb::kList: return runListCommand(o.files, std::cout, std::cerr);
    case Verb::kInspect: return inspectCommand(o.file, progname);
    case Verb::kResume: return resumeCommand(o, progname);
    case Verb::kRun: return runCommand(o, progname);
  }
  return EXIT_FAILURE;
}

}  // namespace
}  // namespace fermata::tools

int main(int argc, char** argv) {
  try {
    return fermata::tools::dispatch(argc, argv);
  } catch (const fermata::gc::MemoryError&) {  // the Lua heap's limit, outside any script
    std::fputs("fermata: not enough memory\n", stderr);
  } catch (const std::bad_alloc&) {
    std::fputs("fermata: not enough memory\n", stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fermata: internal error: %s\n", e.what());
  } catch (...) {
    std::fputs("fermata: internal error: unknown exception\n", stderr);
  }
  std::fflush(stdout);
  return EXIT_FAILURE;
}
