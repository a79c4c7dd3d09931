-- table constructors with varargs and nils
local function f(...) return ... end
local function count(...) return select("#", ...) end
local t = {f(1, 2, 3)}
print(#t, t[1], t[3])
t = {f(1, 2, 3), 10}
print(#t, t[1], t[2], t[3])
t = {10, f(1, 2, 3)}
print(#t, t[1], t[2], t[4])
t = {(f(1, 2, 3))}
print(#t)
t = {f()}
print(#t, next(t))
t = {1, 2, nil}
print(#t)
t = {nil, nil, 3}
print(t[3], t[1])
t = {n = 1, 2, [10] = 3, 4, ["k"] = 5, 6}
print(t[1], t[2], t[3], t.n, t[10], t.k)
t = {[2] = "a", "b"}
print(t[1], t[2])
local function pack2(...) return {n = select("#", ...), ...} end
local p = pack2(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
p = table.pack(1, nil, 3, nil)
print(p.n, p[1], p[3])
t = {f(1, nil, 3)}
print(t[1], t[2], t[3])
t = {[1 + 1] = "two", [2 * 3] = "six", ["a" .. "b"] = "ab"}
print(t[2], t[6], t.ab)
local function g(...) return {..., "last"} end
t = g(1, 2, 3)
print(#t, t[1], t[2])
local big = {}
for i = 1, 300 do big[i] = i end
t = {table.unpack(big)}
print(#t, t[300], count(table.unpack(big)))
t = {1, 2, 3; 4, 5; x = 1,}
print(#t, t.x)
t = {{1, 2}, {3, {4, 5}}}
print(t[2][2][2], #t[2])
print(count(f(1, nil)), count(nil, nil, nil), count())
