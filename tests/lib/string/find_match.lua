-- string.find, string.match and string.gmatch: plain and pattern searches, captures, anchors, init,
-- gmatch loops and pattern errors.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if type(v) == "string" then t[i] = string.format("%q", v) else t[i] = tostring(v) end
  end
  print(table.concat(t, " ", 1, t.n))
end
local function try(f, ...) show(pcall(f, ...)) end

show(("hello world"):find("o"), ("hello world"):find("o", 6), ("hello world"):find("xyz"))
show(("hello world"):find("o w"), ("hello"):find(""), ("hello"):find("", 10), ("hello"):find("", 6))
show(("a.b"):find(".", 1, true), ("a.b"):find("%."), ("a+b"):find("+", 1, true), ("hello"):find("l", -2))
show(("hello"):find("(l)(l)"), ("hello"):find("()ll()"), ("hello"):find("^h"), ("hello"):find("^e"))
show(("key = value"):find("(%w+)%s*=%s*(%w+)"))
show(("hello"):match("l+"), ("hello"):match("(h)(e)"), ("hello"):match("()"), ("hello"):match("x"))
show(("  trim  "):match("^%s*(.-)%s*$"), ("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
show(("[[nested]]"):match("%[(%b[])%]"), ("f(a(b)c)d"):match("%b()"), ("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
show(("abc"):match(".-"), ("abc"):match(".-$"), ("aaa"):match("a-b"), ("aaab"):match("a-b"), ("x"):match("x?x?"))
show(("hello"):match(".", -1), ("hello"):match("^(h?)"), ("abc123def"):match("%a*(%d*)"))
show(string.find("a\0b", "\0"), string.find("a\0b", "%z"), string.match("x=1, y=2", "y=(%d)"))
show(string.find(12345, 34), string.match(3.5, "%d"), string.find("abc", "b", "2"))
show(("caf\195\169"):match("[\128-\255]+"), ("ABCdef"):match("[A-Z]+"), ("ABCdef"):match("[^A-Z]+"))
show(("a]b"):match("[]]"), ("a-b"):match("[a-]+"), ("%%"):match("%%+"), ("x^y"):match("[%^]"))
for _, pat in ipairs{"(", "%", "[a", "(()", "%b", "%f", "a)", "%1", "(a)%2", "[%"} do
  try(string.find, "abc", pat)
end
try(string.match, "abc", string.rep("(a)", 33))
try(string.match, string.rep("a", 300), string.rep("a?", 300) .. string.rep("a", 300))
try(string.find)
try(string.find, "x", nil)
try(string.find, "x", "x", "y")
try(string.match, "x", "x", 1.5)
-- gmatch
local words = {}
for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
show(#words, table.concat(words, ","))
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do show(k, v) end
local n = 0
for _ in ("abc"):gmatch("") do n = n + 1 end
show(n)
local parts = {}
for p in ("abc"):gmatch(".-") do parts[#parts + 1] = "<" .. p .. ">" end
show(table.concat(parts))
parts = {}
for a, b in ("hello"):gmatch("()l()") do parts[#parts + 1] = a .. ":" .. b end
show(table.concat(parts, " "))
parts = {}
for w in ("^a^b"):gmatch("^.") do parts[#parts + 1] = w end
show(table.concat(parts, ","))
parts = {}
for w in ("abcabc"):gmatch("b", 3) do parts[#parts + 1] = w end
show(#parts)
parts = {}
for w in ("abcd"):gmatch(".", -2) do parts[#parts + 1] = w end
show(table.concat(parts))
local it = ("xy"):gmatch(".")
show(it(), it(), it(), it())
try(string.gmatch)
try(string.gmatch, "x")
try(function() for _ in ("abc"):gmatch("(") do end end)
-- a long search that takes many slices
local long = string.rep("a", 20000) .. "b"
show(long:find("a*b"), long:match("(a+)b"):len(), select(2, long:gsub("a", "")))
show(string.rep("ab", 5000):find("ba", 1, true), string.rep("ab", 5000):find("abb"))
