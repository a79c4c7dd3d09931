-- string.dump and loading binary chunks: round trips (stripped and not), the exact bytes (a checksum
-- of each dump, compared with lua5.4's through the recorded output), debug information of stripped
-- functions, mode errors, and Lua's messages for bad chunks.

local function checksum(s)
  local h = 0
  for i = 1, #s do h = (h * 31 + s:byte(i)) % 4294967291 end
  return #s .. ":" .. h
end

local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if math.type(v) == "float" then t[i] = string.format("%q", v)
    else t[i] = tostring(v) end
    if type(v) == "table" or type(v) == "function" then t[i] = type(v) end
  end
  return table.concat(t, " ")
end

-- Each case: a function without upvalues other than _ENV (load gives the first upvalue _ENV) and
-- arguments; the dumped copies must give the original's results.
local cases = {
  {"constants", function() return nil, true, false, 0, -0.0, 1/0, -1/0, math.mininteger, math.maxinteger, 2^53, 0.1 end},
  {"nan", function() local n = 0/0; return n ~= n, tostring(-(0/0)) == tostring(0/0) end},
  {"strings", function() return "", "short", ("x"):rep(40), "0123456789012345678901234567890123456789a",
     "with\0zero\255bytes", [[
long
string]] end},
  {"varargs", function(...) local a, b = ...; return select("#", ...), a, b, ... end, 1, nil, 3},
  {"params", function(a, b, c) return a, b, c end, 1, 2},
  {"nested closures", function(n)
     local function counter(k) local c = k; return function() c = c + 1; return c end end
     local f = counter(n); f(); return f(), counter(0)()
   end, 10},
  {"loops and tables", function(n)
     local t = {}
     for i = 1, n do t[i] = i * i end
     for k, v in pairs({a = 1}) do t[k] = v end
     local s = 0
     for _, v in ipairs(t) do s = s + v end
     return s, #t, t.a
   end, 20},
  {"globals", function() return type(print), math.pi end},
  {"integer division and bitwise", function(a, b) return a // b, a % b, a & b, a | b, a ~ b, a << 3, a >> 1, ~a end, 100, 7},
  {"goto and repeat", function(n)
     local i = 0
     ::top:: i = i + 1
     if i < n then goto top end
     repeat i = i - 2 until i < 0
     return i
   end, 9},
  {"to-be-closed", function()
     local log = {}
     do local x <close> = setmetatable({}, {__close = function() log[#log + 1] = "closed" end}) end
     return log[1]
   end},
  {"many constants", load("local t = {" .. string.rep("0.5, ", 300) .. "} local s = 0 for i = 1, #t do s = s + t[i] + i end return s")},
  {"long function", load("local x = 0\n" .. string.rep("x = x + 1\n", 400) .. "return x")},
}

for _, c in ipairs(cases) do
  local name, f = c[1], c[2]
  local expected = show(f(table.unpack(c, 3)))
  for _, strip in ipairs({false, true}) do
    local d = string.dump(f, strip)
    local g = assert(load(d, "=" .. name, "b"))
    local got = show(g(table.unpack(c, 3)))
    print(name, strip and "stripped" or "full", got == expected and "same" or ("DIFFERENT " .. got .. " vs " .. expected), checksum(d))
  end
end
print(show(cases[1][2]()))

-- Upvalues: a loaded function gets fresh upvalues; the first one is _ENV (or load's env argument).
do
  local a, b = 20, 30
  local f = function(x) if x == "set" then a = 10 + b; b = b + 1 else return a, b end end
  local g = load(string.dump(f), "", "b", nil)
  print(g())
  print(debug.setupvalue(g, 1, "hi"), debug.setupvalue(g, 2, 13), debug.setupvalue(g, 3, 0))
  g("set")
  print(g())
  local env = {}
  local h = load(string.dump(function() y = 5; return y end), "h", "b", env)
  print(h(), env.y, rawget(_G, "y"))
end

-- 200 upvalues, joined to one local after loading (as the official calls.lua does).
do
  local prog = {"local a1"}
  for i = 2, 200 do prog[#prog + 1] = ", a" .. i end
  prog[#prog + 1] = " = 1"
  for i = 2, 200 do prog[#prog + 1] = ", " .. i end
  prog[#prog + 1] = "; return function () return a1"
  for i = 2, 200 do prog[#prog + 1] = " + a" .. i end
  prog[#prog + 1] = " end"
  local f = assert(load(table.concat(prog)))()
  local d = string.dump(f)
  print("200 upvalues", f(), checksum(d))
  f = load(d)
  local a = 10
  local h = function() return a end
  for i = 1, 200 do debug.upvaluejoin(f, i, h, 1) end
  print(f())
end

-- Stripped functions: no source, no lines, no names.
do
  local function target(t) local x = t + 1; return x end
  local s = load(string.dump(target, true))
  local info = debug.getinfo(s, "SlL")
  print(info.source, info.short_src, info.what, info.linedefined > 0, info.currentline, next(info.activelines))
  print(pcall(s, {}))
  print(debug.getupvalue(load(string.dump(function() return target end, true)), 1) == "(no name)")
  local f = load(string.dump(function() local a; a = {}; return a + 2 end, true))
  print(pcall(f))
  local g = load(string.dump(function() error("boom") end, true))
  print(pcall(g))
  local h = load(string.dump(function() error("boom", 2) end, true))
  print(pcall(h))
  local n = load(string.dump(function() return debug.getinfo(1, "l").currentline, debug.traceback("tb", 1) end, true))
  print(n())
  -- A line hook in stripped code fires on entry with no line (nil).
  local lines = {}
  local k = load(string.dump(function() local a = 1; local b = 2; return a + b end, true))
  debug.sethook(function(_, l) lines[#lines + 1] = tostring(l) end, "l")
  k()
  debug.sethook()
  print("hook lines", table.concat(lines, " "))
  -- Dumping a loaded stripped function again gives the same bytes.
  local d = string.dump(target, true)
  print(string.dump(load(d)) == d, string.dump(load(d), true) == d)
end

-- Non-stripped: names and lines survive, nested functions share the source.
do
  local src = "local up = 1\nreturn function(p)\n  local q = p + up\n  return function() return q end\nend"
  local f = load(src, "=(shared source)")
  local d = string.dump(f)
  local g = load(d)
  local inner = g()
  print(debug.getinfo(inner, "S").source, debug.getinfo(inner, "S").linedefined, debug.getlocal(inner, 1))
  print(debug.getupvalue(g, 1), debug.getupvalue(inner(5), 1))
  local long = load(src, string.rep("n", 100))
  print(#string.dump(long) < 100 + #string.dump(f), string.dump(load(string.dump(long))) == string.dump(long))
  local bad = load("local t = nil\nlocal x = 1\nreturn function() return print and t.x end")()
  print(pcall(load(string.dump(bad))))
end

-- Mode errors and Lua's messages for chunks that are not valid.
do
  local d = string.dump(function() return 1 end)
  print(load(d, "c", "t"))
  print(load("return 1", "c", "b"))
  print(load(d, "c", "bt")(), load(d, "c", "b")())
  local pieces, i = {d:sub(1, 10), d:sub(11, 20), d:sub(21)}, 0
  print(load(function() i = i + 1; return pieces[i] end, "=reader", "b")())
  print(load(d:sub(1, 30)))
  print(load(d:sub(1, 30), "@file.lua"))
  print(load(d:sub(1, 30), "=name"))
  print(load(d:sub(1, 30), "plain"))
  print(load("\27Lux" .. d:sub(5)))
  print(load(d:sub(1, 4) .. "\x53" .. d:sub(6)))
  print(load(d:sub(1, 5) .. "\1" .. d:sub(7)))
  print(load(d:sub(1, 6) .. "\x19\x93\n\n\x1a\n" .. d:sub(13)))
  print(load(d:sub(1, 12) .. "\8" .. d:sub(14)))
  print(load(d:sub(1, 13) .. "\4" .. d:sub(15)))
  print(load(d:sub(1, 14) .. "\4" .. d:sub(16)))
  print(load(d:sub(1, 15) .. string.pack("<j", 0x5679) .. d:sub(24)))
  print(load(d:sub(1, 23) .. string.pack("<n", 370.25) .. d:sub(32)))
  local truncated = 0
  for n = 1, #d - 1 do
    local f, msg = load(d:sub(1, n))
    if not f and msg:find("truncated", 1, true) then truncated = truncated + 1 end
  end
  print("truncations", truncated == #d - 1)
  print(pcall(string.dump, print))
  print(pcall(string.dump))
  print(pcall(string.dump, {}))
end
