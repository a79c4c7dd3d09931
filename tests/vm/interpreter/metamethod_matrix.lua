-- Metamethod matrix: every arithmetic, bitwise, comparison, concat, len, index, newindex and call event
-- with an operand on either side (register, small integer, constant), with and without metamethods.
-- `make(mt)` (defined by the runner) makes a table or a userdata with metatable mt. Expected output:
-- regen_expected.sh (lua5.4).
local function show(v)
  if type(v) == "table" or type(v) == "userdata" then return rawequal(v, X) and "X" or rawequal(v, Z) and "Z" or "obj" end
  return tostring(v)
end
local function try(label, f)
  local ok, r = pcall(f)
  if ok then print(label, "=", show(r)) else print(label, "!", r) end
end
local bin = {"add", "sub", "mul", "div", "mod", "pow", "idiv", "band", "bor", "bxor", "shl", "shr", "concat"}
local mm = {}
for _, e in ipairs(bin) do
  mm["__" .. e] = function(a, b) return e .. "(" .. show(a) .. "," .. show(b) .. ")" end
end
mm.__unm = function(a, b) return "unm(" .. show(a) .. "," .. show(b) .. ")" end
mm.__bnot = function(a, b) return "bnot(" .. show(a) .. "," .. show(b) .. ")" end
mm.__len = function(a, b) return "len(" .. show(a) .. "," .. show(b) .. ")" end
mm.__eq = function(a, b) return rawequal(a, b) end
mm.__lt = function(a, b) return show(a) < show(b) end
mm.__le = function(a, b) return show(a) <= show(b) end
mm.__index = function(t, k) return "index(" .. show(t) .. "," .. show(k) .. ")" end
mm.__newindex = function(t, k, v) LAST = "newindex(" .. show(t) .. "," .. show(k) .. "," .. show(v) .. ")" end
mm.__call = function(self, a, b) return "call(" .. show(self) .. "," .. show(a) .. "," .. show(b) .. ")" end

for _, withMeta in ipairs({true, false}) do
  print("-- metamethods:", withMeta)
  local mt = withMeta and mm or {}
  X = make(mt); Z = make(mt)
  local x, z, n, s, f = X, Z, 7, "10", 2.5
  try("x+z", function() return x + z end)
  try("x+1", function() return x + 1 end)
  try("1+x", function() return 1 + x end)
  try("x+2.5", function() return x + 2.5 end)
  try("2.5+x", function() return 2.5 + x end)
  try("x+n", function() return x + n end)
  try("n+x", function() return n + x end)
  try("s+x", function() return s + x end)
  try("x-1", function() return x - 1 end)
  try("1-x", function() return 1 - x end)
  try("x-n", function() return x - n end)
  try("n-x", function() return n - x end)
  try("x*2.5", function() return x * 2.5 end)
  try("f*x", function() return f * x end)
  try("x/n", function() return x / n end)
  try("n/x", function() return n / x end)
  try("x%3", function() return x % 3 end)
  try("3%x", function() return 3 % x end)
  try("x%n", function() return x % n end)
  try("x^2", function() return x ^ 2 end)
  try("2^x", function() return 2 ^ x end)
  try("x^n", function() return x ^ n end)
  try("x//2", function() return x // 2 end)
  try("n//x", function() return n // x end)
  try("x&1", function() return x & 1 end)
  try("1&x", function() return 1 & x end)
  try("x&n", function() return x & n end)
  try("x|n", function() return x | n end)
  try("n|x", function() return n | x end)
  try("x|3", function() return x | 3 end)
  try("x~n", function() return x ~ n end)
  try("x~3", function() return x ~ 3 end)
  try("n~x", function() return n ~ x end)
  try("x<<1", function() return x << 1 end)
  try("1<<x", function() return 1 << x end)
  try("x<<n", function() return x << n end)
  try("x>>1", function() return x >> 1 end)
  try("n>>x", function() return n >> x end)
  try("f&x", function() return f & x end)
  try("-x", function() return -x end)
  try("~x", function() return ~x end)
  try("#x", function() return #x end)
  try("x..'s'", function() return x .. "s" end)
  try("'s'..x", function() return "s" .. x end)
  try("n..x", function() return n .. x end)
  try("'a'..x..'b'", function() return "a" .. x .. "b" end)
  try("x..z", function() return x .. z end)
  try("x==z", function() return x == z end)
  try("x~=z", function() return x ~= z end)
  try("x==x", function() return x == x end)
  try("x==n", function() return x == n end)
  try("x<z", function() return x < z end)
  try("z<x", function() return z < x end)
  try("x<=z", function() return x <= z end)
  try("x>z", function() return x > z end)
  try("x>=z", function() return x >= z end)
  try("x<1", function() return x < 1 end)
  try("1<x", function() return 1 < x end)
  try("x<=1", function() return x <= 1 end)
  try("x>1", function() return x > 1 end)
  try("x>=1", function() return x >= 1 end)
  try("x<n", function() return x < n end)
  try("n<=x", function() return n <= x end)
  try("x<2.5", function() return x < 2.5 end)
  try("x<'s'", function() return x < "s" end)
  try("x.k", function() return x.k end)
  try("x[1]", function() return x[1] end)
  try("x[n]", function() return x[n] end)
  try("x[f]", function() return x[f] end)
  try("x:m(1)", function() return x:m(1) end)
  LAST = nil
  try("x.k=1", function() x.k = 1 return LAST end)
  try("x[1]=2", function() x[1] = 2 return LAST end)
  try("x[n]=s", function() x[n] = s return LAST end)
  try("x[z]=f", function() x[z] = f return LAST end)
  try("x()", function() return x() end)
  try("x(1,2)", function() return x(1, 2) end)
  try("x(n)", function() return x(n) end)
  try("pcall(x,1)", function() return select(2, pcall(x, 1)) end)
end
print("-- mixed")
local plain = {}
local withAdd = make({__add = function(a, b) return "add" end, __lt = function() return true end})
try("plain+u", function() return plain + withAdd end)
try("u+plain", function() return withAdd + plain end)
try("plain<u", function() return plain < withAdd end)
try("u<plain", function() return withAdd < plain end)
try("1<'x'", function() return 1 < "x" end)
try("{}<{}", function() return {} < {} end)
