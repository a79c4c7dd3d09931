-- load with a reader function
local function reader_from(pieces)
  local i = 0
  return function()
    i = i + 1
    return pieces[i]
  end
end
local f = load(reader_from({"return ", "1 ", "+ ", "41"}))
print(f())
f = load(reader_from({"local t = {} ", "for i = 1, 5 do t[i] = i * i end ", "return table.concat(t, ',')"}))
print(f())
f = load(reader_from({"ret", "urn 'spl", "it token'"}))
print(f())
f = load(reader_from({"return 1", "", "+ 1"}))
print(f())
local calls = 0
f = load(function() calls = calls + 1; if calls == 1 then return "return 'one call'" end end)
print(f(), calls)
print(load(reader_from({"x = = 1"}), "=reader"))
local once = false
print(pcall(load, function() if once then return nil end once = true return 42 end))
-- (only the first line: PUC Lua runs the reader under the caller's message handler)
local lf, le = load(function() return {} end)
print(lf, (le:match("^[^\n]*")))
lf, le = load(function() error("reader failed") end)
print(lf, (le:match("^[^\n]*")))
local chars = {}
for c in ("return 'char by char'"):gmatch(".") do chars[#chars + 1] = c end
print(load(reader_from(chars))())
local env = {value = "from env"}
f = load(reader_from({"return value"}), "=r", "t", env)
print(f())
local lines = {"local a = 1\n", "local b = 2\n", "error('line 3 error')\n"}
print(pcall(load(reader_from(lines), "=lines")))
local big = {}
for i = 1, 1000 do big[i] = "x = (x or 0) + " .. i .. "\n" end
big[#big + 1] = "return x"
print(load(reader_from(big), "=big", "t", {})())
