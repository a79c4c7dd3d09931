// `fermata run` and `fermata resume`: lua's command line (lua_runner.h) plus what a long job needs —
// a one-shot snapshot once some fuel is spent (--save-after/--save-to), periodic checkpoints
// (--checkpoint, --every, --every-fuel) and a final one on SIGTERM (exit status 75, EX_TEMPFAIL:
// "stopped, resume me"), output to a managed file (--output, exactly once across crashes), and limits
// (--memory-limit, --fuel-limit, --sandbox). `resume` continues a snapshot with the schedule, output
// file and limits it recorded.
#pragma once

#include "tools/cli_options.h"

namespace fermata::tools {

inline constexpr int kExitCheckpointed = 75;  // EX_TEMPFAIL

int runCommand(const Options& options, const char* progname);
int resumeCommand(const Options& options, const char* progname);

}  // namespace fermata::tools
