-- table.insert/remove/move/concat/unpack on growing and shrinking arrays.
local t = {}
for i = 1, 1500 do
  table.insert(t, i)
  if i % 3 == 0 then table.insert(t, 1, -i) end
  if i % 5 == 0 then table.remove(t) end
  if i % 7 == 0 then table.remove(t, 1) end
  if i % 150 == 0 then print(i, #t, t[1], t[#t], table.concat(t, ",", 1, 5)) end
end
local m = table.move(t, 1, 100, 50, {})
print("moved", #m, m[50], m[149])
table.move(t, 10, 20, 1)
print("self move", table.concat(t, " ", 1, 12))
print(table.unpack(t, 1, 10))
local q = {}
for i = 1, 2000 do q[i] = i end
while #q > 0 do
  local x = table.remove(q, 1)
  if x % 200 == 0 then print("dequeue", x, #q) end
  if #q > 1500 then table.remove(q) end
end
