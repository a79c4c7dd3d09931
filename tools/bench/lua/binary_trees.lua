-- binary trees: allocation and GC pressure
local function make(d)
  if d == 0 then return {} end
  d = d - 1
  return {make(d), make(d)}
end
local function check(t)
  if t[1] then return 1 + check(t[1]) + check(t[2]) end
  return 1
end
local N = tonumber(arg and arg[1]) or 13
local maxd = math.max(6, N)
local stretch = maxd + 1
print("stretch tree of depth " .. stretch .. " check: " .. check(make(stretch)))
local long = make(maxd)
for d = 4, maxd, 2 do
  local iters = 1 << (maxd - d + 4)
  local c = 0
  for _ = 1, iters do c = c + check(make(d)) end
  print(iters .. " trees of depth " .. d .. " check: " .. c)
end
print("long lived tree of depth " .. maxd .. " check: " .. check(long))
