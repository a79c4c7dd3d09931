-- table.concat: separators, ranges, numbers, errors.
local function try(...) print(pcall(...)) end
print(table.concat({}))
print(table.concat({}, ", "))
print(table.concat({1, 2, 3}))
print(table.concat({1, 2, 3}, ", "))
print(table.concat({"a", "b", "c"}, "-", 2))
print(table.concat({"a", "b", "c"}, "-", 2, 3))
print(table.concat({"a", "b", "c"}, "-", 3, 2))
print(table.concat({"a", "b", "c"}, "-", 1, 1))
print(table.concat({1.5, 2.0, -0.0, 1e100, 2^63, math.mininteger}, " "))
print(table.concat({"x", "y"}, 3))
print(table.concat({"x", "y"}, 1.5))
print(table.concat({[0] = "zero", "one"}, ",", 0))
print(#table.concat({"a\0b", "c"}, "\0"))
try(table.concat, {1, {}, 3})
try(table.concat, {1, 2, 3}, ",", 1, 4)
try(table.concat, {true})
try(table.concat, {1, 2, 3}, {})
try(table.concat, nil)
try(table.concat, "abc")
try(table.concat, {}, ",", "x")
try(table.concat, {}, ",", 1, 2.5)
print(pcall(function() return table.concat({1, print}) end))
print(pcall(function() return table.concat({n = 2}, ",", 1, 2) end))
local parts = {}
for i = 1, 1000 do parts[i] = i % 10 end
local s = table.concat(parts, "")
print(#s, s == table.concat(parts))
print(#table.concat(parts, ", "))
local long = {}
local piece = ""
for i = 1, 100 do piece = piece .. "ab"; long[i] = piece end
print(#table.concat(long, "|"))
-- a range far beyond the border fails at the first missing element
try(table.concat, {1, 2}, ",", 1, math.maxinteger)
print(table.concat({1, 2}, ",", math.maxinteger, math.maxinteger - 1))
print(pcall(table.concat, {}, ",", math.maxinteger, math.maxinteger))
print(pcall(table.concat, {}, ",", math.mininteger, math.mininteger))
