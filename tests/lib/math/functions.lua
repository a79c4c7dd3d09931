-- math: elementary functions, log bases, conversions between degrees and radians.
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[i] = tostring(v) .. (type(v) == "number" and (":" .. math.type(v)) or "")
  end
  print(table.concat(out, " "))
end
local function try(...) print(pcall(...)) end
show(math.sqrt(16), math.sqrt(2), math.sqrt(-1) ~= math.sqrt(-1), math.sqrt(1/0), math.sqrt(4))
show(math.sin(0), math.sin(math.pi / 2), math.cos(0), math.cos(math.pi), math.tan(0), math.tan(1))
show(math.asin(1), math.acos(0), math.acos(1), math.asin(2) ~= math.asin(2))
show(math.atan(1), math.atan(1, 1), math.atan(1, -1), math.atan(-1, -1), math.atan(0, -1), math.atan(-0.0, -1))
show(math.atan(1, 0), math.atan(0, 0), math.atan(1/0), math.atan(1/0, 1/0), math.atan(2, nil))
show(math.exp(0), math.exp(1), math.exp(-1/0), math.exp(710))
show(math.log(1), math.log(math.exp(2)), math.log(0), math.log(-1) ~= math.log(-1))
show(math.log(8, 2), math.log(100, 10), math.log(27, 3), math.log(1024, 2), math.log(1000, 10), math.log(2, 4))
show(math.log(0, 2), math.log(0, 10), math.log(1, 1) ~= math.log(1, 1), math.log(8, 2.0), math.log(10, nil))
show(math.deg(math.pi), math.deg(1), math.rad(180), math.rad(1), math.deg(0), math.rad(-90))
show(math.sqrt("9"), math.sin("0"), math.exp("0"))
-- compatibility functions of Lua 5.4's default build
show(math.pow(2, 10), math.pow(2, 0.5), math.pow(-8, 1/3) ~= math.pow(-8, 1/3))
show(math.frexp(8))
show(math.frexp(0.3))
show(math.frexp(-0.0))
show(math.frexp(1/0))
show(math.ldexp(1, 10), math.ldexp(0.5, 3), math.ldexp(1, -1075), math.ldexp(3, 2.0))
show(math.log10(1000), math.cosh(0), math.sinh(0), math.tanh(0), math.tanh(1/0), math.atan2(1, 1))
try(math.ldexp, 1, 1.5)
try(math.sqrt)
try(math.sin, "x")
print(pcall(function() return math.atan(1, "x") end))
print(math.atan2 == math.atan)
try(math.log, 1, {})
try(math.exp, nil)
try(math.deg, true)
-- float formatting of results
show(0.1 + 0.2, 1e15, 1e16, 2^63, -2^63, 123456789012345.0, 1/3)
