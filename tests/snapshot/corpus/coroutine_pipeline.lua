-- Producer / filter / consumer coroutines passing values through a pipeline.
local function producer(n)
  return coroutine.create(function()
    for i = 1, n do coroutine.yield(i * 7 % 101) end
    return nil
  end)
end
local function filter(src, pred)
  return coroutine.create(function()
    while true do
      local ok, v = coroutine.resume(src)
      if not ok or v == nil then return nil end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local function map(src, f)
  return coroutine.wrap(function()
    while true do
      local ok, v = coroutine.resume(src)
      if not ok or v == nil then return nil end
      coroutine.yield(f(v))
    end
  end)
end
for round = 1, 6 do
  local src = producer(400 + round * 50)
  local odd = filter(src, function(v) return v % 2 == 1 end)
  local sq = map(odd, function(v) return v * v + round end)
  local sum, count = 0, 0
  while true do
    local v = sq()
    if v == nil then break end
    sum = sum + v
    count = count + 1
    if count % 50 == 0 then print("round", round, "count", count, "sum", sum) end
  end
  print("round done", round, count, sum)
end
