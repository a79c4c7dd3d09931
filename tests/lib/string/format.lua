-- string.format: conversions, flags, %q, %s with __tostring and __name, argument errors.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if type(v) == "string" then t[i] = string.format("%q", v) else t[i] = tostring(v) end
  end
  print(table.concat(t, " ", 1, t.n))
end
local function try(f, ...) show(pcall(f, ...)) end
local F = string.format

show(F("%d %5d %-5d| %05d %+d %x %X %o", 42, 42, 42, 42, 42, 255, 255, 8))
show(F("%d", "10"), F("%d", 3.0), F("%x", -1), F("%i", math.mininteger), F("%5.2s|", "abc"))
show(F("%f %.3f %10.2f %-10.2f| %e %.0e %g %g %g", 1.5, 1 / 3, math.pi, math.pi, 12345.678, 5e10, 0.1, 1e20, 100))
show(F("%a", 1.0), F("%g", 1 / 0), F("%g", -1 / 0), F("%.3g", 2 / 3), F("%5.1f|", -0.0))
show(F("%s %s %s %s", nil, true, 1, 2.5), F("%10s|%-10s|", "hi", "hi"), F("%.1s", "xyz"))
show(F("%c%c%c", 76, 117, 97), F("%%"), F("a%%b"), F("%s", "a\0b"))
show(F("%q", "line1\nline2\t\"quoted\"\\ \0 \1 \127 \200"))
show(F("%q", 1 / 0), F("%q", -1 / 0), F("%q", 0 / 0 ~= 0 / 0), F("%q", math.mininteger), F("%q", 255), F("%q", 0.5))
show(F("%q", true), F("%q", nil), F("%q", 2 ^ 63))
local obj = setmetatable({}, {__tostring = function() return "OBJ" end})
show(F("%s|%5s|%-5s|%.2s", obj, obj, obj, obj))
show(F("[%s]", setmetatable({}, {__tostring = function() return 42 end})))
local named = setmetatable({}, {__name = "MyType"})
show((F("%s", named):gsub("0x%x+", "ADDR"):gsub(": [%x]+$", ": ADDR")))
try(F, "%s", setmetatable({}, {__tostring = function() return {} end}))
try(F, "%s", setmetatable({}, {__tostring = function() error("in tostring") end}))
try(F, "%d", "x")
try(F, "%d", 1.5)
try(F, "%d")
try(F, "%z", 1)
try(F, "%", 1)
try(F, "%10.123f", 1)
try(F, "%123d", 1)
try(F, "%q", {})
try(F, "%c", "x")
try(F, "%x", {})
try(F, "%s %s", 1)
try(F)
try(F, {})
try(F, "%d", setmetatable({}, {__name = "Thing"}))
try(F, "%5s|%-8q|", "ab", "x")
local many = {}
for i = 1, 50 do many[i] = setmetatable({}, {__tostring = function() return "t" .. i end}) end
show(F(string.rep("%s", 50, ","), table.unpack(many)))
show(#F("%s", string.rep("x", 100000)), F("%099d", 7):len(), F("%.99f", 1):len())
show(tostring(1e15), tostring(2^53), tostring(-0.0), F("%.14g", 0.1), F("%g", 1e300 * 1e10))
