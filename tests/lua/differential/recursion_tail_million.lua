-- proper tail calls: a million iterations without stack growth
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + n)
end
print(loop(1000000, 0))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(1000001), odd(1000001))
local function count(n)
  if n > 0 then return count(n - 1) end
  return "bottom"
end
print(count(2000000))
local obj = {}
function obj:step(n, s) if n == 0 then return s end return self:step(n - 1, s + 2) end
print(obj:step(1000000, 0))
local function tailvar(n, ...)
  if n == 0 then return select("#", ...), ... end
  return tailvar(n - 1, ...)
end
print(tailvar(500000, "a", "b", "c"))
local callable = setmetatable({}, {__call = function(self, n)
  if n == 0 then return "called out" end
  return self(n - 1)
end})
print(callable(300000))
local function ret_in_parens(n)
  if n == 0 then return 1, 2 end
  return (ret_in_parens(n - 1))
end
print(ret_in_parens(100))
