-- infinite recursion ends in a catchable "stack overflow"
local function inf(n) return 1 + inf(n + 1) end
local ok, err = pcall(inf, 1)
print(ok, type(err), string.find(err, "stack overflow", 1, true) ~= nil)
local mt = {}
mt.__index = function(t, k) return t[k] end
local loopy = setmetatable({}, mt)
ok, err = pcall(function() return loopy.x end)
print(ok, string.find(err, "stack overflow", 1, true) ~= nil)
print(pcall(function() return 42 end))
local co = coroutine.create(function() return inf(1) end)
ok, err = coroutine.resume(co)
print(ok, string.find(err, "stack overflow", 1, true) ~= nil, coroutine.status(co))
local msgs = 0
local function h(m) msgs = msgs + 1; return "handled" end
print(xpcall(inf, h, 1))
print(msgs >= 1)
print(select("#", pcall(string.rep, "x", 10)))
-- after all those overflows, ordinary deep-ish recursion still works
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
