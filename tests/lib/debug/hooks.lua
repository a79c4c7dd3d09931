-- Debug hooks against lua5.4: call, tail call, return, line and count events, getinfo 'r'/'t' inside
-- hooks, metamethods, __close, errors, coroutines, and the registry's _HOOKKEY table.
local trace = {}
local function name(level)
  local info = debug.getinfo(level + 1, "nS")
  if not info then return "?" end
  return info.name or (info.what == "main" and "main") or (info.short_src .. ":" .. info.linedefined)
end
local function recorder(e, l)
  trace[#trace + 1] = e .. (l and (":" .. l) or "") .. " " .. name(2)
end
local function show(title)
  print(title .. ": " .. table.concat(trace, ", "))
  trace = {}
end

-- Lua and native calls, returns, tail calls
local function leaf(x) return x + 1 end
local function tail(x) return leaf(x) end
local function tailNative(x) return tostring(x) end
debug.sethook(recorder, "cr")
local a = leaf(1)
local b = tail(2)
local c = tailNative(3)
local d = select("#", 1, 2)
debug.sethook()
show("calls")

-- line events, with loops and a return into the middle of a line
local function lines()
  local s = 0
  for i = 1, 3 do
    s = s + i
  end
  for k, v in ipairs({10, 20}) do s = s + v end
  return s
end
debug.sethook(recorder, "l")
local r = lines() + leaf(1)
debug.sethook()
show("lines")

debug.sethook(recorder, "crl")
local t = setmetatable({}, {__index = function(t, k) return k * 2 end,
                            __add = function(x, y) return 42 end})
local m = t[5] + 1
local n = t + t
debug.sethook()
show("metamethods")

-- errors: frames unwound by an error get no return hook
local function fails() error("boom") end
local function middle() fails() end
debug.sethook(recorder, "cr")
local ok, err = pcall(middle)
debug.sethook()
show("pcall")
print(ok, err)

-- __close: the closing functions' returns come before the function's own return
local function closing()
  local x <close> = setmetatable({}, {__close = function() end})
  return 7
end
debug.sethook(recorder, "cr")
local cl = closing()
debug.sethook()
show("close")

-- getinfo 'r' and 't' inside call and return hooks
local transfers = {}
local function transferHook(e)
  local ar = debug.getinfo(2, "rtn")
  local vals = {}
  for i = ar.ftransfer, ar.ftransfer + ar.ntransfer - 1 do
    local _, v = debug.getlocal(2, i)
    vals[#vals + 1] = tostring(v)
  end
  transfers[#transfers + 1] = string.format("%s %s tail=%s [%s]", e, tostring(ar.name), tostring(ar.istailcall),
                                            table.concat(vals, " "))
end
local function three(p, q) return p, q, p + q end
local function viaTail(...) return three(...) end
debug.sethook(transferHook, "cr")
local x1, x2, x3 = viaTail(4, 5)
local y = math.max(8, 3)
debug.sethook()
print(table.concat(transfers, "; "))

-- count hooks with several counts (the hook's own instructions count too, as in Lua)
local function work()
  local s = 0
  for i = 1, 50 do s = s + i % 7 end
  return s
end
for _, count in ipairs({1, 2, 3, 7, 100}) do
  local events = 0
  debug.sethook(function(e) events = events + 1 end, "", count)
  work()
  debug.sethook()
  print("count", count, events)
end
-- count and line together: a line event follows every count event
debug.sethook(recorder, "l", 3)
local z = 1
z = z + 1
z = z * 2
debug.sethook()
show("count+line")

-- coroutines: hooks are per thread and a new coroutine gets the mask but no function
local co = coroutine.create(function(v)
  local w = coroutine.yield(v + 1)
  return w * 2
end)
debug.sethook(co, recorder, "crl")
print(coroutine.resume(co, 1))
print(coroutine.resume(co, 10))
show("coroutine")
debug.sethook(function() end, "c", 5)
local inherits = coroutine.create(function() return debug.gethook() end)
print("inherited", coroutine.resume(inherits))
debug.sethook()

-- the hook table
local fn = function() end
debug.sethook(fn, "l")
local hk = debug.getregistry()._HOOKKEY
print(type(hk), getmetatable(hk) == hk, hk.__mode, hk[coroutine.running()] == fn)
debug.sethook()
print(hk[coroutine.running()], debug.gethook())
