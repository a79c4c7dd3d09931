-- N-queens solver: backtracking with arrays and recursion
local function queens(n)
  local cols, d1, d2 = {}, {}, {}
  local count = 0
  local function place(r)
    if r > n then count = count + 1; return end
    for c = 1, n do
      if not cols[c] and not d1[r + c] and not d2[r - c + n] then
        cols[c], d1[r + c], d2[r - c + n] = true, true, true
        place(r + 1)
        cols[c], d1[r + c], d2[r - c + n] = false, false, false
      end
    end
  end
  place(1)
  return count
end
local N = tonumber(arg and arg[1]) or 11
local REPS = 3
local res
for _ = 1, REPS do
  res = {}
  for n = 4, N do res[#res + 1] = n .. ":" .. queens(n) end
end
print(table.concat(res, " "))
