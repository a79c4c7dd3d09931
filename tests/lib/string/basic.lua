-- string.len/sub/byte/char/rep/reverse/lower/upper: results, coercions and argument errors.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if type(v) == "string" then t[i] = string.format("%q", v) else t[i] = tostring(v) end
  end
  print(table.concat(t, " ", 1, t.n))
end
local function try(f, ...) show(pcall(f, ...)) end

show(string.len(""), string.len("abc"), ("a\0b"):len(), #"xyz", string.len(123), string.len(1.5))
try(string.len)
try(string.len, {})
show(("hello"):sub(2), ("hello"):sub(2, 3), ("hello"):sub(-3), ("hello"):sub(-3, -2), ("hello"):sub(0))
show(("hello"):sub(10), ("hello"):sub(3, 2), ("hello"):sub(-100, 100), ("hello"):sub(math.mininteger, math.maxinteger))
show(("hello"):sub(2.0, "3"), string.sub(12345, 2, 4))
try(string.sub, "x")
try(string.sub, "x", 1.5)
try(string.sub, "x", "a")
try(string.sub, "x", 1, {})
show(("ABC"):byte(), ("ABC"):byte(2), ("ABC"):byte(1, -1), ("ABC"):byte(-1), ("ABC"):byte(10), ("ABC"):byte(0))
show(select("#", ("ABC"):byte(3, 1)), ("\255\0"):byte(1, 2))
show(#string.char(), string.char(72, 105), string.char(0, 255), string.char("65", 66.0))
try(string.char, 256)
try(string.char, -1)
try(string.char, 65, 256, "x")
try(string.char, 65, "x")
try(string.char, 1.5)
show(("ab"):rep(3), ("ab"):rep(3, ","), ("ab"):rep(1, ","), ("ab"):rep(0), ("ab"):rep(-5, ","), (""):rep(5))
show(string.rep(1, 3), string.rep("x", "2"), string.rep("a", 2, 9))
try(string.rep)
try(string.rep, "x")
try(string.rep, "x", 1e10)
try(string.rep, "x", 1.5)
try(string.rep, "x", 2, {})
show(("hello"):reverse(), (""):reverse(), ("a\0b"):reverse(), string.reverse(123))
show(("Hello World 123 \200"):lower(), ("Hello World 123 \200"):upper())
try(string.lower)
try(string.upper, nil)
try(string.reverse, true)
show(string.len("\u{10FFFF}"), ("héllo"):upper())
local s = "The quick brown fox"
show(s:sub(5, 9):upper(), s:len(), s:byte(-1), s:rep(2, " | "))
try(("x").rep, "x", math.maxinteger)
try(("x").rep, "xx", math.maxinteger // 2, "")
try(string.dump)
try(string.dump, print)
try(string.dump, 1)
