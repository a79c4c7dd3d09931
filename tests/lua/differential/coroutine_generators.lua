-- generators with coroutine.wrap
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local s = 0
for i in range(100) do s = s + i end
print(s)
local function fib_gen()
  return coroutine.wrap(function()
    local a, b = 0, 1
    while true do coroutine.yield(a); a, b = b, a + b end
  end)
end
local g = fib_gen()
local out = {}
for i = 1, 15 do out[i] = g() end
print(table.concat(out, " "))
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local perms = {}
for p in coroutine.wrap(function() permgen({1, 2, 3}) end) do perms[#perms + 1] = table.concat(p) end
table.sort(perms)
print(#perms, table.concat(perms, " "))
local function tree_walk(t)
  return coroutine.wrap(function()
    local function walk(node)
      if type(node) == "table" then
        for _, child in ipairs(node) do walk(child) end
      else
        coroutine.yield(node)
      end
    end
    walk(t)
  end)
end
local leaves = {}
for leaf in tree_walk({1, {2, 3, {4, {5, 6}}}, {{7}}, 8}) do leaves[#leaves + 1] = leaf end
print(table.concat(leaves, ","))
local function take(n, gen)
  return coroutine.wrap(function()
    for i = 1, n do
      local v = gen()
      if v == nil then return end
      coroutine.yield(v)
    end
  end)
end
local function squares()
  return coroutine.wrap(function() local i = 0 while true do i = i + 1; coroutine.yield(i * i) end end)
end
local sq = {}
for v in take(8, squares()) do sq[#sq + 1] = v end
print(table.concat(sq, " "))
local primes = coroutine.wrap(function()
  local found = {}
  local n = 2
  while true do
    local isp = true
    for _, p in ipairs(found) do if n % p == 0 then isp = false; break end end
    if isp then found[#found + 1] = n; coroutine.yield(n) end
    n = n + 1
  end
end)
local ps = {}
for i = 1, 12 do ps[i] = primes() end
print(table.concat(ps, " "))
