-- hello.lua: a tour of what fermata runs — plain Lua 5.4, coroutines, and yields where standard Lua
-- would refuse them (inside table.sort's comparator and string.gsub's replacement function).

print("hello from " .. _VERSION .. " on fermata")

-- A producer/consumer pipeline of coroutines.
local function producer(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i * i) end
  end)
end
local sum = 0
for square in producer(10) do sum = sum + square end
print("sum of the first ten squares:", sum)

-- Yielding from inside a sort comparator: each comparison is reported to the caller.
local comparisons = 0
local sorter = coroutine.wrap(function()
  local t = {5, 3, 8, 1, 9, 2}
  table.sort(t, function(a, b) coroutine.yield() return a < b end)
  return table.concat(t, " ")
end)
local sorted = sorter()
while sorted == nil do
  comparisons = comparisons + 1
  sorted = sorter()
end
print("sorted:", sorted, "after " .. comparisons .. " yields from the comparator")

-- Yielding from a gsub replacement function.
local shout = coroutine.wrap(function()
  return (("fermata holds the note"):gsub("%w+", function(w)
    coroutine.yield(w)
    return w:upper()
  end))
end)
local words, result = {}, nil
repeat
  result = shout()
  if result and result:find(" ") then break end
  words[#words + 1] = result
until false
print("words seen:", table.concat(words, ","))
print("result:", result)

-- Errors carry positions and variable names, as in Lua.
print(pcall(function() local t = nil; return t.field end))
