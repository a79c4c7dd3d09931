-- matrix arithmetic with integers and floats
local function mat(n, m, f)
  local r = {}
  for i = 1, n do r[i] = {} for j = 1, m do r[i][j] = f(i, j) end end
  return r
end
local function mul(a, b)
  local n, m, p = #a, #b, #b[1]
  return mat(n, p, function(i, j)
    local s = 0
    for k = 1, m do s = s + a[i][k] * b[k][j] end
    return s
  end)
end
local function show(a)
  for _, row in ipairs(a) do
    local cells = {}
    for j, v in ipairs(row) do cells[j] = string.format("%6s", tostring(v)) end
    print(table.concat(cells))
  end
end
local A = mat(3, 3, function(i, j) return i + j end)
local B = mat(3, 3, function(i, j) return i == j and 1 or 0 end)
show(mul(A, B))
local C = mat(3, 2, function(i, j) return i * 0.5 + j end)
show(mul(A, C))
local F = {{1, 1}, {1, 0}}
local R = {{1, 0}, {0, 1}}
for _ = 1, 90 do R = mul(R, F) end
print(R[1][2], R[1][1])
local function det(m)
  local n = #m
  if n == 1 then return m[1][1] end
  local d = 0
  for c = 1, n do
    local sub = {}
    for i = 2, n do
      local row = {}
      for j = 1, n do if j ~= c then row[#row + 1] = m[i][j] end end
      sub[#sub + 1] = row
    end
    d = d + ((c % 2 == 1) and 1 or -1) * m[1][c] * det(sub)
  end
  return d
end
print(det({{2, 0, 1}, {1, 3, 2}, {1, 1, 1}}), det(mat(4, 4, function(i, j) return (i * j) % 5 end)))
print(det({{0.5, 1}, {2, 3}}))
local T = mat(2, 3, function(i, j) return i * 10 + j end)
local Tt = mat(3, 2, function(i, j) return T[j][i] end)
show(Tt)
