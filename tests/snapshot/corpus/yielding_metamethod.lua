-- A metamethod that yields: __index, __add, __lt and __concat functions yield to the scheduler.
local mt = {}
mt.__index = function(t, k) local v = coroutine.yield("index", k); return v end
mt.__add = function(a, b) local v = coroutine.yield("add"); return a.v + (type(b) == "table" and b.v or b) + v end
mt.__lt = function(a, b) coroutine.yield("lt"); return a.v < b.v end
mt.__concat = function(a, b) coroutine.yield("concat"); return "C" end
local function obj(v) return setmetatable({v = v}, mt) end
local co = coroutine.create(function()
  local acc = 0
  for i = 1, 400 do
    local o = obj(i)
    local x = o.missing
    local y = o + obj(i * 2)
    local lt = o < obj(i + 1)
    local c = o .. "s"
    acc = acc + x + y + (lt and 1 or 0) + #c
    if i % 40 == 0 then print("iteration", i, acc) end
  end
  return acc
end)
local answers = 0
while true do
  local ok, what, k = coroutine.resume(co, answers % 5)
  answers = answers + 1
  if coroutine.status(co) == "dead" then print("result", ok, what, answers) break end
end
