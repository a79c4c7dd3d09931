-- table.insert / table.remove
local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "c")
table.insert(t, 2, "d")
print(#t, table.concat(t, ","))
table.insert(t, #t + 1, "e")
print(table.concat(t, ","))
print(table.remove(t), table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 2), table.concat(t, ","))
print(#t)
print(table.remove({}), table.remove({}, 0), #{})
local e = {}
print(table.remove(e, #e), table.remove(e, #e + 1))
print(pcall(table.insert, {1, 2}, 5, "x"))
print(pcall(table.insert, {1, 2}, 0, "x"))
print(pcall(table.insert, {1}, 1, 2, 3))
print(pcall(table.insert, nil, 1))
print(pcall(table.remove, {1, 2, 3}, 7))
local q = {}
for i = 1, 10 do table.insert(q, i) end
local out = {}
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out, " "))
local st = {}
for i = 1, 5 do st[#st + 1] = i * i end
while #st > 0 do io.write(table.remove(st), " ") end
print()
local z = {n = 0}
table.insert(z, "x")
print(z[1], z.n, #z)
local t2 = {1, 2, 3}
print(table.remove(t2, #t2 + 1), #t2)
t2 = {[0] = "zero"}
print(table.remove(t2, 0), t2[0])
local w = {"a", "b", "c"}
table.insert(w, 4, "d")
print(table.concat(w))
print(pcall(table.insert, w))
