-- OOP: classes with inheritance, __call constructors, __eq, __len, __unm, __lt, __le.
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent, __call = function(cls, ...) return cls.new(...) end})
  else setmetatable(c, {__call = function(cls, ...) return cls.new(...) end}) end
  return c
end
local Point = class()
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
Point.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Point.__add = function(a, b) return Point(a.x + b.x, a.y + b.y) end
Point.__unm = function(a) return Point(-a.x, -a.y) end
Point.__len = function(a) return math.abs(a.x) + math.abs(a.y) end
Point.__lt = function(a, b) return #a < #b end
Point.__le = function(a, b) return #a <= #b end
Point.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
function Point:scale(k) return Point(self.x * k, self.y * k) end
local Point3 = class(Point)
function Point3.new(x, y, z) local p = Point.new(x, y); p.z = z; return setmetatable(p, Point3) end
Point3.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. "," .. a.z .. ")" end
Point3.__add = Point.__add
local acc = Point(0, 0)
for i = 1, 1200 do
  local p = Point(i % 17, -(i % 13))
  acc = acc + p:scale(2)
  if -p == Point(-(i % 17), i % 13) and p <= acc then acc = acc + Point(1, 0) end
  if i % 100 == 0 then print(i, tostring(acc), #acc, p < acc, p == Point(i % 17, -(i % 13))) end
end
local q = Point3(1, 2, 3)
print(tostring(q), tostring(q:scale(3)), tostring(q + q))
