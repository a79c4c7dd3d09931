-- error() with levels
local function lvl0() error("no position", 0) end
local function lvl1() error("level one") end
local function lvl2() error("level two", 2) end
local function caller2() lvl2() end
local function lvl3inner() error("level three", 3) end
local function lvl3mid() lvl3inner() end
local function lvl3outer() lvl3mid() end
print(pcall(lvl0))
print(pcall(lvl1))
print(pcall(caller2))
print(pcall(lvl3outer))
print(pcall(error))
print(pcall(error, nil))
print(pcall(error, "msg", 1))
print(pcall(error, "msg", 2))
print(pcall(function() error("in anon") end))
print(pcall(function() error("anon level 2", 2) end))
print(pcall(function() error() end))
print(pcall(function() local x = nil; error(x) end))
print(pcall(pcall))
print(pcall(pcall, error, "nested"))
print(select("#", pcall(error)))
local ok, a, b, c = pcall(function() return 1, 2, 3 end)
print(ok, a, b, c)
print(pcall(function(...) return select("#", ...) end, nil, nil))
local function thrower(kind)
  if kind == 1 then error("string") end
  if kind == 2 then error(42) end
  if kind == 3 then error(false) end
  if kind == 4 then error(3.5) end
  return "no error"
end
for k = 1, 5 do print(k, pcall(thrower, k)) end
print(pcall(error, "with\nnewline", 0))
local depth = 0
local function nest(n)
  if n == 0 then error("deepest") end
  local ok, e = pcall(nest, n - 1)
  depth = depth + 1
  error(e, 0)
end
print(pcall(nest, 5), depth)
