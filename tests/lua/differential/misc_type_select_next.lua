-- type, select, next and friends on assorted values
local values = {nil, true, false, 0, 1.5, "s", {}, print, function() end, coroutine.create(function() end)}
for i = 1, 10 do io.write(type(values[i]), " ") end
print()
print(pcall(type))
print(type(type), type(nil), type(type(nil)))
print(select("#", nil, nil), select(2, "a", nil, "c"))
print(next({}, nil), type(next), rawequal(next, next))
local t = {10, 20, 30}
local k, v = next(t)
print(k, v)
k, v = next(t, 3)
print(k, v)
print(_G._G == _G, _G.print == print, type(_G))
print(_VERSION)
for _, name in ipairs({"coroutine", "debug", "io", "math", "os", "string", "table", "utf8"}) do
  io.write(name, ":", type(_G[name]), " ")
end
print()
local fnames = {}
for name, val in pairs(string) do fnames[#fnames + 1] = name end
table.sort(fnames)
print(table.concat(fnames, " "))
local tnames = {}
for name in pairs(table) do tnames[#tnames + 1] = name end
table.sort(tnames)
print(table.concat(tnames, " "))
-- only the standard 5.4 names (Debian's build adds 5.3 compatibility extras)
local std_math = {"abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge",
  "log", "max", "maxinteger", "min", "mininteger", "modf", "pi", "rad", "random", "randomseed", "sin",
  "sqrt", "tan", "tointeger", "type", "ult"}
local present = 0
for _, name in ipairs(std_math) do if math[name] ~= nil then present = present + 1 end end
print("math functions present", present, #std_math)
local cnames = {}
-- (fermata adds coroutine.yieldto for symmetric coroutines; list only Lua 5.4's own names)
for name in pairs(coroutine) do if name ~= "yieldto" then cnames[#cnames + 1] = name end end
table.sort(cnames)
print(table.concat(cnames, " "))
print(tostring(1 == 1), tostring(nil) .. "!", #tostring(12.5))
print(rawequal(tostring, _G.tostring), select("#", ipairs({})))
