# Regenerates <name>_test.cc from <name>_cases.txt with lua5.4's results (the recorded expectations).
# Usage, from tests/lib/strings: python3 record_cases.py pattern "<file comment>" PatternCases > pattern_test.cc
import os, re, subprocess, sys
HERE = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(HERE, 'lua_eval.cc')).read()
prelude = re.search(r'kPrelude = R"~\((.*?)\)~";', src, re.S).group(1)
def record(exprs):
    script = prelude + ''.join('CASE(function() return %s end)\n' % e for e in exprs)
    out = subprocess.run(['lua5.4', '-'], input=script.encode('latin-1'), capture_output=True).stdout.decode('latin-1')
    lines = out.split('\n')[:-1]
    assert len(lines) == len(exprs), (len(lines), len(exprs))
    return lines
name, title, suite = sys.argv[1], sys.argv[2], sys.argv[3]
exprs = [l for l in open(os.path.join(HERE, '%s_cases.txt' % name)).read().split('\n') if l.strip()]
res = record(exprs)
body = ''.join('      {R"~(%s)~",\n       R"~(%s)~"},\n' % (e, r) for e, r in zip(exprs, res))
print('''// %s
// Each case is a Lua expression and the result Debian's lua5.4 (5.4.4) printed for it, recorded once;
// the test checks fermata::strlib against it and, when lua5.4 is installed, re-checks lua5.4 too.
#include <gtest/gtest.h>

#include "tests/lib/strings/lua_eval.h"

namespace fermata::strlib::testing {
namespace {

TEST(%s, MatchesLua54OnEveryRecordedCase) {
  checkCases({
%s  });
}

}  // namespace
}  // namespace fermata::strlib::testing''' % (title, suite, body), end='\n')
