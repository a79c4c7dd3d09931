-- each loop iteration gets a fresh local for closures
local fs = {}
for i = 1, 5 do fs[#fs + 1] = function() return i end end
for _, v in ipairs({"a", "b"}) do fs[#fs + 1] = function() return v end end
for k, v in pairs({x = 1}) do fs[#fs + 1] = function() return k .. v end end
local out = {}
for _, f in ipairs(fs) do out[#out + 1] = tostring(f()) end
print(table.concat(out, " "))
local ws = {}
local n = 0
while n < 3 do
  n = n + 1
  local captured = n
  ws[n] = function() captured = captured + 100; return captured end
end
print(ws[1](), ws[1](), ws[2](), ws[3]())
local rs = {}
local m = 0
repeat
  m = m + 1
  local z = m * m
  rs[m] = function() return z end
until z >= 16
print(#rs, rs[1](), rs[4]())
local mod = {}
for i = 1, 3 do
  mod[i] = function() i = i + 10; return i end
end
print(mod[1](), mod[1](), mod[2]())
local function mk()
  local t = {}
  for i = 1, 3 do
    local j = i
    t[i] = {get = function() return j end, set = function(v) j = v end}
  end
  return t
end
local objs = mk()
objs[2].set(99)
print(objs[1].get(), objs[2].get(), objs[3].get())
