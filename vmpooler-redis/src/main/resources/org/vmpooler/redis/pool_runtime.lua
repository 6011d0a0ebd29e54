-- What the API may have changed about one pool, in one round trip (read only).
-- KEYS = hashes keyed by pool (the overrides, the prepared templates), then the flag sets;
-- ARGV = the pool, how many of KEYS are hashes.
-- Returns, in KEYS order, each hash's value for the pool (false when absent), then 1/0 per flag set.
local pool, hashes = ARGV[1], tonumber(ARGV[2])
local result = {}
for n, key in ipairs(KEYS) do
  if n <= hashes then
    result[n] = redis.call('HGET', key, pool)
  else
    result[n] = redis.call('SISMEMBER', key, pool)
  end
end
return result
