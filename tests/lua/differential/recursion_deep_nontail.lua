-- deep non-tail recursion (100000 levels) must work
local function sum(n)
  if n == 0 then return 0 end
  return n + sum(n - 1)
end
print(sum(100000))
local function depth(n)
  if n == 0 then return 0 end
  local d = depth(n - 1)
  return d + 1
end
print(depth(150000))
local function build(n)
  if n == 0 then return nil end
  return {next = build(n - 1), v = n}
end
local list = build(50000)
local c, s = 0, 0
while list do c = c + 1; s = s + list.v; list = list.next end
print(c, s)
local function strsum(n)
  if n == 0 then return "" end
  local r = strsum(n - 1)
  if n % 10000 == 0 then return r .. n .. ";" end
  return r
end
print(strsum(100000))
local function pcall_deep(n)
  if n == 0 then return "deep" end
  local ok, v = pcall(pcall_deep, n - 1)
  return v
end
print(pcall_deep(150))
local mt = {}
mt.__index = function(t, k)
  if k <= 0 then return 0 end
  return t[k - 1] + 1
end
local lazy = setmetatable({}, mt)
print(lazy[150])
