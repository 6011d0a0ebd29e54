-- Several whole hashes in one round trip. KEYS = the hashes; returns one field/value list per key.
local result = {}
for n, key in ipairs(KEYS) do
  result[n] = redis.call('HGETALL', key)
end
return result
