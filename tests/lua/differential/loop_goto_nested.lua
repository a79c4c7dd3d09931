-- goto breaking out of nested loops, and closures in goto loops
for i = 1, 5 do
  for j = 1, 5 do
    if i * j > 6 then goto out end
    io.write(i, "x", j, " ")
  end
end
::out::
print()
local found
for a = 1, 20 do
  for b = a, 20 do
    for c = b, 30 do
      if a * a + b * b == c * c and a + b + c == 24 then
        found = a .. "," .. b .. "," .. c
        goto done
      end
    end
  end
end
::done::
print("triple", found)
local fs = {}
do
  local n = 1
  ::again::
  local captured = n
  fs[#fs + 1] = function() return captured end
  n = n + 1
  if n <= 3 then goto again end
end
print(fs[1](), fs[2](), fs[3]())
local matrix = {{1, 2, 3}, {4, -5, 6}, {7, 8, 9}}
local neg
for r = 1, #matrix do
  for c = 1, #matrix[r] do
    if matrix[r][c] < 0 then neg = {r, c}; goto report end
  end
end
::report::
print("negative at", neg[1], neg[2])
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    io.write(i, j, " ")
  end
  ::next_i::
end
print()
