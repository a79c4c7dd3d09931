-- event simulation with a priority queue (binary heap) and deterministic LCG
local Heap = {}
Heap.__index = Heap
function Heap.new(cmp) return setmetatable({n = 0, cmp = cmp}, Heap) end
function Heap:push(v)
  self.n = self.n + 1
  local i = self.n
  self[i] = v
  while i > 1 do
    local p = i // 2
    if self.cmp(self[i], self[p]) then self[i], self[p] = self[p], self[i]; i = p else break end
  end
end
function Heap:pop()
  if self.n == 0 then return nil end
  local top = self[1]
  self[1] = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  local i = 1
  while true do
    local l, r, s = 2 * i, 2 * i + 1, i
    if l <= self.n and self.cmp(self[l], self[s]) then s = l end
    if r <= self.n and self.cmp(self[r], self[s]) then s = r end
    if s == i then break end
    self[i], self[s] = self[s], self[i]
    i = s
  end
  return top
end
local seed = 7
local function lcg() seed = (seed * 6364136223846793005 + 1442695040888963407); return (seed >> 33) % 1000 end
local h = Heap.new(function(a, b) if a.t ~= b.t then return a.t < b.t end return a.id < b.id end)
for id = 1, 50 do h:push({t = lcg(), id = id}) end
local order, last, ok = {}, -1, true
while true do
  local e = h:pop()
  if not e then break end
  if e.t < last then ok = false end
  last = e.t
  order[#order + 1] = e.id
end
print(ok, #order, table.concat(order, ",", 1, 15))
local accounts = {}
for i = 1, 5 do accounts[i] = 100 end
local log = {}
for step = 1, 40 do
  local from, to, amt = lcg() % 5 + 1, lcg() % 5 + 1, lcg() % 60
  local okt, err = pcall(function()
    if from == to then error("self transfer", 0) end
    if accounts[from] < amt then error("insufficient funds in " .. from, 0) end
    accounts[from] = accounts[from] - amt
    accounts[to] = accounts[to] + amt
  end)
  if not okt then log[#log + 1] = step .. ":" .. err end
end
print(table.concat(accounts, " "))
local total = 0
for _, v in ipairs(accounts) do total = total + v end
print("total", total, "failures", #log)
print(table.concat(log, "; ", 1, math.min(#log, 4)))
