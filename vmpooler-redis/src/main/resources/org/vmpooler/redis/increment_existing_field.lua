-- Increments a counter field of a hash only if the hash exists. KEYS[1] = hash; ARGV[1] = field.
-- Returns the new value, or 0 when there is no such hash.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
