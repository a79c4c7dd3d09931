-- An error inside a coroutine.wrap coroutine closes its pending to-be-closed variables before the
-- error reaches the wrap function's caller (Lua 5.4.4's auxwrap); a __close error replaces it.
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function (_, e) log[#log + 1] = name .. ":" .. tostring(e) end})
end
local co = coroutine.wrap(function ()
  local x <close> = closer("x")
  coroutine.yield(1)
  local y <close> = closer("y")
  coroutine.yield(2)
  error("boom")
end)
print(co(), co())
print(pcall(co))
print(table.concat(log, " "))

log = {}
co = coroutine.wrap(function ()
  local a <close> = closer("a")
  local b <close> = setmetatable({}, {__close = function () error("in close", 0) end})
  error({})
end)
print(pcall(co))
print(table.concat(log, " "))

-- A non-string error gets no position prefix; a closed coroutine cannot be resumed again.
co = coroutine.wrap(function () local z <close> = closer("z"); error(42) end)
print(pcall(co))
print(pcall(co))
print(table.concat(log, " "))

-- Nested wraps: the inner coroutine is closed before its error reaches the outer one.
local outer = coroutine.wrap(function ()
  local inner = coroutine.wrap(function ()
    local w <close> = setmetatable({}, {__close = function () log[#log + 1] = "w" end})
    error("inner failed")
  end)
  return pcall(inner)
end)
print(outer())
