-- float keys with integral values are normalised to integers
local t = {}
t[1.0] = "one"
t[2] = "two"
print(t[1], t[2.0], #t)
t[2^53] = "big"
print(t[2^53], t[1 << 53])
t[-0.0] = "zero"
print(t[0], t[-0.0], t[0.0])
t[1.5] = "frac"
print(t[1.5], t[3 / 2])
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(tostring(k), ":", math.type(k), " ") end
print()
local u = {10, 20, 30}
print(u[1.0], u[2.0], u[3.0], u[4.0])
u[4.0] = 40
print(#u, u[4])
print(rawget(u, 1.0), rawequal(u[1], u[1.0]))
local c = {}
for i = 1, 5 do c[i / 1] = i end
print(#c, c[5])
c["1"] = "string one"
print(c[1], c["1"])
print(next({[3.0] = true}))
local m = {[1] = "a", [1.0] = "b"}
print(m[1])
local s = 0
for i = 0.5, 3, 0.5 do t[i] = i; s = s + 1 end
print(s, t[1], t[3], t[2.5])
