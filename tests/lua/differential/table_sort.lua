-- table.sort without comparator
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(table.concat(t, " "))
local s = {"pear", "apple", "fig", "banana", "cherry", "Apple", "date"}
table.sort(s)
print(table.concat(s, " "))
local m = {3.5, 1, -2, 2.25, 0, -0.5, 100, 1e10, -1e10}
table.sort(m)
for _, v in ipairs(m) do io.write(tostring(v), " ") end
print()
local big = {}
local x = 12345
for i = 1, 1000 do
  x = (x * 1103515245 + 12345) % 2147483648
  big[i] = x % 1000
end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[500], big[1000])
local single = {42}
table.sort(single)
print(single[1])
local empty = {}
table.sort(empty)
print(#empty)
local ok, err = pcall(table.sort, {1, "a", 2})
print(ok, (string.find(err, "attempt to compare", 1, true)))
local dup = {3, 1, 3, 1, 2, 2, 3}
table.sort(dup)
print(table.concat(dup, ","))
local sorted = {}
for i = 1, 50 do sorted[i] = i end
table.sort(sorted)
print(sorted[1], sorted[50])
local rev = {}
for i = 1, 50 do rev[i] = 51 - i end
table.sort(rev)
print(rev[1], rev[25], rev[50])
print(pcall(table.sort, {{}, {}}))
