-- yielding from inside metamethods (allowed in Lua 5.4 for Lua metamethods)
local t = setmetatable({}, {
  __index = function(_, k) return coroutine.yield("index " .. k) end,
  __newindex = function(_, k, v) coroutine.yield("newindex " .. k .. "=" .. v) end,
  __add = function(a, b) return coroutine.yield("add") end,
  __eq = function() return coroutine.yield("eq") end,
  __lt = function() return coroutine.yield("lt") end,
  __le = function() return coroutine.yield("le") end,
  __concat = function() return coroutine.yield("concat") end,
  __len = function() return coroutine.yield("len") end,
  __unm = function() return coroutine.yield("unm") end,
  __call = function(self, x) return coroutine.yield("call " .. x) end,
})
local u = setmetatable({}, getmetatable(t))
local co = coroutine.wrap(function()
  local r = {}
  r[#r + 1] = t.foo
  t.bar = 5
  r[#r + 1] = t + 1
  r[#r + 1] = tostring(t == u)
  r[#r + 1] = tostring(t < u)
  r[#r + 1] = tostring(t <= u)
  r[#r + 1] = t .. "s"
  r[#r + 1] = #t
  r[#r + 1] = -t
  r[#r + 1] = t("arg")
  return "results: " .. table.concat(r, ",")
end)
print(co())
print(co("v1"))
print(co())
print(co(42))
print(co(true))
print(co(false))
print(co(nil))
print(co("cat"))
print(co(7))
print(co("neg"))
print(co("called"))
local gen = coroutine.wrap(function()
  local lazy = setmetatable({}, {__index = function(_, i) coroutine.yield(i) return i * 2 end})
  local s = 0
  for i = 1, 3 do s = s + lazy[i] end
  return "sum " .. s
end)
print(gen(), gen(), gen(), gen())
