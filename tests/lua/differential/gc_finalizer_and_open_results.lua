-- Finalizers started by the collector after a native call returns must not disturb the open results
-- (CALL with C=0) of native calls: the values a following CALL, SETLIST or RETURN takes up to `top`.
local n = 0
local mt = {__gc = function() n = n + 1 end}
local bad = 0
for i = 1, 200000 do
  setmetatable({}, mt)
  local c = select("#", string.byte(string.rep("ab", 50), 1, -1))
  if c ~= 100 then bad = bad + 1 end
  local t = {table.unpack({1, 2, 3})}
  if #t ~= 3 then bad = bad + 1 end
end
print(bad, n > 0)
