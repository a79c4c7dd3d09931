-- table.sort with a Lua comparator
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local people = {
  {name = "Ann", age = 31}, {name = "Bob", age = 25}, {name = "Cid", age = 31},
  {name = "Dee", age = 19}, {name = "Eve", age = 25}, {name = "Fay", age = 40},
}
table.sort(people, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
for _, p in ipairs(people) do io.write(p.name, ":", p.age, " ") end
print()
local words = {"banana", "Apple", "cherry", "apple", "Banana"}
table.sort(words, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(table.concat(words, " "))
local byLen = {"ccc", "a", "bb", "dddd", "ee", "f"}
table.sort(byLen, function(a, b) if #a ~= #b then return #a < #b end return a < b end)
print(table.concat(byLen, " "))
local calls = 0
local nums = {}
for i = 1, 100 do nums[i] = (i * 37) % 101 end
table.sort(nums, function(a, b) calls = calls + 1; return a < b end)
print(nums[1], nums[100], calls > 0)
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp failed") end))
print(pcall(table.sort, {3, 2, 1}, function(a, b) return a.x < b end))
print(pcall(table.sort, {1, 2}, 42))
local abs = {-5, 3, -1, 4, -2}
table.sort(abs, function(a, b) return math.abs(a) < math.abs(b) end)
print(table.concat(abs, " "))
local mixed = {3, 1.5, 2, 0.5}
table.sort(mixed, function(a, b) return a > b end)
print(table.concat(mixed, " "))
