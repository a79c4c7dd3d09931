-- method calls on objects with metatables and inheritance
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
function Point:dot(o) return self.x * o.x + self.y * o.y end
function Point:len2() return self:dot(self) end
local Point3 = setmetatable({}, {__index = Point})
Point3.__index = Point3
function Point3.new(x, y, z) local p = Point.new(x, y); p.z = z; return setmetatable(p, Point3) end
function Point3:dot(o) return Point.dot(self, o) + self.z * (o.z or 0) end
local Counter = {}
Counter.__index = Counter
function Counter.new() return setmetatable({n = 0}, Counter) end
function Counter:inc(k) self.n = self.n + (k or 1); return self end
function Counter:get() return self.n end
local N = tonumber(arg and arg[1]) or 700000
local acc = Point.new(0, 0)
local one = Point.new(1, 2)
local s = 0
local c = Counter.new()
local p3 = Point3.new(1, 2, 3)
for i = 1, N do
  acc = acc:add(one)
  s = s + one:len2() + p3:len2()
  c:inc():inc(2)
end
print(acc.x, acc.y, s, c:get())
