-- Sizes of many sets in one round trip. KEYS = the sets.
local sizes = {}
for n, key in ipairs(KEYS) do
  sizes[n] = redis.call('SCARD', key)
end
return sizes
