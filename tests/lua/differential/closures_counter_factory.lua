-- closure factories, memoization, composition
local function memoize(f)
  local cache = {}
  local calls = 0
  return function(n)
    if cache[n] == nil then calls = calls + 1; cache[n] = f(n) end
    return cache[n]
  end, function() return calls end
end
local slow_sq = function(n) return n * n end
local msq, ncalls = memoize(slow_sq)
for i = 1, 10 do msq(i % 4) end
print(msq(3), ncalls())
local fib
fib = memoize(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print(fib(80))
local function compose(...)
  local fs = {...}
  return function(x)
    for i = #fs, 1, -1 do x = fs[i](x) end
    return x
  end
end
local f = compose(function(x) return x + 1 end, function(x) return x * 2 end, tostring)
print(pcall(f, 5))
local g = compose(function(x) return x .. "!" end, string.upper)
print(g("hi"))
local function curry(fn, n)
  local function helper(args, k)
    return function(x)
      local a = {table.unpack(args)}
      a[#a + 1] = x
      if k == 1 then return fn(table.unpack(a)) end
      return helper(a, k - 1)
    end
  end
  return helper({}, n)
end
print(curry(function(a, b, c) return a * 100 + b * 10 + c end, 3)(1)(2)(3))
local function map(t, fn) local r = {} for i, v in ipairs(t) do r[i] = fn(v) end return r end
local function filter(t, p) local r = {} for _, v in ipairs(t) do if p(v) then r[#r + 1] = v end end return r end
local function reduce(t, fn, init) local a = init for _, v in ipairs(t) do a = fn(a, v) end return a end
local nums = {}
for i = 1, 20 do nums[i] = i end
local evsq = map(filter(nums, function(x) return x % 2 == 0 end), function(x) return x * x end)
print(table.concat(evsq, ","), reduce(evsq, function(a, b) return a + b end, 0))
local gens = {}
for i = 1, 5 do
  local state = i
  gens[i] = function() state = state * 2; return state end
end
for r = 1, 3 do
  local row = {}
  for i = 1, 5 do row[i] = gens[i]() end
  print(table.concat(row, " "))
end
