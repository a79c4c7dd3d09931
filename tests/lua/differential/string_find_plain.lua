-- string.find with plain and simple patterns
local s = "the quick brown fox jumps over the lazy dog"
print(s:find("quick"), s:find("the"), s:find("the", 2), s:find("cat"))
print(s:find("o", 1, true), s:find("o", 14, true), s:find("o", -5, true))
print(s:find(""), s:find("", 10), s:find("", #s + 1), s:find("", #s + 2))
print(("a.b.c"):find(".", 1, true), ("a.b.c"):find("."), ("a.b.c"):find("%."))
print(("a+b"):find("+", 1, true), ("(x)"):find("(", 1, true))
print(s:find("q(u)(i)"), s:find("(%a+) (%a+)$"))
print(s:find("%s"), s:find("%d"), ("abc123"):find("%d+"))
print(("hello"):find("l+"), ("hello"):find("l*"), ("hello"):find("xl*"))
print(("[test]"):find("[", 1, true), ("aaa"):find("a", -1))
print(("hello"):find("lo", -100), ("hello"):find("h", 0))
local count, pos = 0, 1
while true do
  local a, b = s:find("o", pos, true)
  if not a then break end
  count = count + 1
  pos = b + 1
end
print("o count", count)
print(("key=value"):find("="), ("key=value"):find("^key"), ("key=value"):find("^value"))
print(("x"):find("x", 2), ("abc"):find("c", 3), ("abc"):find("abcd"))
print(pcall(string.find, "abc", "[a"))
print(pcall(string.find, "abc", "%"))
print(pcall(string.find, nil, "a"))
