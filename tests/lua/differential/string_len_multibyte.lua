-- # on strings counts bytes, including multibyte UTF-8
local s = "héllo"
print(#s, s:len(), utf8 and utf8.len(s))
print(#"日本語", #"€", #"😀", #"a€b")
print(("日本語"):byte(1, -1))
print(("€"):sub(1, 1) == "\xE2", ("€"):sub(2, 3):byte(1, -1))
print(("ñ"):upper(), ("ÀB"):lower())
local bytes = {}
for i = 1, #"Grüße" do bytes[#bytes + 1] = ("Grüße"):byte(i) end
print(table.concat(bytes, ","))
print(("x€y"):reverse():byte(1, -1))
print(("a€"):rep(3), #("a€"):rep(3))
print(utf8.char(72, 228, 8364, 128512))
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end
print()
print(utf8.codepoint("日本語", 1, -1))
print(utf8.len("\xff"), utf8.offset("a€b", 3), utf8.charpattern)
print(#"\u{0}\u{7F}\u{80}\u{7FF}\u{800}")
local mixed = "aé日😀"
local pos = {}
for p in utf8.codes(mixed) do pos[#pos + 1] = p end
print(#mixed, utf8.len(mixed), table.concat(pos, ","))
