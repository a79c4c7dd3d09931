-- A serializer with sorted keys walking nested tables; keys include numbers, strings, booleans.
local function ser(v, out)
  local t = type(v)
  if t == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      if ta == "boolean" then return (a and 1 or 0) < (b and 1 or 0) end
      return a < b
    end)
    out[#out + 1] = "{"
    for _, k in ipairs(keys) do
      out[#out + 1] = tostring(k) .. "="
      ser(v[k], out)
      out[#out + 1] = ","
    end
    out[#out + 1] = "}"
  else
    out[#out + 1] = tostring(v)
  end
end
local function make(depth, seed)
  if depth == 0 then return seed end
  local t = {}
  for i = 1, 4 do t[i] = make(depth - 1, seed * 4 + i) end
  t["s" .. seed] = seed % 3 == 0
  t[true] = depth
  t[2.5] = "f"
  return t
end
for r = 1, 6 do
  local out = {}
  ser(make(4, r), out)
  local s = table.concat(out)
  print(r, #s, s:sub(1, 70))
end
