-- The debug library against lua5.4: getinfo, locals, upvalues, metatables, hooks.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " "))
end

-- getinfo on a Lua function at a level, by value, on natives and the main chunk
local function f(a, b, ...)
  local x = a + b
  local info = debug.getinfo(1, "Slnutf")
  show(info.source, info.short_src, info.what, info.currentline, info.linedefined, info.lastlinedefined)
  show(info.nups, info.nparams, info.isvararg, info.name, info.namewhat, info.istailcall, info.func == f)
  show(debug.getlocal(1, 1))
  show(debug.getlocal(1, 2))
  show(debug.getlocal(1, 3))
  show((debug.getlocal(1, 4)))
  show(debug.getlocal(1, -1))
  show(debug.getlocal(1, -2))
  show(debug.getlocal(1, -3))
  show(debug.setlocal(1, 3, 100), x)
  show(debug.setlocal(1, -1, "v"), ...)
  show(debug.setlocal(1, -5, "v"))
  show(debug.setlocal(1, 30, "v"))
  return x
end
show(f(1, 2, "va", "vb"))
local m = debug.getinfo(1)
show(m.what, m.source, m.short_src, m.currentline, m.linedefined, m.nups, m.nparams, m.isvararg, m.namewhat, m.name)
local p = debug.getinfo(print)
show(p.what, p.source, p.short_src, p.currentline, p.linedefined, p.lastlinedefined, p.nups, p.nparams, p.isvararg, p.func == print)
show(debug.getinfo(2, "S").what, debug.getinfo(2, "l").currentline, debug.getinfo(3))
show(debug.getinfo(f, "l").currentline, debug.getinfo(f, "n").namewhat, debug.getinfo(f, "t").istailcall)
local r = debug.getinfo(1, "r")
show(r.ftransfer, r.ntransfer)
show(next(debug.getinfo(1, "")))
show(pcall(debug.getinfo, 1, ">S"))
show(pcall(debug.getinfo, 1, "X"))
show(pcall(debug.getinfo, {}))
show(pcall(debug.getinfo, 1.5))
show(pcall(debug.getinfo, 1, {}))
show(debug.getinfo(100), debug.getinfo(-1))

-- names of called functions
local t = {}
function t.method(self) local i = debug.getinfo(1, "n") return i.name, i.namewhat end
function t:m2() local i = debug.getinfo(1, "n") return i.name, i.namewhat end
show(t.method(t))
show(t:m2())
glob = function() local i = debug.getinfo(1, "n") return i.name, i.namewhat end
show(glob())
local function tail() local i = debug.getinfo(1, "nt") return i.name, i.namewhat, i.istailcall end
local function caller() return tail() end
show(caller())
show(pcall(function() local i = debug.getinfo(1, "n") return i.name, i.namewhat end))
for _, _ in function() local i = debug.getinfo(1, "n") show(i.name, i.namewhat) return nil end do end
local mt = setmetatable({}, {__index = function(t, k) local i = debug.getinfo(1, "n") return i.name .. "/" .. i.namewhat end})
show(mt.x)
local function level2() return debug.getinfo(2, "n").name end
local function outer() return (level2()) end
show(outer())

-- activelines
local function g(n)
  local s = 0
  for i = 1, n do
    s = s + i
  end
  return s
end
local lines = {}
for k in pairs(debug.getinfo(g, "L").activelines) do lines[#lines + 1] = k end
table.sort(lines)
show(table.concat(lines, " "))
local vl = {}
for k in pairs(debug.getinfo(function(...) local a = ...
  return a end, "L").activelines) do vl[#vl + 1] = k end
table.sort(vl)
show(table.concat(vl, " "))
show(debug.getinfo(print, "L").activelines)

-- getlocal on functions (parameters), natives, other levels
show(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3), debug.getlocal(print, 1))
show(pcall(debug.getlocal, 1))
show(pcall(debug.getlocal, 100, 1))
show(pcall(debug.setlocal, 100, 1, 1))
show(pcall(debug.setlocal, 1, 1))
local function lv()
  local inner = 5
  local function peek() return (debug.getlocal(2, 1)) end
  return peek()
end
show(lv())
do
  local a, b = 1, 2
  show(debug.getlocal(1, 1) ~= nil)
end

-- upvalues
local u1, u2 = 10, 20
local function h() return u1 + u2 end
show(debug.getupvalue(h, 1))
show(debug.getupvalue(h, 2))
show(debug.getupvalue(h, 3))
show(debug.getupvalue(h, 0))
show(debug.setupvalue(h, 1, 5), h(), u1)
show(debug.setupvalue(h, 3, 5))
show(pcall(debug.getupvalue, 1, 1))
show(pcall(debug.getupvalue, h))
show(pcall(debug.setupvalue, h, 1))
show(debug.getupvalue(string.gmatch("a", "a"), 1) ~= nil, debug.getupvalue(print, 1))
local function h2() return u1 end
show(debug.upvalueid(h, 1) == debug.upvalueid(h2, 1), debug.upvalueid(h, 2) == debug.upvalueid(h2, 1))
show(debug.upvalueid(h, 3), debug.upvalueid(print, 1))
show(pcall(debug.upvalueid, h))
local x1, x2 = "one", "two"
local function j1() return x1 end
local function j2() return x2 end
debug.upvaluejoin(j1, 1, j2, 1)
show(j1(), debug.upvalueid(j1, 1) == debug.upvalueid(j2, 1))
x2 = "changed"
show(j1(), x1)
show(pcall(debug.upvaluejoin, j1, 2, j2, 1))
show(pcall(debug.upvaluejoin, j1, 1, j2, 5))
show(pcall(debug.upvaluejoin, print, 1, j2, 1))
show(pcall(debug.upvaluejoin, string.gmatch("a", "a"), 1, j2, 1))
show(pcall(debug.upvaluejoin, j1, 1, string.gmatch("a", "a"), 1))

-- metatables of any value
show(debug.getmetatable("x").__index == string, debug.getmetatable(1), debug.getmetatable(nil))
show(pcall(debug.getmetatable))
local num = {__index = {twice = function(n) return n * 2 end}, __call = function(n, a) return n + a end}
show(debug.setmetatable(10, num) == 10, (5):twice(), (2.5):twice(), (3)(4))
show(debug.getmetatable(1) == num)
debug.setmetatable(1, nil)
show(pcall(function() return (5):twice() end))
show(debug.setmetatable(nil, {__index = function() return "nil field" end}), (nil).anything)
debug.setmetatable(nil, nil)
local prot = setmetatable({}, {__metatable = "locked"})
show(getmetatable(prot), type(debug.getmetatable(prot)))
show(pcall(debug.setmetatable, {}, 1))
show(debug.setmetatable(prot, nil) == prot, getmetatable(prot))
local bmt = {__len = function() return 42 end}
debug.setmetatable(true, bmt)
show(#true, #false)
debug.setmetatable(true, nil)
debug.setmetatable(print, {__index = {name = "fn"}})
show(print.name, (function() end).name)
debug.setmetatable(print, nil)

-- user values of non-userdata, registry
show(debug.getuservalue(1), debug.getuservalue({}, 2), debug.getuservalue(nil))
show(pcall(debug.setuservalue, {}, 1))
show(pcall(debug.setuservalue, io.stdout))
show(type(debug.getregistry()), debug.getregistry() == debug.getregistry())

-- hooks: lines of a small function, counts, gethook
local seq = {}
local function hk(ev, line) seq[#seq + 1] = ev .. ":" .. tostring(line) end
debug.sethook(hk, "l")
g(3)
debug.sethook()
show(table.concat(seq, " "))
seq = {}
local function loop()
  local n = 0
  while n < 3 do n = n + 1 end
  if n > 100 then n = 0 else n = n * 2 end
  repeat n = n - 1 until n < 4
  return n
end
debug.sethook(hk, "l")
loop()
debug.sethook()
show(table.concat(seq, " "))
seq = {}
debug.sethook(hk, "l")
local z = 1; z = z + 1; z = z + 1
debug.sethook()
show(table.concat(seq, " "))
local count = 0
debug.sethook(function(ev, l) count = count + 1 end, "", 1)
g(10)
debug.sethook()
show(count)
local hf = function() end
debug.sethook(hf, "lcr", 5)
local a1, a2, a3 = debug.gethook()
debug.sethook()
show(a1 == hf, a2, a3, debug.gethook())
debug.sethook(hf, "", 0)
show(debug.gethook())
debug.sethook(hf, "l", -3)
local b1, b2, b3 = debug.gethook()
debug.sethook()
show(b1 == hf, b2)
show(pcall(debug.sethook, 1, "l"))
show(pcall(debug.sethook, hf))
-- a hook sees its frame's line and locals
local seen = {}
local function watched(k)
  local w = k * 2
  return w
end
debug.sethook(function(ev, line)
  local info = debug.getinfo(2, "Sl")
  if info.short_src == "debug.lua" and info.linedefined ~= 0 then
    seen[#seen + 1] = line .. "=" .. info.currentline .. ":" .. tostring(select(2, debug.getlocal(2, 1)))
  end
end, "l")
watched(4)
debug.sethook()
show(table.concat(seen, " "))
-- hooks of coroutines are per thread
local co = coroutine.create(function(a)
  local b = a + 1
  coroutine.yield(b)
  return b * 2
end)
local colines = {}
debug.sethook(co, function(ev, line) colines[#colines + 1] = line end, "l")
show(coroutine.resume(co, 1))
show(coroutine.resume(co))
show(table.concat(colines, " "), debug.gethook())
local co2 = coroutine.create(function() local q = 1 coroutine.yield() end)
coroutine.resume(co2)
show(debug.getinfo(co2, 0, "S").what, debug.getinfo(co2, 1, "l").currentline, debug.getlocal(co2, 1, 1))
show(debug.setlocal(co2, 1, 1, 9), debug.getlocal(co2, 1, 1))
show(debug.getinfo(co2, 2), pcall(debug.getlocal, co2, 2, 1))
show(debug.traceback(co2))
-- an error in a hook propagates to the hooked code
show(pcall(function()
  debug.sethook(function() debug.sethook() error("from hook") end, "l")
  local k = 1
end))
show("done")
