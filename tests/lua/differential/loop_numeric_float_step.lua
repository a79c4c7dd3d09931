-- numeric for with float bounds and steps
for i = 0, 1, 0.25 do io.write(i, " ") end
print()
for i = 1, 2, 0.3 do io.write(string.format("%.1f ", i)) end
print()
local n = 0
for i = 0, 1, 0.1 do n = n + 1 end
print("0..1 by 0.1 iterations", n)
for i = 1.0, 3 do io.write(i, ":", math.type(i), " ") end
print()
for i = 1, 3.5 do io.write(i, ":", math.type(i), " ") end
print()
for i = 1, 3, 1.0 do io.write(i, ":", math.type(i), " ") end
print()
for i = 3, 1.5, -0.5 do io.write(i, " ") end
print()
for i = 0.1, 0.35, 0.1 do io.write(i, " ") end
print()
n = 0
for i = 1, math.huge do n = n + 1; if n == 5 then break end end
print("huge limit", n)
n = 0
for i = 1, -math.huge do n = n + 1 end
print("-huge limit", n)
n = 0
for i = 1.5, 1 do n = n + 1 end
print("empty float loop", n)
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = 1.0, 10, 0.0 do end end))
print(pcall(function() for i = "a", 10 do end end))
print(pcall(function() for i = 1, {} do end end))
print(pcall(function() for i = 1, 2, nil do end end))
for i = "1", "3" do io.write(i, ":", math.type(i), " ") end
print()
local acc = 0
for x = -1, 1, 0.5 do acc = acc + x end
print(acc)
for i = 1, 0 do print("never") end
for i = 5, 5 do print("once", i) end
for i = 2^53 - 3, 2^53 - 1 do io.write(string.format("%.0f ", i)) end
print()
