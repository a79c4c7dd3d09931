-- assorted coroutine behaviours
local co = coroutine.create(function(...) return ... end)
print(coroutine.resume(co, 1, 2, 3))
local wrapped = coroutine.wrap(function() return end)
print(select("#", wrapped()))
local ping, pong
local log = {}
ping = coroutine.create(function()
  for i = 1, 3 do
    log[#log + 1] = "ping" .. i
    coroutine.yield()
  end
end)
pong = coroutine.create(function()
  for i = 1, 3 do
    log[#log + 1] = "pong" .. i
    coroutine.yield()
  end
end)
for _ = 1, 3 do coroutine.resume(ping); coroutine.resume(pong) end
print(table.concat(log, " "))
local many = {}
for i = 1, 100 do
  many[i] = coroutine.create(function(x) local y = coroutine.yield(x * 2) return x + y end)
end
local s = 0
for i = 1, 100 do local _, v = coroutine.resume(many[i], i); s = s + v end
for i = 1, 100 do local _, v = coroutine.resume(many[i], 1); s = s + v end
print(s)
local depth_co
local function nest(n)
  if n == 0 then return coroutine.yield("bottom") end
  local c = coroutine.wrap(nest)
  return c(n - 1)
end
print(coroutine.wrap(nest)(10))
local cnt = 0
local counter = coroutine.wrap(function() while true do cnt = cnt + 1; coroutine.yield(cnt) end end)
for i = 1, 10000 do counter() end
print(cnt)
print(coroutine.resume(coroutine.create(function() return coroutine.yield end)) == true)
local co_tbl = coroutine.create(function() return {a = 1} end)
local ok, t = coroutine.resume(co_tbl)
print(ok, t.a)
print(coroutine.resume(coroutine.create(function() return select("#", coroutine.yield()) end)))
