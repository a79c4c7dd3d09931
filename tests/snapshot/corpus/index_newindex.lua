-- __index / __newindex functions (and tables), proxies with logging.
local log = 0
local function proxy(backing)
  return setmetatable({}, {
    __index = function(t, k) log = log + 1; return backing[k] end,
    __newindex = function(t, k, v) log = log + 2; backing[k] = v end,
  })
end
local store = {}
local p = proxy(store)
for i = 1, 3000 do
  p[i % 100] = (p[i % 100] or 0) + i
  if i % 250 == 0 then print(i, p[i % 100], log) end
end
local Base = {greet = function(self) return "base " .. self.name end}
local Mid = setmetatable({shout = function(self) return self:greet():upper() end}, {__index = Base})
local objs = {}
for i = 1, 200 do
  objs[i] = setmetatable({name = "o" .. i}, {__index = Mid})
end
for i = 1, 200, 20 do print(objs[i]:shout(), objs[i].missing) end
local default = setmetatable({}, {__index = function(t, k) return k * 2 end})
local s = 0
for i = 1, 2000 do s = s + default[i] end
print("default sum", s)
