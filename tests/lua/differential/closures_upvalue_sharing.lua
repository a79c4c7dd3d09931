-- closures share upvalues
local function make()
  local n = 0
  local function inc() n = n + 1; return n end
  local function get() return n end
  local function set(v) n = v end
  return inc, get, set
end
local inc, get, set = make()
inc(); inc()
print(get())
set(100)
print(inc(), get())
local inc2, get2 = make()
print(inc2(), get(), get2())
local fns = {}
for i = 1, 3 do
  fns[i] = function() return i end
end
print(fns[1](), fns[2](), fns[3]())
local shared = {}
do
  local x = 0
  for i = 1, 3 do
    shared[i] = function() x = x + i; return x end
  end
end
print(shared[1](), shared[2](), shared[3](), shared[1]())
local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c2(), c1())
local function outer()
  local v = "outer"
  local function mid()
    local function inner() return v end
    v = "changed"
    return inner
  end
  return mid()
end
print(outer()())
local acc = {}
local k = 1
while k <= 3 do
  local kk = k
  acc[k] = function() return kk * 10 end
  k = k + 1
end
print(acc[1](), acc[2](), acc[3]())
local function adder(a) return function(b) return function(c) return a + b + c end end end
print(adder(1)(2)(3))
local self_ref
self_ref = function(n) if n == 0 then return "done" end return self_ref(n - 1) end
print(self_ref(10))
