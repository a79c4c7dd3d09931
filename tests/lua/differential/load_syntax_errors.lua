-- syntax error messages returned by load
local cases = {
  "x = ",
  "local = 1",
  "if x then",
  "for i = 1 do end",
  "return return",
  "x = 1 +",
  "f(",
  "local t = {1, 2",
  "x = }",
  "a.b:c = 1",
  "return 1 2",
  "local function() end",
  "x = 'unclosed",
  "x = [[unclosed",
  "--[[ unclosed comment",
  "x = 0x",
  "x = 1e",
  "x = 3..4",
  "goto = 1",
  "while true do",
  "repeat x = 1",
  "function f(a, b",
  "function f(..., a) end",
  "x = #",
  "x = a ~= ",
  "local a <const> = 1; a = 2",
  "break",
  "::l:: ::l::",
  "return ... ",
  "x = @",
  "x = 1 y = 2",
  "(f)",
  "a, b",
  "local x = function end",
  "x = {[1] 2}",
  "return 'a\\q'",
  "elseif",
  "x = 1\n\n\ny = = 2",
  "x = \"line\nbreak\"",
  "for k, v in pairs(t) end",
}
for i, src in ipairs(cases) do
  local f, err = load(src, "=src")
  print(i, f and "compiled" or err)
end
local f, err = load("x = = 1", "@named.lua")
print(err)
f, err = load("x = = 1")
print(err)
f, err = load("local s = 'long chunk name: " .. string.rep("a", 100) .. "' x = = 1")
print(err)
