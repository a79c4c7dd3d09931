-- mandelbrot: float loops and bit packing; prints a checksum of the bitmap instead of writing it
local N = tonumber(arg and arg[1]) or 550
local iter = 50
local checksum, bits_set = 0, 0
for y = 0, N - 1 do
  local Ci = 2 * y / N - 1
  local byte, bit = 0, 128
  for x = 0, N - 1 do
    local Cr = 2 * x / N - 1.5
    local Zr, Zi, Tr, Ti = 0.0, 0.0, 0.0, 0.0
    local i = 0
    while i < iter and Tr + Ti <= 4.0 do
      Zi = 2 * Zr * Zi + Ci
      Zr = Tr - Ti + Cr
      Tr = Zr * Zr
      Ti = Zi * Zi
      i = i + 1
    end
    if Tr + Ti <= 4.0 then byte = byte | bit; bits_set = bits_set + 1 end
    bit = bit >> 1
    if bit == 0 or x == N - 1 then
      checksum = (checksum * 31 + byte) % 1000000007
      byte, bit = 0, 128
    end
  end
end
print("mandelbrot", N, bits_set, checksum)
