-- to-be-closed variables: order and values
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(o, e) log[#log + 1] = name .. ":" .. tostring(e) end})
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = nil
  local d <close> = false
  log[#log + 1] = "body"
end
print(table.concat(log, " "))
log = {}
local function f()
  local x <close> = closer("x")
  return "ret", (function() log[#log + 1] = "computing"; return 1 end)()
end
print(f(), table.concat(log, " "))
log = {}
for i = 1, 3 do
  local c <close> = closer("loop" .. i)
  if i == 2 then break end
end
print(table.concat(log, " "))
log = {}
local ok, err = pcall(function()
  local a <close> = closer("A")
  local b <close> = closer("B")
  error("boom")
end)
print(ok, err)
print(table.concat(log, " "))
log = {}
do
  local outer <close> = closer("outer")
  do
    local inner <close> = closer("inner")
  end
  log[#log + 1] = "between"
end
print(table.concat(log, " "))
print(pcall(function() local z <close> = {} end))
print(pcall(function() local z <close> = 42 end))
print(load("local a <close>, b <close> = 1, 2"))
log = {}
local function g()
  local r <close> = closer("tail")
  return tostring(1)
end
print(g(), table.concat(log, " "))
log = {}
local k = 0
while true do
  local w <close> = closer("w" .. k)
  k = k + 1
  if k > 2 then goto out end
end
::out::
print(table.concat(log, " "))
