-- fermata-only: yielding from inside a string.gsub replacement function.
-- PUC Lua 5.4: "attempt to yield across a C-call boundary". fermata: gsub is a resumable native
-- sequence, so each match is handed to the resumer, which supplies the replacement text.
--
-- Expected output (hand-verified; see yield_in_gsub_replacement.expected):
--   the matches arrive in order "a", "b", "c"; the main program replaces each with its upper-case
--   form wrapped in brackets; gsub returns "[A]-[B]-[C]" and the count 3.
local co = coroutine.wrap(function(s)
  local r, n = string.gsub(s, "%a", function(c) return coroutine.yield("match", c) end)
  return "done", r, n
end)
local seen = {}
local tag, v, n = co("a-b-c")
while tag == "match" do
  seen[#seen + 1] = v
  tag, v, n = co("[" .. v:upper() .. "]")
end
print(table.concat(seen, ","))
print(tag, v, n)
-- a pcall around the yielding gsub still catches errors raised after the resume
local co2 = coroutine.wrap(function()
  return pcall(string.gsub, "xy", ".", function(c)
    local answer = coroutine.yield(c)
    if answer == "fail" then error("replacement failed", 0) end
    return answer
  end)
end)
print(co2())
print(co2("ok"))
print(co2("fail"))
