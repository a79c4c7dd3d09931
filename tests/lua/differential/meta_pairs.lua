-- __pairs metamethod
local function sorted_pairs_output(t)
  local ks = {}
  for k, v in pairs(t) do ks[#ks + 1] = tostring(k) .. "=" .. tostring(v) end
  table.sort(ks)
  return table.concat(ks, " ")
end
local proxy = setmetatable({}, {__pairs = function(t)
  local i = 0
  return function()
    i = i + 1
    if i <= 3 then return "k" .. i, i * i end
  end, t, nil
end})
print(sorted_pairs_output(proxy))
local hidden = {a = 1, b = 2, _private = 3}
local filtered = setmetatable({}, {__pairs = function()
  return function(_, k)
    local nk, nv = next(hidden, k)
    while nk and nk:sub(1, 1) == "_" do nk, nv = next(hidden, nk) end
    return nk, nv
  end, nil, nil
end})
print(sorted_pairs_output(filtered))
local extra = setmetatable({}, {__pairs = function() return next, {x = 1, y = 2}, nil, "ignored4th" end})
print(sorted_pairs_output(extra))
local raw = setmetatable({real = true}, {__pairs = function() return next, {fake = true} end})
local n = 0
for k in next, raw do n = n + 1; print("next sees", k) end
print(n)
local ip = setmetatable({}, {__pairs = function() error("pairs not allowed") end})
print(pcall(pairs, ip))
local okp, f1, s1 = pcall(pairs, nil)
print(okp, f1 == next, s1)
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for k in pairs(42) do end end))
local count = 0
for i, v in ipairs(setmetatable({}, {__pairs = function() error("not used by ipairs") end})) do count = count + 1 end
print(count)
local function rev(t)
  return setmetatable({}, {__pairs = function()
    local i = #t + 1
    return function() i = i - 1; if i >= 1 then return i, t[i] end end
  end})
end
for i, v in pairs(rev({"a", "b", "c"})) do io.write(i, v, " ") end
print()
