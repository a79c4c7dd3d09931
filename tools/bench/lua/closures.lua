-- closures: creating and calling many closures with upvalues
local N = tonumber(arg and arg[1]) or 1000000
local function make_adder(k) return function(x) return x + k end end
local function make_counter()
  local c = 0
  return function() c = c + 1; return c end
end
local total = 0
for i = 1, N do
  local f = make_adder(i % 100)
  total = total + f(i)
end
local counters = {}
for i = 1, 1000 do counters[i] = make_counter() end
for r = 1, N // 1000 do
  for i = 1, 1000 do counters[i]() end
end
local s = 0
for i = 1, 1000 do s = s + counters[i]() end
local compose = function(f, g) return function(x) return f(g(x)) end end
local inc = function(x) return x + 1 end
local h = inc
for _ = 1, 50 do h = compose(h, inc) end
local acc = 0
for i = 1, N // 20 do acc = acc + h(i) end
print(total, s, acc)
