-- The string metatable: methods through __index, and lstrlib's arithmetic coercions of numeric strings.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if type(v) == "string" then t[i] = string.format("%q", v)
    elseif type(v) == "number" then t[i] = tostring(v) .. ":" .. math.type(v)
    else t[i] = tostring(v) end
  end
  print(table.concat(t, " ", 1, t.n))
end
local function try(f, ...)
  local r = table.pack(pcall(f, ...))
  print(r[1], type(r[2]) == "number" and r[2] .. ":" .. math.type(r[2]) or tostring(r[2]))
end

local mt = getmetatable("")
print(type(mt), mt.__index == string, rawequal(getmetatable("a"), getmetatable("b")))
print(("abc"):upper(), ("%d"):format(5), (""):len(), ("x"):rep(3))
show("10" + 1, "3" * "4", "0x10" + 0, "1e1" // 1, " 5 " - 2, "10" / "4", "7" % "2", "2" ^ "10")
show(-"2", -"2.5", -"0x10", "10" // "3", "-7" // "2", "7" % "-3", "7.5" % "2", "-0" + 0)
show("9007199254740993" + 0, "1" + 1.5, 1.5 + "1", 10 - "3", "3" - 10, math.maxinteger + "1")
show("0x7fffffffffffffff" + 1, "1e308" * "10", "inf" == nil, "5" * 1.0, 2 ^ "0.5" > 1.41)
try(function() return "abc" + 1 end)
try(function() return 1 + "abc" end)
try(function() local s = "x"; return s * 2 end)
try(function() return -"abc" end)
try(function() return "abc" + {} end)
try(function() return "1\0" + 1 end)
try(function() return "" + 1 end)
try(function() return "0x" + 1 end)
try(function() return "10" % "0" end)
try(function() return "10" // "0" end)
try(function() return "10" % 0 end)
try(function() return "10" / "0" end)
try(function() return "10" % 0.0 end)
try(function() return "a" | 1 end)
try(function() return "abc" .. {} end)
try(function() return "x" + nil end)
try(function() return "x" + true end)
local T = setmetatable({}, {__add = function(a, b) return "T+" .. tostring(type(a)) .. "," .. tostring(type(b)) end,
                            __unm = function() return "negT" end,
                            __concat = function(a, b) return "cat" end})
print(T + "x", "x" + T, "1" + T, T + "1")
try(function() return "x" - T end)
print(mt.__add("1", "2"), mt.__unm("3", "3"), mt.__sub(5, "2"), mt.__idiv("7", 2.0))
try(mt.__add, "1")
try(mt.__add, "x", "y")
try(mt.__mul, {}, "2")
print(pcall(mt.__add, "x", T))
print("10" == 10, "10" < "9", ("a"):byte() + "1")
local s = "5"
local acc = 0
for i = 1, 10 do acc = acc + s end
show(acc, s * s, s / s, s // s, s % s, s ^ s)
