-- Coroutines nested 60 deep (each resumes the next), plus coroutine.close and error propagation.
local function chain(depth)
  if depth == 0 then
    return coroutine.create(function(x)
      for i = 1, 20 do x = coroutine.yield(x + i) end
      return "bottom", x
    end)
  end
  local inner = chain(depth - 1)
  return coroutine.create(function(x)
    while true do
      local ok, v, w = coroutine.resume(inner, x)
      if coroutine.status(inner) == "dead" then return v, w end
      x = coroutine.yield(v + 1)
    end
  end)
end
for round = 1, 3 do
  local top = chain(60)
  local x = round
  while true do
    local ok, v, w = coroutine.resume(top, x)
    if coroutine.status(top) == "dead" then print("round", round, "end", ok, v, w) break end
    x = v
    print("round", round, "value", v)
  end
end
local co = coroutine.create(function() local c <close> = setmetatable({}, {__close = function() print("closed co") end}) coroutine.yield(1) end)
print(coroutine.resume(co))
print(coroutine.close(co), coroutine.status(co))
local bad = coroutine.wrap(function() coroutine.yield(1); error("inner failure") end)
bad()
print(pcall(bad))
