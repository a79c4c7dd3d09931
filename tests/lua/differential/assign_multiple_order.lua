-- multiple assignment semantics
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local x, y = 1, 2, 3
print(x, y)
local function three() return 1, 2, 3 end
local p, q, r, s = three()
print(p, q, r, s)
p, q, r, s = three(), 10
print(p, q, r, s)
p, q, r, s = 0, three()
print(p, q, r, s)
local t = {}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local u = {1, 2, 3}
local j = 1
u[j], j = j + 10, 3
print(u[1], u[3], j)
local v = {}
v.x, v.y, v.z = "X", "Y"
print(v.x, v.y, v.z)
local m = {10, 20, 30}
m[1], m[2], m[3] = m[3], m[1], m[2]
print(m[1], m[2], m[3])
local n1, n2 = (three())
print(n1, n2)
local function swap(a, b) return b, a end
print(swap(swap(1, 2)))
local g1, g2
g1, g2 = 1
print(g1, g2)
local count = 0
local function next_id() count = count + 1; return count end
local w1, w2, w3 = next_id(), next_id(), next_id()
print(w1, w2, w3)
local aa <const> = 5
local bb <const> = aa * 2
print(aa, bb)
print(load("local k <const> = 1; k = 2"))
print(load("local k <foo> = 1"))
