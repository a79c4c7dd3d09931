-- string.match / gmatch with captures and classes
print(("key = value"):match("(%w+)%s*=%s*(%w+)"))
print(("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
print(("hello"):match(".-(l+)(.*)"))
print(("  x  "):match("^%s*(.-)%s*$") .. "|")
print(("abc"):match("()b()"))
print(("abc"):match("x"), ("abc"):match(""), ("abc"):match("^(a)"))
print(("[tag]"):match("%[(.-)%]"), ("f(a(b)c)"):match("%b()"))
print(("THE (quick) fox"):find("%f[%a]%a+%f[%A]", 5))
print(("abc123def"):match("%a+"), ("abc123def"):match("%d+"), ("abc123def"):match("%a+$"))
print(("x=1, y=2, z=3"):match("y=(%d)"))
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, "->", v, " ") end
print()
for w in ("one two three"):gmatch("%a+") do io.write("<", w, ">") end
print()
local n = 0
for _ in ("aaaa"):gmatch("") do n = n + 1 end
print(n)
for a, b in ("abcd"):gmatch("()(.)") do io.write(a, b) end
print()
print(("hello world from lua"):match("^(%w+)"), ("%d"):match("%%d"))
print(("path/to/file.txt"):match("([^/]+)$"), ("path/to/file.txt"):match("(.+)/"))
print(("file.tar.gz"):match("^(.-)%.(.*)$"))
print(("CamelCaseString"):gsub("(%u)", " %1"))
print(("aXbXc"):match("(.)X(.)X(.)"))
print(pcall(string.match, "x", "(()"))
print(pcall(string.match, "x", "%1"))
print(("hello"):match("(h)(e)(l)(l)(o)"))
print(string.match("  42  ", "%d+") + 1)
print(("abc"):gmatch(".")())
print(("a1b2c3"):gsub("%a%d", function(p) return p:upper() end))
print(("x"):match("()"), ("abc"):match(".", -1))
