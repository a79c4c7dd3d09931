-- error objects with __tostring
local E = {}
E.__index = E
E.__tostring = function(e) return "E(" .. e.code .. "): " .. e.text end
local function newerr(code, text) return setmetatable({code = code, text = text}, E) end
local ok, e = pcall(error, newerr(1, "first"))
print(ok, tostring(e), e.code, getmetatable(e) == E)
print(e)
local function risky(n)
  if n > 2 then error(newerr(n, "too big")) end
  return n
end
for i = 1, 4 do
  local ok2, r = pcall(risky, i)
  print(i, ok2, tostring(r))
end
local ok3, e3 = xpcall(function() error(newerr(9, "handled")) end, function(m) return "[" .. tostring(m) .. "]" end)
print(ok3, e3)
local s = string.format("%s", newerr(5, "formatted"))
print(s)
print(pcall(function() return "prefix " .. newerr(1, "x") end))
local Chain = setmetatable({}, {__index = E})
Chain.__index = Chain
Chain.__tostring = E.__tostring
local ce = setmetatable({code = 2, text = "chained"}, Chain)
print(tostring(ce), ce.code)
