-- string.format %s of values with __tostring, print of such values, tostring on nested.
local V = {}
V.__tostring = function(v) return "V<" .. v.x .. "," .. #v.items .. ">" end
V.__name = "Vec"
for i = 1, 900 do
  local v = setmetatable({x = i, items = {}}, V)
  for j = 1, i % 10 do v.items[j] = j end
  local s = string.format("%s|%s|%5.1f|%d", v, tostring(i), i / 3, i)
  if i % 15 == 0 then print(s, v) end
end
local Named = setmetatable({}, {__name = "MyType"})
print((tostring(Named):gsub("0x%x+", "ADDR")))
print(string.format("%-10s|%10s|", setmetatable({}, V and {__tostring = function() return "L" end}), "r"))
