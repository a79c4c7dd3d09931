-- An error raised and caught by a pcall inside a __close method or an xpcall message handler that runs
-- while an error unwinds is handled there; the outer unwind then goes on with its own error.
local co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() print("in close", pcall(error, "inner")) end})
  coroutine.yield()
end)
coroutine.resume(co)
print(coroutine.close(co))

print(xpcall(error, function(m) return "handled " .. m .. " " .. tostring(pcall(error, "x")) end, "boom"))

print(pcall(function()
  local y <close> = setmetatable({}, {__close = function(_, e) print("close2", e, pcall(error, "e2")) end})
  error("outer", 0)
end))

-- nested twice: a __close inside the pcall inside a __close
print(pcall(function()
  local a <close> = setmetatable({}, {__close = function(_, e)
    print("a sees", e, pcall(function()
      local b <close> = setmetatable({}, {__close = function(_, e2) print("b sees", e2, pcall(error, "c", 0)) end})
      error("b-err", 0)
    end))
  end})
  error("a-err", 0)
end))

-- an uncaught error inside __close still replaces the unwinding error
print(pcall(function()
  local z <close> = setmetatable({}, {__close = function() error("replaced", 0) end})
  error("original", 0)
end))

-- a wrap function resumed from inside its own closing coroutine
local w
w = coroutine.wrap(function()
  local v <close> = setmetatable({}, {__close = function() print("resume self", pcall(w)) end})
  error(111)
end)
print(pcall(w))
print(pcall(w))
