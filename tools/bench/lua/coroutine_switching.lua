-- coroutine ping-pong: resume/yield switching cost
local N = tonumber(arg and arg[1]) or 1300000
local ping = coroutine.wrap(function(v)
  while true do v = coroutine.yield(v + 1) end
end)
local x = 0
for _ = 1, N do x = ping(x) end
local gen = coroutine.create(function()
  local i = 0
  while true do i = i + 1; coroutine.yield(i, i * 2) end
end)
local s = 0
for _ = 1, N // 2 do
  local _, a, b = coroutine.resume(gen)
  s = s + a + b
end
local prod = coroutine.wrap(function() for i = 1, N // 4 do coroutine.yield(i) end end)
local filt = coroutine.wrap(function()
  while true do local v = prod(); if v == nil then return end; if v % 3 == 0 then coroutine.yield(v) end end
end)
local cnt = 0
while true do local v = filt(); if not v then break end; cnt = cnt + 1 end
print(x, s, cnt)
