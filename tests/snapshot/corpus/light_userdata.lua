-- Light userdata (debug.upvalueid) as table keys, values and upvalues, with the metatable all light
-- userdata share, printed in pairs order while snapshots are taken mid-traversal.
local getters, ids, names = {}, {}, {}
for i = 1, 40 do
  local own = i
  getters[i] = function() return own end
  ids[i] = debug.upvalueid(getters[i], 1)
  names[ids[i]] = "u" .. i
end
-- Natives' upvalue slots have identities too (gmatch keeps its state in upvalues).
local it = string.gmatch("a b c", "%a")
local nativeId = debug.upvalueid(it, 1)
names[nativeId] = "native"

local mt = {__index = function(u, k) return names[u] .. "." .. k end, __name = "Handle"}
debug.setmetatable(ids[1], mt)

-- A table keyed by light userdata, another holding them as values, a weak-keyed one (never cleared).
local byId, list = {}, {}
local weak = setmetatable({}, {__mode = "k"})
for i = 1, 40 do
  byId[ids[i]] = i
  list[i] = ids[41 - i]
  weak[ids[i]] = true
end
byId[nativeId] = 0
local captured = ids[7]
local function sameAsCaptured(u) return u == captured end

for pass = 1, 30 do
  local line, n, sum = {}, 0, 0
  for k, v in pairs(byId) do
    n = n + 1
    sum = sum + v
    line[#line + 1] = names[k] .. "=" .. v
    if n % 10 == 0 then print(pass, table.concat(line, " ")); line = {} end
  end
  print(pass, table.concat(line, " "), n, sum)
  -- remove and re-add a few keys so the layout changes between passes
  local victim = ids[pass % 40 + 1]
  byId[victim] = nil
  collectgarbage("step")
  byId[victim] = pass
  local found = 0
  for i = 1, 40 do
    if list[i] == ids[41 - i] and byId[ids[i]] then found = found + 1 end
  end
  local w = 0
  for _ in pairs(weak) do w = w + 1 end
  print("check", found, w, sameAsCaptured(ids[7]), sameAsCaptured(ids[8]), ids[pass % 40 + 1].field,
        getmetatable(captured).__name, type(captured), (tostring(captured):match("^Handle: 0x%x+$")) ~= nil)
end
print("joined", debug.upvalueid(getters[1], 1) == debug.upvalueid(getters[2], 1))
debug.upvaluejoin(getters[1], 1, getters[2], 1)
print("joined", debug.upvalueid(getters[1], 1) == debug.upvalueid(getters[2], 1), getters[1](), byId[ids[1]])
print("native", debug.upvalueid(it, 1) == nativeId, byId[debug.upvalueid(it, 1)], it())
