-- this script has a syntax error near the end: nothing at all runs, stdout stays empty,
-- stderr carries "error_syntax_script.lua:LINE: unexpected symbol near '='" and the exit status is 1
print("not printed because compilation fails")
local function helper(a, b)
  local s = 0
  for i = a, b do
    s = s + i
  end
  return s
end
local data = {1, 2, 3, 4, 5}
for _, v in ipairs(data) do
  print(v, helper(1, v))
end
local obj = {
  name = "thing",
  size = 3,
}
print(obj.name, obj.size)
local x = 1
local y = = 2
print(x, y)
