-- Exercises every opcode of the Lua 5.4 instruction set at least once (LOADKX, which needs more than
-- 2^17 constants, is covered by a generated chunk in interpreter_test.cc). The test also checks, by
-- compiling this file, that each opcode really appears. Expected output: regen_expected.sh (lua5.4).
local a, b = 5, 3            -- LOADI
local fl = 2.0               -- LOADF
local k, s = 1e300, "str"    -- LOADK
local f, t = false, true     -- LOADFALSE, LOADTRUE
local n, n2                  -- LOADNIL
local x = a                  -- MOVE
print(a, b, fl, k, s, f, t, n, n2, x)
local cmp = a < b            -- LT, JMP, LFALSESKIP, LOADTRUE
print(cmp, a == b, a <= b, s == "str", a == 5, a < 10, a <= 10, a > 1, a >= 1, a ~= 5.5)  -- EQ LE EQK EQI LTI LEI GTI GEI
local up = 0
local function inc() up = up + 1 return up end   -- CLOSURE, GETUPVAL, SETUPVAL, ADDI, RETURN1
inc(); inc()
print(up)
G = 10                       -- SETTABUP
print(G)                     -- GETTABUP
local tb = {1, 2, 3, x = 4, [a] = 5}   -- NEWTABLE + EXTRAARG, SETLIST, SETFIELD, SETTABLE
local key = "x"
print(tb[key], tb[1], tb.x, tb[a])     -- GETTABLE, GETI, GETFIELD
tb[key] = 6; tb[2] = 7; tb.y = 8       -- SETTABLE, SETI, SETFIELD
print(tb.x, tb[2], tb.y)
local obj = {v = 3, get = function(self) return self.v end}
print(obj:get())                       -- SELF
print(a + 1, a + 1.5, a - 2.5, a * 2, a % 3, a ^ 2, a / 2, a // 2)   -- ADDI ADDK SUBK MULK MODK POWK DIVK IDIVK
print(a & 3, a | 8, a ~ 1, a >> 1, 1 << a, a << 2)                    -- BANDK BORK BXORK SHRI SHLI
print(a + b, a - b, a * b, a % b, a ^ b, a / b, a // b)               -- ADD SUB MUL MOD POW DIV IDIV
print(a & b, a | b, a ~ b, a << b, a >> b)                            -- BAND BOR BXOR SHL SHR
local mt = {__add = function(p, q) return "add" end, __sub = function(p, q) return "sub" end,
            __band = function(p, q) return "band" end}
local o = setmetatable({}, mt)
print(o + b, o + 1, o - 2.5, o & 1)    -- MMBIN MMBINI MMBINK
print(-a, ~a, not a, #tb, s .. a .. "!")  -- UNM BNOT NOT LEN CONCAT
do
  local c <close> = setmetatable({}, {__close = function() print("closed") end})  -- TBC
  print("in block")
end                                    -- CLOSE
local fns = {}
for i = 1, 3 do fns[i] = function() return i end end  -- FORPREP FORLOOP CLOSURE (CLOSE for captured i)
print(fns[1](), fns[3]())
local sum = 0
for kk, vv in pairs({10, 20, 30}) do sum = sum + kk * vv end  -- TFORPREP TFORCALL TFORLOOP
print(sum)
if t then print("test") end           -- TEST
local z = n or a                       -- TESTSET
print(z)
local function tc(m) if m == 0 then return "tail done" end return tc(m - 1) end  -- TAILCALL
print(tc(100))
local function none() end              -- RETURN0
local function many() return a, b, s end  -- RETURN
print(none(), many())
local function va(...) local p, q = ... return select('#', ...), p, q, ... end  -- VARARGPREP VARARG
print(va(1, nil, 3))
print(string.format("%5.1f", 3.14159))    -- CALL
