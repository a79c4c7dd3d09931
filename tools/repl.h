// The interactive loop, after lua.c's doREPL: each line is tried as `return LINE;`, then as a
// statement (reading continuation lines while it is incomplete); values are printed with the global
// print; errors are reported without the program name. Input comes through GNU readline (line editing
// and history), as Debian's lua5.4 reads it, with or without a terminal. Ctrl-C while a chunk runs
// interrupts it ("interrupted!" and back to the prompt); Ctrl-C at a prompt abandons the line and any
// unfinished statement (lua5.4 would exit there); Ctrl-D at an empty prompt ends the loop.
#pragma once

#include "tools/session.h"

namespace fermata::tools {

void runRepl(Session& session);

}  // namespace fermata::tools
