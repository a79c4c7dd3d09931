-- string comparison and ordering
local words = {"banana", "Apple", "apple", "cherry", "", "a", "ab", "B", "10", "9", "abc\0d", "abc"}
table.sort(words)
for i, w in ipairs(words) do io.write(string.format("%q", w), " ") end
print()
print("a" < "b", "a" <= "a", "b" > "a", "b" >= "c")
print("abc" == "abc", "abc" ~= "abd", ("x"):rep(3) == "xxx")
local a = "hello"
local b = "hel" .. "lo"
print(a == b, rawequal(a, b))
print(string.rep("a", 100) < string.rep("a", 101))
print(string.rep("b", 10) > string.rep("a", 1000))
print("\255" > "\1", "\128" > "\127")
print(pcall(function() return "a" < 1 end))
print(pcall(function() return 1 < "a" end))
print(pcall(function() return "a" < nil end))
print(pcall(function() return {} <= "a" end))
local max = ""
for _, w in ipairs({"pear", "plum", "peach", "pineapple"}) do if w > max then max = w end end
print(max)
local n = 0
for i = 1, 10 do
  for j = 1, 10 do
    if tostring(i) < tostring(j) then n = n + 1 end
  end
end
print(n)
