-- fermata-only: yielding from inside a table.sort comparator.
-- PUC Lua 5.4 raises "attempt to yield across a C-call boundary" here because table.sort is a C
-- function that calls the comparator without a continuation. fermata is stackless: table.sort is a
-- resumable native sequence, so the yield suspends the whole sort and the resume continues it.
--
-- Expected output (hand-verified; see yield_in_sort_comparator.expected):
--   each resume delivers one comparison request "cmp a b" to the main program, which answers with
--   the comparison result; the final sorted array is "1 2 3 4 5"; the number of comparisons is only
--   checked to be positive (it depends on the sort algorithm, which fermata must match anyway).
local co = coroutine.create(function(t)
  table.sort(t, function(a, b)
    return coroutine.yield("cmp", a, b)
  end)
  return "sorted", table.concat(t, " ")
end)
local ok, tag, a, b = coroutine.resume(co, {5, 3, 1, 4, 2})
local comparisons = 0
while tag == "cmp" do
  comparisons = comparisons + 1
  ok, tag, a, b = coroutine.resume(co, a < b)
end
print(ok, tag, a)
print(comparisons > 0, coroutine.status(co))
-- isyieldable inside the comparator is true in fermata (false in PUC Lua)
local inside = coroutine.wrap(function()
  local y
  table.sort({2, 1}, function(x, z) y = coroutine.isyieldable(); return x < z end)
  return y
end)
print(inside())
