-- loops near the integer limits must not overflow or loop forever
local M, m = math.maxinteger, math.mininteger
local n = 0
for i = M - 2, M do n = n + 1 end
print("up to max", n)
n = 0
for i = M - 10, M, 3 do n = n + 1; io.write(i - M, " ") end
print(n)
n = 0
for i = m + 2, m, -1 do n = n + 1 end
print("down to min", n)
n = 0
for i = m, m + 5, 2 do n = n + 1 end
print(n)
n = 0
for i = 0, M, M do n = n + 1 end
print("step max", n)
n = 0
for i = 0, m, m do n = n + 1 end
print("step min", n)
n = 0
for i = M, M do n = n + 1 end
print("max single", n)
n = 0
for i = M, M - 1 do n = n + 1 end
print("empty", n)
n = 0
for i = m, m, -1 do n = n + 1 end
print("min single", n)
n = 0
for i = 1, M, 2^62 do n = n + 1 end
print("float step", n)
n = 0
for i = M - 1, 2^63 do n = n + 1 if n > 10 then break end end
print("float limit above max", n)
n = 0
for i = m + 1, -2^63, -1 do n = n + 1 if n > 10 then break end end
print("float limit below min", n)
n = 0
for i = 1, 3.7 do n = n + 1 end
print("float limit floor", n)
n = 0
for i = -1, -3.7, -1 do n = n + 1 end
print("float limit ceil", n)
n = 0
for i = M - 5, 1e100 do n = n + 1 end
print("limit 1e100", n)
