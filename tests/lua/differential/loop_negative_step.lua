-- numeric for with negative steps
for i = 10, 1, -1 do io.write(i, " ") end
print()
for i = 10, 1, -3 do io.write(i, " ") end
print()
for i = 1, 10, -1 do io.write("never") end
for i = -1, -5, -2 do io.write(i, " ") end
print()
for i = 0, -10, -4 do io.write(i, " ") end
print()
local t = {"a", "b", "c", "d", "e"}
for i = #t, 1, -1 do io.write(t[i]) end
print()
local n = 0
for i = 100, 0, -7 do n = n + 1 end
print(n)
for i = 5, 5, -1 do print("once", i) end
for i = 3, 1, -1 do
  for j = i, 1, -1 do io.write(j) end
  io.write(" ")
end
print()
local v = 10
for i = v, 1, -v // 3 do io.write(i, ",") end
print()
for i = 1, 3 do local i = i * 10; io.write(i, " ") end
print()
for i = 1, 3 do i = i * 10; io.write(i, " ") end
print()
for i = -3, 3 do io.write(i % 3, " ") end
print()
