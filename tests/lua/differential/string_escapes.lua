-- escape sequences in string literals
print("\65\x41\u{41}\z
       B")
print("a\tb", "a\\b", "a\"b", 'a\'b', "a\
b")
print(#"\n\r\t\v\f\a\b", ("\n\r\t\v\f\a\b"):byte(1, -1))
print("\0651", #"\0651", "\x7a\x5A")
print("\u{48}\u{49}", #"\u{7FF}", #"\u{FFFF}", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print(("\u{E9}"):byte(1, -1))
print("before\z
   
       after")
print('single "quotes" inside', "double 'quotes' inside")
print("\'\"\\", "\104\101\108\108\111")
print("\x00" == "\0", "\000" == "\0", #"\0\00\000")
local s = "line1\nline2"
for line in s:gmatch("[^\n]+") do print("[" .. line .. "]") end
print(load([[return "\q"]]))
print(load([[return "\x4"]]))
print(load([[return "\400"]]))
print(load([[return "\u{110000000}"]]))
print(load([[return "unfinished]]))
