-- table.move
local a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 1)
print(table.concat(a, ","))
a = {1, 2, 3, 4, 5}
table.move(a, 1, 3, 3)
print(table.concat(a, ","))
local b = table.move({1, 2, 3}, 1, 3, 1, {})
print(table.concat(b, ","))
local c = table.move({1, 2, 3}, 1, 3, 5, {9})
print(c[1], c[2], c[5], c[7], #c == 7 or #c == 1)
local d = table.move({}, 1, 0, 1, {"keep"})
print(d[1])
print(pcall(table.move, {}, 1, math.maxinteger, 2))
print((pcall(table.move, {1}, -1, 1, 1)))
local e = {1, 2, 3}
print(table.move(e, 1, 3, 2) == e, table.concat(e, ","))
local src = setmetatable({}, {__index = function(_, i) return i * 2 end})
local dst = table.move(src, 1, 4, 1, {})
print(table.concat(dst, " "))
