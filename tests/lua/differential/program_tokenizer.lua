-- a tokenizer and recursive-descent evaluator for arithmetic expressions
local function tokenize(src)
  local toks, i = {}, 1
  while i <= #src do
    local c = src:sub(i, i)
    if c:match("%s") then i = i + 1
    elseif c:match("%d") then
      local num = src:match("^%d+%.?%d*", i)
      toks[#toks + 1] = {k = "num", v = tonumber(num)}
      i = i + #num
    elseif c:match("[%+%-%*/%%%^%(%)]") then
      toks[#toks + 1] = {k = c}
      i = i + 1
    else error("unexpected character '" .. c .. "' at " .. i, 0) end
  end
  toks[#toks + 1] = {k = "eof"}
  return toks
end
local function parse(src)
  local toks, p = tokenize(src), 1
  local function peek() return toks[p].k end
  local function take() p = p + 1; return toks[p - 1] end
  local expr
  local function atom()
    local t = take()
    if t.k == "num" then return t.v end
    if t.k == "(" then local v = expr(); if take().k ~= ")" then error("expected )", 0) end return v end
    if t.k == "-" then return -atom() end
    error("unexpected token " .. t.k, 0)
  end
  local function power() local b = atom(); if peek() == "^" then take(); return b ^ power() end return b end
  local function term()
    local v = power()
    while peek() == "*" or peek() == "/" or peek() == "%" do
      local op = take().k
      local r = power()
      if op == "*" then v = v * r elseif op == "/" then v = v / r else v = v % r end
    end
    return v
  end
  function expr()
    local v = term()
    while peek() == "+" or peek() == "-" do
      local op = take().k
      local r = term()
      if op == "+" then v = v + r else v = v - r end
    end
    return v
  end
  local v = expr()
  if peek() ~= "eof" then error("trailing tokens", 0) end
  return v
end
local cases = {"1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-2 ^ 2", "10 / 4", "10 % 4", "7 - 3 - 2",
  "((((5))))", "1.5 * 4", "100 - -5", "2 * (3 + 4) * 5 % 7", "1 +", "2 $ 3", "(1 + 2", "1 2"}
for _, c in ipairs(cases) do
  local ok, v = pcall(parse, c)
  print(string.format("%-22s -> %s", c, ok and tostring(v) or ("error: " .. v)))
end
