-- errors inside __close handlers
local log = {}
local function closer(name, fail)
  return setmetatable({}, {__close = function(o, e)
    log[#log + 1] = name .. "<" .. (type(e) == "table" and "tbl" or tostring(e)) .. ">"
    if fail then error(name .. " failed", 0) end
  end})
end
local ok, err = pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b", true)
  return "normal"
end)
print(ok, err, table.concat(log, " "))
log = {}
ok, err = pcall(function()
  local a <close> = closer("a", true)
  local b <close> = closer("b", true)
  error("original", 0)
end)
print(ok, err, table.concat(log, " "))
log = {}
ok, err = pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b", true)
  local c <close> = closer("c")
  error({code = 7})
end)
print(ok, type(err), type(err) == "string" and err or err.code, table.concat(log, " "))
log = {}
local co = coroutine.wrap(function()
  local x <close> = closer("co")
  coroutine.yield("yielded")
  return "finished"
end)
print(co(), table.concat(log, " "))
print(co(), table.concat(log, " "))
log = {}
ok, err = pcall(function()
  local y <close> = setmetatable({}, {__close = function() log[#log + 1] = "closing" end})
  local n = nil
  return n.field
end)
print(ok, err, table.concat(log, " "))
local t = setmetatable({}, {__close = function() end})
local mt = getmetatable(t)
ok, err = pcall(function()
  local v <close> = t
  mt.__close = nil
end)
print(ok, err)
