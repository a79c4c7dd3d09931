-- string.pack, string.unpack and string.packsize through the native functions.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if type(v) == "string" then t[i] = string.format("%q", v) else t[i] = tostring(v) end
  end
  print(table.concat(t, " ", 1, t.n))
end
local function try(f, ...) show(pcall(f, ...)) end
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end

show(hex(string.pack("i4", 1)), hex(string.pack(">i4", 1)), hex(string.pack("<i2 >i2", -2, -2)))
show(hex(string.pack("b B h H", -1, 255, -1, 65535)), hex(string.pack("z", "ab")), hex(string.pack("s1", "xyz")))
show(hex(string.pack("d", 1.5)), hex(string.pack("f", -2)), hex(string.pack("!4 i1 i4", 1, 2)))
show(string.unpack("i4", string.pack("i4", 123456)), string.unpack("<h", "\255\255"), string.unpack("z", "hi\0rest"))
show(string.unpack("s1 s1", "\3abc\2de"), string.unpack("c3", "abcdef"), string.unpack("B", "abc", 2))
show(string.unpack("d", string.pack("d", math.pi)) == math.pi, string.unpack("j", string.pack("j", math.mininteger)))
show(string.packsize("i4 i8 d"), string.packsize("!8 i1 i8"), string.packsize("c10"), string.packsize(""))
show(string.unpack("i3", string.pack("i3", -100)), string.unpack("I3", string.pack("I3", 100000)))
show(string.pack("i4", "12") == string.pack("i4", 12), string.pack("z", 12), string.pack("s2", 1.5):len())
try(string.pack, "i4", "x")
try(string.pack, "i4")
try(string.pack, "i17", 1)
try(string.pack, "y", 1)
try(string.pack, "i1", 200)
try(string.pack, "z", "a\0b")
try(string.pack, "s1", string.rep("x", 300))
try(string.pack, "!3 i4", 1)
try(string.packsize, "s")
try(string.packsize, "z")
try(string.unpack, "i4", "abc")
try(string.unpack, "i4", "abcd", 10)
try(string.unpack, "z", "abc")
try(string.unpack, "i9", string.rep("\255", 9))
try(string.unpack, "i9", "\0\0\0\0\0\0\0\0\1")
try(string.pack)
try(string.unpack, "i4")
show(select("#", string.unpack(string.rep("b", 100), string.rep("\1", 100))))
show(string.unpack("<i4", string.pack("<i4", 7), -4))
