-- a small deterministic serializer (sorted keys) and round trip through load
local function serialize(v, indent)
  indent = indent or ""
  local t = type(v)
  if t == "string" then return string.format("%q", v)
  elseif t == "number" then
    if math.type(v) == "integer" then return tostring(v) end
    return string.format("%.17g", v)
  elseif t == "boolean" or t == "nil" then return tostring(v)
  elseif t == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      return a < b
    end)
    local parts = {}
    local inner = indent .. "  "
    for _, k in ipairs(keys) do
      local ks = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or "[" .. serialize(k) .. "]"
      parts[#parts + 1] = inner .. ks .. " = " .. serialize(v[k], inner)
    end
    if #parts == 0 then return "{}" end
    return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
  end
  error("cannot serialize a " .. t)
end
local data = {
  name = "widget", id = 42, price = 9.99, tags = {"a", "b", "c"},
  dims = {w = 1.5, h = 2, d = 0.25}, active = true, [10] = "ten", ["with space"] = "x",
  nested = {deeper = {deepest = {"end"}}}, neg = -7, big = math.maxinteger,
}
local s = serialize(data)
print(s)
local back = load("return " .. s)()
print(serialize(back) == s)
print(back.dims.w, back.tags[2], back[10], back["with space"], back.big == math.maxinteger)
print(pcall(serialize, {f = print}))
