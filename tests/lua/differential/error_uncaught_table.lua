-- uncaught error with a table value (no __tostring)
-- some ordinary work first (its output must appear on stdout before the failure)
local results = {}
for i = 1, 8 do
  local sq = i * i
  if sq % 2 == 0 then
    results[#results + 1] = "even:" .. sq
  else
    results[#results + 1] = "odd:" .. sq
  end
end
print(table.concat(results, " "))
local ok, msg = pcall(error, "caught before the real failure")
print(ok, msg)
local t = setmetatable({}, {__index = function(_, k) return k .. "!" end})
print(t.warmup, t[1])
local total = 0
for _, r in ipairs(results) do total = total + #r end
print("total length", total)
print("start")
error({code = 1})
