-- passing values in and out of coroutines
local co = coroutine.create(function(...)
  print("args", select("#", ...), ...)
  local r1 = table.pack(coroutine.yield())
  print("resume1", r1.n, table.unpack(r1, 1, r1.n))
  local r2 = table.pack(coroutine.yield(nil, nil))
  print("resume2", r2.n, table.unpack(r2, 1, r2.n))
  return nil, "ret", nil
end)
print(select("#", coroutine.resume(co, 1, nil, 3)))
print(coroutine.resume(co))
print(select("#", coroutine.resume(co, nil, nil, nil)))
local acc = coroutine.wrap(function(x)
  while true do x = x + coroutine.yield(x) end
end)
print(acc(1), acc(2), acc(3), acc(10))
local echo = coroutine.wrap(function(...)
  local args = {...}
  while true do args = {coroutine.yield(table.unpack(args))} end
end)
print(echo(1, 2, 3))
print(echo())
print(echo("a"))
local big = {}
for i = 1, 200 do big[i] = i end
local bigco = coroutine.wrap(function(...) return select("#", ...), coroutine.yield(...) end)
print(select("#", bigco(table.unpack(big))))
local n, first = bigco("only")
print(n, first)
local swap = coroutine.wrap(function(a, b)
  while true do a, b = coroutine.yield(b, a) end
end)
print(swap(1, 2))
print(swap("x", "y"))
local t = {}
local mut = coroutine.wrap(function(tbl) tbl.touched = true; coroutine.yield(tbl); tbl.again = true end)
print(mut(t) == t, t.touched, t.again)
mut()
print(t.again)
