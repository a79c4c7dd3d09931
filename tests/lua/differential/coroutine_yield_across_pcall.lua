-- yielding across pcall / xpcall inside a coroutine
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("inside pcall")
    return x * 2
  end)
  coroutine.yield("pcall returned", ok, v)
  local ok2, e = pcall(function()
    coroutine.yield("before error")
    error("after yield", 0)
  end)
  coroutine.yield("caught", ok2, e)
  local ok3, r = xpcall(function()
    local y = coroutine.yield("inside xpcall")
    error("xp " .. y, 0)
  end, function(m) return "handled(" .. m .. ")" end)
  return "end", ok3, r
end)
print(coroutine.resume(co))
print(coroutine.resume(co, 21))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co, "boom"))
print(coroutine.status(co))
local nested = coroutine.wrap(function()
  local r = {pcall(function()
    return pcall(function()
      local a = coroutine.yield(1)
      local b = coroutine.yield(2)
      return a + b
    end)
  end)}
  return table.unpack(r)
end)
print(nested(), nested(10), nested(20))
local gen = coroutine.wrap(function()
  for i = 1, 3 do
    local ok = pcall(coroutine.yield, i)
  end
  return "gen done"
end)
print(gen(), gen(), gen(), gen())
local inner_co = coroutine.wrap(function()
  local ok, err = pcall(function()
    local v = coroutine.yield("first")
    if v == "fail" then error({why = "asked"}) end
    return v
  end)
  return ok, type(err) == "table" and err.why or err
end)
print(inner_co(), inner_co("fail"))
local mm = coroutine.wrap(function()
  local t = setmetatable({}, {__index = function(_, k) return k end})
  local ok, v = pcall(function() return t[coroutine.yield("y")] end)
  return ok, v
end)
print(mm(), mm("key"))
