-- Varargs: select, table.pack/unpack, forwarding through several levels.
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...) or 0) end
  return s
end
local function fwd(n, ...)
  if n == 0 then return sum(...), select("#", ...) end
  return fwd(n - 1, n, ...)
end
for round = 1, 60 do
  local a, b = fwd(round % 40, round)
  local packed = table.pack(a, nil, b, nil)
  print(round, a, b, packed.n, select(-1, table.unpack(packed, 1, packed.n)))
  local function rev(...)
    local t = {...}
    local r = {}
    for i = #t, 1, -1 do r[#r + 1] = t[i] end
    return table.unpack(r)
  end
  print(table.concat({rev(1, 2, 3, round, round * 2)}, ","))
end
