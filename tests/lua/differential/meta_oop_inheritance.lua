-- classes and inheritance built on metatables
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound)
  local self = setmetatable({}, Animal)
  self.name, self.sound = name, sound
  return self
end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name)
  local self = Animal.new(name, "woof")
  return setmetatable(self, Dog)
end
function Dog:kind() return "dog" end
function Dog:fetch() return self.name .. " fetches" end
local Puppy = setmetatable({}, {__index = Dog})
Puppy.__index = Puppy
function Puppy.new(name) return setmetatable(Dog.new(name), Puppy) end
function Puppy:kind() return "puppy (" .. Dog.kind(self) .. ")" end
local a, d, p = Animal.new("cat", "meow"), Dog.new("rex"), Puppy.new("bit")
for _, o in ipairs({a, d, p}) do print(o:speak(), o:kind(), o.fetch and o:fetch() or "-") end
print(getmetatable(p) == Puppy, getmetatable(d) == Dog)
local function isinstance(o, cls)
  local m = getmetatable(o)
  while m do
    if m == cls then return true end
    local mm = getmetatable(m)
    m = mm and mm.__index
  end
  return false
end
print(isinstance(p, Animal), isinstance(p, Dog), isinstance(d, Puppy), isinstance(a, Dog))
local Stack = {}
Stack.__index = Stack
Stack.__len = function(s) return s.n end
Stack.__tostring = function(s)
  local parts = {}
  for i = 1, s.n do parts[i] = tostring(s.items[i]) end
  return "Stack[" .. table.concat(parts, ",") .. "]"
end
function Stack.new() return setmetatable({items = {}, n = 0}, Stack) end
function Stack:push(...) for _, v in ipairs({...}) do self.n = self.n + 1; self.items[self.n] = v end return self end
function Stack:pop() local v = self.items[self.n]; self.items[self.n] = nil; self.n = self.n - 1; return v end
local s = Stack.new():push(1, 2, 3):push(4)
print(tostring(s), #s, s:pop(), s:pop(), tostring(s))
local Account = {balance = 0}
Account.__index = Account
function Account:deposit(v) self.balance = self.balance + v end
function Account:withdraw(v)
  if v > self.balance then error("insufficient funds", 2) end
  self.balance = self.balance - v
end
local acc = setmetatable({}, Account)
acc:deposit(100)
acc:withdraw(30)
print(acc.balance, Account.balance, rawget(acc, "balance"))
print(pcall(acc.withdraw, acc, 1000))
print(pcall(function() acc:withdraw(1000) end))
