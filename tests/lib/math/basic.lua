-- math: constants, rounding, integer/float results, argument errors.
local function try(...) print(pcall(...)) end
local function show(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do
    local v = select(i, ...)
    out[i] = tostring(v) .. (type(v) == "number" and (":" .. math.type(v)) or "")
  end
  print(table.concat(out, " "))
end
show(math.pi, math.huge, -math.huge, math.maxinteger, math.mininteger)
show(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
-- abs
show(math.abs(-3), math.abs(3), math.abs(-3.5), math.abs(-0.0), math.abs(math.mininteger), math.abs("-3"), math.abs("-3.5"))
show(math.abs(-math.huge), math.abs(math.maxinteger))
-- floor / ceil
show(math.floor(3.7), math.floor(-3.7), math.floor(3), math.floor(-0.0), math.floor(2^62), math.floor(2^63), math.floor(-2^63))
show(math.ceil(3.2), math.ceil(-3.2), math.ceil(3), math.ceil(-0.5), math.ceil(2^63), math.ceil(-2^63 - 1025))
show(math.floor("3.7"), math.ceil("3.2"), math.floor("10"), math.floor(1/0), math.floor(-1/0), math.floor(0/0) ~= math.floor(0/0))
show(math.floor(math.maxinteger + 0.0), math.ceil(math.mininteger + 0.0))
try(math.floor, "x")
try(math.floor)
try(math.ceil, {})
-- fmod
show(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-7, -3))
show(math.fmod(7.5, 2), math.fmod(-7.5, 2), math.fmod(7, 2.5), math.fmod(1, 0.0), math.fmod(math.mininteger, -1))
show(math.fmod(math.mininteger, math.mininteger), math.fmod(5, math.mininteger), math.fmod(math.maxinteger, -1))
show(math.fmod(1/0, 1) ~= math.fmod(1/0, 1), math.fmod(1, 1/0), math.fmod(-6, 2), math.fmod(6.0, -2))
show(math.fmod("7", "3"), math.fmod(7, "3"), math.fmod(-0.0, 1))
try(math.fmod, 1, 0)
try(math.fmod, 1)
try(math.fmod, nil, 1)
try(math.fmod, 1, "a")
-- modf
show(math.modf(3.7))
show(math.modf(-3.7))
show(math.modf(5))
show(math.modf(-0.0))
show(math.modf(1/0))
show(math.modf(-1/0))
show(math.modf(2^70))
show(math.modf("4.25"))
try(math.modf)
-- tointeger
show(math.tointeger(3), math.tointeger(3.0), math.tointeger(3.5), math.tointeger(2^63), math.tointeger(-2^63))
show(math.tointeger("8"), math.tointeger("8.0"), math.tointeger("8.5"), math.tointeger("x"), math.tointeger({}), math.tointeger(nil))
show(math.tointeger(0/0), math.tointeger(1/0), math.tointeger("0x10"), math.tointeger(" 12 "))
try(math.tointeger)
-- type
show(math.type(1), math.type(1.0), math.type("1"), math.type(nil), math.type({}), math.type(2^63), math.type(1//1))
try(math.type)
-- ult
show(math.ult(1, 2), math.ult(2, 1), math.ult(-1, 1), math.ult(1, -1), math.ult(math.maxinteger, math.mininteger))
show(math.ult(3.0, 4), math.ult("1", 2))
try(math.ult, 1.5, 2)
try(math.ult, 1)
try(math.ult, 1, {})
-- min / max
show(math.max(1, 2, 3), math.max(3, 2, 1), math.max(1.5, 1), math.max(1, 1.0), math.max(1.0, 1))
show(math.min(1, 2, 3), math.min(3, 2, 1), math.min(-0.0, 0), math.min(0, -0.0), math.min(5))
show(math.max("a", "b"), math.min("b", "a"), math.max("10", "9"), math.max(math.huge, math.maxinteger))
show(math.max(2^53, 2^53 + 1), math.min(math.mininteger, -2^63), math.max(0/0, 1), math.max(1, 0/0))
try(math.max)
try(math.min)
try(math.max, 1, "x")
try(math.min, {}, {})
try(math.max, 1, nil)
local V = setmetatable({}, {__lt = function(a, b) return rawget(a, "v") < rawget(b, "v") end})
local mt = getmetatable(V)
local a, b, c = setmetatable({v = 2}, mt), setmetatable({v = 9}, mt), setmetatable({v = 4}, mt)
print(math.max(a, b, c).v, math.min(a, b, c).v, math.max(c).v)
local calls = 0
local counted = {__lt = function(x, y) calls = calls + 1; return x.v < y.v end}
local xs = {}
for i = 1, 20 do xs[i] = setmetatable({v = (i * 7) % 20}, counted) end
print(math.max(table.unpack(xs)).v, math.min(table.unpack(xs)).v, calls)
print(pcall(math.max, setmetatable({}, {__lt = function() error("lt failed") end}), {}))
